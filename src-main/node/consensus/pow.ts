import { leBytesToBigInt, PowState } from '../crypto/pow/kheavyhash.ts';
import { bitLength, compactToTarget } from './difficulty/compact.ts';
import { prePowHash } from './hashing/header-hash.ts';
import { type BlockHeader, directParents } from './model/header.ts';

/**
 * The header proof-of-work rule (rusty-kaspa consensus/pow/src/lib.rs State::check_pow; kaspad
 * domain/consensus/utils/pow/pow.go CheckProofOfWork): the kHeavyHash of the header, read as a
 * little-endian u256, must be at most the target its compact `bits` encode.
 */
export function checkProofOfWork(header: BlockHeader): {
  valid: boolean;
  powValue: bigint;
} {
  const powValue = calcPowValue(header);
  return { valid: powValue <= compactToTarget(header.bits), powValue };
}

/** The header's kHeavyHash as a u256: seeded by the pre-PoW hash, over its timestamp and nonce. */
export function calcPowValue(header: BlockHeader): bigint {
  const state = new PowState(prePowHash(header), header.timestamp);
  return leBytesToBigInt(state.hashNonce(header.nonce));
}

/**
 * A block's level for the parents-by-level structure: max(0, maxBlockLevel − bitlen(pow value)),
 * so each extra leading zero bit of the PoW value lifts the block one level (rusty-kaspa
 * calc_block_level_check_pow, kaspad pow.BlockLevel).
 */
export function blockLevel(powValue: bigint, maxBlockLevel: number): number {
  return Math.max(0, maxBlockLevel - bitLength(powValue));
}

/** A header's level; genesis (no parents) sits at every level, so it gets maxBlockLevel. */
export function headerBlockLevel(header: BlockHeader, maxBlockLevel: number): number {
  if (directParents(header).length === 0) return maxBlockLevel;
  return blockLevel(calcPowValue(header), maxBlockLevel);
}
