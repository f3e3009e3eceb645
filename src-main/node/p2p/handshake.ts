import { bytesToHex } from '../encoding/hex.ts';
import { P2PError } from './p2p-error.ts';
import type { Peer } from './peer.ts';
import type { Route } from './route.ts';
import type { VersionMessage } from './wire/messages.ts';
import { PROTOCOL_VERSION } from './wire/protocol.ts';

/** kaspad handshakeTimeout. */
export const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * kaspad's handshake (flows/handshake): both sides send Version at once, check the other's, then
 * VerAck. A peer of another network or protocol version, or ourselves, is refused with
 * P2PError('INCOMPATIBLE') saying which, which the caller sends as a Reject. Whether we already
 * talk to that node is the caller's check, made when it registers the peer (no await between).
 */
export async function performHandshake(
  peer: Peer,
  route: Route,
  local: VersionMessage,
  timeoutMs = HANDSHAKE_TIMEOUT_MS,
): Promise<VersionMessage> {
  peer.send(local);
  const version = await route.expect(['version'], timeoutMs);
  if (version.network !== local.network) {
    throw new P2PError('INCOMPATIBLE', `peer is on network ${version.network}, we are on ${local.network}`);
  }
  if (version.protocolVersion !== PROTOCOL_VERSION) {
    throw new P2PError(
      'INCOMPATIBLE',
      `peer speaks protocol version ${version.protocolVersion}, we speak ${PROTOCOL_VERSION}`,
    );
  }
  const nodeId = bytesToHex(version.id);
  if (nodeId === bytesToHex(local.id)) throw new P2PError('INCOMPATIBLE', 'connected to ourselves');
  peer.send({ type: 'verack' });
  await route.expect(['verack'], timeoutMs);
  peer.version = version;
  return version;
}
