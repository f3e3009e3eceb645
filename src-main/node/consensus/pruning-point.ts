import type { GhostdagData } from './ghostdag/ghostdag-data.ts';
import type { BlockKey } from './model/block-key.ts';

export interface PruningPointContext {
  genesis: BlockKey;
  finalityDepth: number;
  pruningDepth: number;
  blueScore(block: BlockKey): number;
  /** The pruning point a stored header carries. */
  headerPruningPoint(block: BlockKey): BlockKey;
  nextChainAncestor(descendant: BlockKey, ancestor: BlockKey): BlockKey;
}

/**
 * The pruning point a header must name (kaspad pruningmanager.ExpectedHeaderPruningPoint,
 * rusty-kaspa expected_header_pruning_point_v1), for a node that has not pruned yet, so the
 * global pruning point is genesis and so is every past one. Pruning points advance one finality
 * interval at a time: once the block is `pruningDepth` above the first chain block of a later
 * finality interval (finality score = ⌊blue score / finality depth⌋) than its selected parent's
 * pruning point, that chain block becomes the pruning point.
 */
export function expectedPruningPoint(ctx: PruningPointContext, data: GhostdagData): BlockKey {
  if (data.selectedParent === ctx.genesis) return ctx.genesis;
  const finalityScore = (blueScore: number): number => Math.floor(blueScore / ctx.finalityDepth);
  const parentPruningPoint = ctx.headerPruningPoint(data.selectedParent);
  const parentPruningPointScore = ctx.blueScore(parentPruningPoint);
  let candidate = parentPruningPoint;
  const nextIntervalStart = (finalityScore(parentPruningPointScore) + 1) * ctx.finalityDepth;
  if (nextIntervalStart + ctx.pruningDepth <= data.blueScore) {
    // Up the selected chain from the parent's pruning point, over blocks at least pruning depth deep.
    let current = parentPruningPoint;
    while (current !== data.selectedParent) {
      const child = ctx.nextChainAncestor(data.selectedParent, current);
      const childScore = ctx.blueScore(child);
      if (data.blueScore - childScore < ctx.pruningDepth) break;
      if (finalityScore(childScore) > finalityScore(ctx.blueScore(candidate))) candidate = child;
      current = child;
    }
  }
  if (data.blueScore >= ctx.blueScore(candidate) + ctx.pruningDepth) return candidate;
  return ctx.genesis;
}
