import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../model/block-key.ts';

/**
 * The mergeset blocks that entered the block's DAA window (kaspad difficultymanager
 * calculateDaaScoreAndAddedBlocks, with the window of difficultyAdjustmentWindowSize blocks).
 * They are what the DAA score counts, and the only merged blocks whose miners the coinbase pays:
 * a block merged too late to be in the window earns nothing (coinbasemanager calcMergedBlockReward).
 * Genesis is never in a window, so it is never added.
 */
export function daaAddedBlocks(
  ghostdag: Pick<GhostdagData, 'mergesetBlues' | 'mergesetReds'>,
  daaWindow: Iterable<{ readonly key: BlockKey }>,
): Set<BlockKey> {
  const mergeset = new Set([...ghostdag.mergesetBlues, ...ghostdag.mergesetReds]);
  const added = new Set<BlockKey>();
  for (const { key } of daaWindow) if (mergeset.has(key)) added.add(key);
  return added;
}
