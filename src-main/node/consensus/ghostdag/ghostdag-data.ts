import type { BlockKey } from '../model/block-key.ts';

/** What GHOSTDAG computes for one block (rusty-kaspa GhostdagData). */
export interface GhostdagData {
  blueScore: number;
  blueWork: bigint;
  selectedParent: BlockKey;
  /** The selected parent first, then the other blues in the order they were colored. */
  mergesetBlues: BlockKey[];
  /** Ascending by (blue work, hash). */
  mergesetReds: BlockKey[];
  /** For each blue of the mergeset, the size of its blue anticone as seen from this block. */
  bluesAnticoneSizes: Map<BlockKey, number>;
}

export interface GhostdagStoreReader {
  getGhostdag(block: BlockKey): GhostdagData;
}

/** A block's place in Kaspa's total order: by blue work, then by hash. */
export interface SortableBlock {
  key: BlockKey;
  blueWork: bigint;
}

export function compareSortable(a: SortableBlock, b: SortableBlock): number {
  if (a.blueWork !== b.blueWork) return a.blueWork < b.blueWork ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
