import { ByteReader } from '../../encoding/byte-reader.ts';
import { DecodeError } from '../../errors.ts';
import { serializeHeader } from '../hashing/header-hash.ts';
import { HASH_SIZE } from '../model/hash.ts';
import type { BlockHeader } from '../model/header.ts';

/**
 * Headers travel in the layout they are hashed in (see `serializeHeader`), so a decoded header
 * re-encodes to the same bytes and the same hash. Limits are generous bounds on what any valid
 * header can hold; consensus checks the tighter network rules later.
 */
export const HEADER_LIMITS = {
  /** Kaspa's max block level is 255; a level per possible value. */
  maxParentLevels: 256,
  maxParentsPerLevel: 255,
  /** Blue work is a 192-bit quantity in practice; 32 bytes bounds any u256. */
  maxBlueWorkBytes: 32,
} as const;

const MIN_HEADER_SIZE = 2 + 8 + 3 * HASH_SIZE + 8 + 4 + 8 + 8 + 8 + 8 + HASH_SIZE;

export function encodeHeader(header: BlockHeader): Uint8Array {
  return serializeHeader(header);
}

function safeU64(r: ByteReader, what: string): number {
  return r.u64AtMost(Number.MAX_SAFE_INTEGER, what);
}

/** Reads one header from `r`; used alone or inside a block. */
export function readHeader(r: ByteReader): BlockHeader {
  const version = r.u16('header version');
  const levelCount = r.count(HEADER_LIMITS.maxParentLevels, 8, 'parent level');
  const parents: Uint8Array[][] = [];
  for (let level = 0; level < levelCount; level++) {
    const n = r.count(HEADER_LIMITS.maxParentsPerLevel, HASH_SIZE, `level ${level} parent`);
    const hashes: Uint8Array[] = [];
    for (let i = 0; i < n; i++) hashes.push(r.bytes(HASH_SIZE, 'parent hash'));
    parents.push(hashes);
  }
  const hashMerkleRoot = r.bytes(HASH_SIZE, 'hash merkle root');
  const acceptedIdMerkleRoot = r.bytes(HASH_SIZE, 'accepted ID merkle root');
  const utxoCommitment = r.bytes(HASH_SIZE, 'UTXO commitment');
  const timestamp = safeU64(r, 'timestamp');
  const bits = r.u32('bits');
  const nonce = r.u64('nonce');
  const daaScore = safeU64(r, 'DAA score');
  const blueScore = safeU64(r, 'blue score');
  const workBytes = r.varBytes(HEADER_LIMITS.maxBlueWorkBytes, 'blue work');
  // Only the minimal form re-encodes to the same bytes, and so to the same hash.
  if (workBytes[0] === 0) throw new DecodeError('BAD_VALUE', 'blue work has a leading zero byte');
  const blueWork = workBytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(workBytes).toString('hex')}`);
  const pruningPoint = r.bytes(HASH_SIZE, 'pruning point');
  return {
    version,
    parents,
    hashMerkleRoot,
    acceptedIdMerkleRoot,
    utxoCommitment,
    timestamp,
    bits,
    nonce,
    daaScore,
    blueScore,
    blueWork,
    pruningPoint,
  };
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  if (bytes.length < MIN_HEADER_SIZE) {
    throw new DecodeError('TRUNCATED', `a header needs at least ${MIN_HEADER_SIZE} bytes, got ${bytes.length}`);
  }
  const r = new ByteReader(bytes);
  const header = readHeader(r);
  r.expectEnd('header');
  return header;
}
