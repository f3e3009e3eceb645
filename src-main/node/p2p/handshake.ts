import { bytesToHex } from '../encoding/hex.ts';
import { P2PError } from './p2p-error.ts';
import type { Peer } from './peer.ts';
import type { Route } from './route.ts';
import type { VersionMessage } from './wire/messages.ts';
import { PROTOCOL_VERSION } from './wire/protocol.ts';

/** kaspad handshakeTimeout. */
export const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface HandshakeChecks {
  /** Our Version, sent first. */
  local: VersionMessage;
  /** Whether a peer with this node id (hex) is already connected. */
  isConnected(nodeId: string): boolean;
}

/**
 * kaspad's handshake (flows/handshake): both sides send Version at once, check the other's, then
 * VerAck. A peer of another network or protocol version, ourselves, or a node we already talk to
 * is refused with P2PError('INCOMPATIBLE') saying which, which the caller sends as a Reject.
 */
export async function performHandshake(
  peer: Peer,
  route: Route,
  checks: HandshakeChecks,
  timeoutMs = HANDSHAKE_TIMEOUT_MS,
): Promise<VersionMessage> {
  peer.send(checks.local);
  const version = await route.expect(['version'], timeoutMs);
  if (version.network !== checks.local.network) {
    throw new P2PError('INCOMPATIBLE', `peer is on network ${version.network}, we are on ${checks.local.network}`);
  }
  if (version.protocolVersion !== PROTOCOL_VERSION) {
    throw new P2PError(
      'INCOMPATIBLE',
      `peer speaks protocol version ${version.protocolVersion}, we speak ${PROTOCOL_VERSION}`,
    );
  }
  const nodeId = bytesToHex(version.id);
  if (nodeId === bytesToHex(checks.local.id)) throw new P2PError('INCOMPATIBLE', 'connected to ourselves');
  if (checks.isConnected(nodeId)) throw new P2PError('INCOMPATIBLE', `already connected to node ${nodeId}`);
  peer.send({ type: 'verack' });
  await route.expect(['verack'], timeoutMs);
  peer.version = version;
  return version;
}
