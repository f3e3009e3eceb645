import { bytesToHex } from '../../encoding/hex.ts';
import type { Hash } from './hash.ts';

/**
 * Consensus indexes blocks by the lowercase hex of their hash. Comparing two keys as strings
 * orders them exactly as comparing the hashes byte by byte, which is Kaspa's tie-break order.
 */
export type BlockKey = string;

export function keyOf(hash: Hash): BlockKey {
  return bytesToHex(hash);
}

/** The virtual parent of genesis in the selected-parent tree (rusty-kaspa blockhash::ORIGIN). */
export const ORIGIN: BlockKey = 'fe'.repeat(32);
