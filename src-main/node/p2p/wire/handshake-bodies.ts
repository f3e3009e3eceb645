import type { BodyCodecs } from './body-codec.ts';
import { emptyBody } from './body-codec.ts';
import {
  readBool,
  readHash,
  readSafeU64,
  readText,
  writeBigU64,
  writeCount,
  writeHash,
  writeSafeU64,
  writeText,
  writeU32,
} from './fields.ts';
import {
  MAX_ADDRESSES_PER_MESSAGE,
  MAX_MULTIADDR_BYTES,
  MAX_NETWORK_NAME_BYTES,
  MAX_REJECT_REASON_BYTES,
  MAX_USER_AGENT_BYTES,
  NODE_ID_BYTES,
} from './limits.ts';
import type { PeerAddress } from './messages.ts';
import { WireError } from './wire-error.ts';

/** The smallest address entry: an empty multiaddr text (u64 length) and its last-seen u64. */
const MIN_ADDRESS_BYTES = 8 + 8;

/** Handshake, address exchange, liveness and rejection: the messages that are not about blocks. */
export const HANDSHAKE_BODIES: BodyCodecs<
  'version' | 'verack' | 'requestAddresses' | 'addresses' | 'ping' | 'pong' | 'reject'
> = {
  version: {
    write(w, m) {
      writeU32(w, m.protocolVersion, 'protocol version');
      writeText(w, m.network, MAX_NETWORK_NAME_BYTES, 'network');
      writeText(w, m.userAgent, MAX_USER_AGENT_BYTES, 'user agent');
      writeBigU64(w, m.services, 'services');
      writeHash(w, m.selectedTipHash, 'selected tip hash');
      writeSafeU64(w, m.timestamp, 'timestamp');
      if (m.id.length !== NODE_ID_BYTES) {
        throw new WireError('INVALID_MESSAGE', `node id is ${m.id.length} bytes, not ${NODE_ID_BYTES}`);
      }
      w.bytes(m.id);
      w.u8(m.disableRelayTx ? 1 : 0);
    },
    read: (r) => ({
      type: 'version',
      protocolVersion: r.u32('protocol version'),
      network: readText(r, MAX_NETWORK_NAME_BYTES, 'network'),
      userAgent: readText(r, MAX_USER_AGENT_BYTES, 'user agent'),
      services: r.u64('services'),
      selectedTipHash: readHash(r, 'selected tip hash'),
      timestamp: readSafeU64(r, 'timestamp'),
      id: r.bytes(NODE_ID_BYTES, 'node id'),
      disableRelayTx: readBool(r, 'disable relay tx'),
    }),
  },
  verack: emptyBody('verack'),
  requestAddresses: emptyBody('requestAddresses'),
  addresses: {
    write(w, m) {
      writeCount(w, m.addresses.length, MAX_ADDRESSES_PER_MESSAGE, 'address');
      for (const address of m.addresses) {
        writeText(w, address.multiaddr, MAX_MULTIADDR_BYTES, 'multiaddr');
        writeSafeU64(w, address.lastSeen, 'last seen');
      }
    },
    read(r) {
      const count = r.count(MAX_ADDRESSES_PER_MESSAGE, MIN_ADDRESS_BYTES, 'address');
      const addresses: PeerAddress[] = [];
      for (let i = 0; i < count; i++) {
        const multiaddr = readText(r, MAX_MULTIADDR_BYTES, 'multiaddr');
        addresses.push({ multiaddr, lastSeen: readSafeU64(r, 'last seen') });
      }
      return { type: 'addresses', addresses };
    },
  },
  ping: {
    write: (w, m) => writeBigU64(w, m.nonce, 'ping nonce'),
    read: (r) => ({ type: 'ping', nonce: r.u64('ping nonce') }),
  },
  pong: {
    write: (w, m) => writeBigU64(w, m.nonce, 'pong nonce'),
    read: (r) => ({ type: 'pong', nonce: r.u64('pong nonce') }),
  },
  reject: {
    write: (w, m) => writeText(w, m.reason, MAX_REJECT_REASON_BYTES, 'reject reason'),
    read: (r) => ({ type: 'reject', reason: readText(r, MAX_REJECT_REASON_BYTES, 'reject reason') }),
  },
};
