import type { Hash } from './hash.ts';

/**
 * A block header, field for field as Kaspa hashes it. Scores and timestamps are JS numbers:
 * decoders refuse values above 2^53, which no valid block can reach.
 */
export interface BlockHeader {
  version: number;
  /** Parents by block level: level 0 holds the direct parents. */
  parents: Hash[][];
  hashMerkleRoot: Hash;
  acceptedIdMerkleRoot: Hash;
  utxoCommitment: Hash;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  bits: number;
  nonce: bigint;
  daaScore: number;
  blueScore: number;
  blueWork: bigint;
  pruningPoint: Hash;
}

/** The direct parents of a block (level 0). */
export function directParents(header: BlockHeader): Hash[] {
  return header.parents[0] ?? [];
}
