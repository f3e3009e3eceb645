import { domainHash, HashDomain } from '../../crypto/domain-hash.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import type { Hash } from '../model/hash.ts';
import type { BlockHeader } from '../model/header.ts';

/** Minimal big-endian bytes of a non-negative integer (zero is empty). */
export function blueWorkBytes(work: bigint): Uint8Array {
  if (work === 0n) return new Uint8Array(0);
  let hex = work.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * The header preimage (rusty-kaspa hashing/header.rs): version u16, u64 level count, per level
 * u64 count + hashes, the three roots, timestamp u64, bits u32, nonce u64, DAA score u64,
 * blue score u64, blue work as u64 length + minimal big-endian bytes, pruning point.
 * With `forPrePow`, timestamp and nonce are written as zero, giving kHeavyHash's seed.
 */
export function serializeHeader(header: BlockHeader, forPrePow = false): Uint8Array {
  const w = new ByteWriter(320);
  w.u16(header.version).u64(header.parents.length);
  for (const level of header.parents) {
    w.u64(level.length);
    for (const parent of level) w.bytes(parent);
  }
  w.bytes(header.hashMerkleRoot)
    .bytes(header.acceptedIdMerkleRoot)
    .bytes(header.utxoCommitment)
    .u64(forPrePow ? 0 : header.timestamp)
    .u32(header.bits)
    .u64(forPrePow ? 0n : header.nonce)
    .u64(header.daaScore)
    .u64(header.blueScore)
    .varBytes(blueWorkBytes(header.blueWork))
    .bytes(header.pruningPoint);
  return w.finish();
}

export function headerHash(header: BlockHeader): Hash {
  return domainHash(HashDomain.BlockHash, serializeHeader(header));
}

/** The hash kHeavyHash is seeded with: the header hash with timestamp and nonce zeroed. */
export function prePowHash(header: BlockHeader): Hash {
  return domainHash(HashDomain.BlockHash, serializeHeader(header, true));
}
