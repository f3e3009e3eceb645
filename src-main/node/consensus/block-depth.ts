import type { GhostdagData } from './ghostdag/ghostdag-data.ts';
import { type BlockKey, ORIGIN } from './model/block-key.ts';

export interface BlockDepthContext {
  genesis: BlockKey;
  /** The pruning point every block's chain must pass through (genesis until we prune). */
  pruningPoint: BlockKey;
  blueScore(block: BlockKey): number;
  isChainAncestorOf(ancestor: BlockKey, block: BlockKey): boolean;
  isDagAncestorOf(ancestor: BlockKey, block: BlockKey): boolean;
  /** The chain child of `ancestor` towards `descendant`. */
  nextChainAncestor(descendant: BlockKey, ancestor: BlockKey): BlockKey;
}

/**
 * The chain block `depth` blue blocks below a block: kaspad calculateMergeDepthRoot /
 * calculateFinalityPoint, rusty-kaspa block_depth.rs. It is the highest block of the selected
 * chain whose blue score is below `blueScore − depth`, found by walking up from the selected
 * parent's answer (each block's answer is at or above its selected parent's). Blocks too close to
 * genesis get genesis; blocks whose chain misses the pruning point get ORIGIN (kaspad's virtual
 * genesis), which is in everyone's past.
 */
export function blockAtDepth(
  ctx: BlockDepthContext,
  data: GhostdagData,
  depth: number,
  selectedParentAnswer: BlockKey,
): BlockKey {
  if (data.blueScore < depth) return ctx.genesis;
  if (data.blueScore < ctx.blueScore(ctx.pruningPoint) + depth) return ORIGIN;
  if (!ctx.isChainAncestorOf(ctx.pruningPoint, data.selectedParent)) return ORIGIN;
  if (data.selectedParent === ctx.genesis) return ctx.genesis;
  let current = selectedParentAnswer === ORIGIN ? ctx.pruningPoint : selectedParentAnswer;
  const required = data.blueScore - depth;
  while (current !== data.selectedParent) {
    const next = ctx.nextChainAncestor(data.selectedParent, current);
    if (ctx.blueScore(next) >= required) return current;
    current = next;
  }
  return current;
}

/**
 * Bounded merge depth (kaspad mergedepthmanager.CheckBoundedMergeDepth, rusty-kaspa
 * check_bounded_merge_depth): a red may sit below the merge depth root only if some "kosherizing"
 * blue (one whose chain passes through the root) has it in its past. Otherwise the block would
 * merge a side branch too deep to reorganise over. Returns the first offending red, if any.
 */
export function findMergeDepthViolation(
  ctx: BlockDepthContext,
  data: GhostdagData,
  mergeDepthRoot: BlockKey,
): BlockKey | undefined {
  let kosherizing: BlockKey[] | undefined;
  for (const red of data.mergesetReds) {
    if (ctx.isDagAncestorOf(mergeDepthRoot, red)) continue;
    kosherizing ??= data.mergesetBlues.filter((blue) => ctx.isChainAncestorOf(mergeDepthRoot, blue));
    if (!kosherizing.some((blue) => ctx.isDagAncestorOf(red, blue))) return red;
  }
  return undefined;
}
