import { compactToTarget, targetToCompact } from '../difficulty/compact.ts';
import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../model/block-key.ts';
import { type BlockWindow, compareWindowBlocks, type WindowBlock } from './block-window.ts';

export interface DifficultyParams {
  targetTimePerBlockMs: number;
  minDifficultyWindowSize: number;
  disableDifficultyAdjustment: boolean;
  powMax: bigint;
}

const targetCache = new Map<number, bigint>();

/** Few distinct bits values occur in a window; decode each once. */
export function targetOf(bits: number): bigint {
  let target = targetCache.get(bits);
  if (target === undefined) {
    target = compactToTarget(bits);
    if (targetCache.size > 10_000) targetCache.clear();
    targetCache.set(bits, target);
  }
  return target;
}

/** Earliest timestamp first; equal timestamps by (blue work, hash), as rusty-kaspa's DifficultyBlock orders them. */
function isEarlier(a: WindowBlock, b: WindowBlock): boolean {
  return a.timestamp !== b.timestamp ? a.timestamp < b.timestamp : compareWindowBlocks(a, b) < 0;
}

/**
 * The bits a block must carry (kaspad difficultymanager.requiredDifficultyFromTargetsWindow,
 * rusty-kaspa FullDifficultyManager::calculate_difficulty_bits). Until the window is full the
 * genesis bits stay. Otherwise the earliest block is dropped, and the average target of the
 * rest is scaled by how long they took against how long they should have:
 *   target = ⌊⌊Σ targets / n⌋ · max(maxTime − minTime, 1) / targetTime / n⌋, capped at powMax.
 */
export function windowTargetSum(window: BlockWindow): bigint {
  let sum = 0n;
  for (const block of window) sum += targetOf(block.bits);
  return sum;
}

/** `targetSum`, if given, is windowTargetSum(window), kept up to date by the caller as windows derive from each other. */
export function requiredDifficultyBits(
  window: BlockWindow,
  params: DifficultyParams,
  genesisBits: number,
  targetSum?: bigint,
): number {
  if (params.disableDifficultyAdjustment) return genesisBits;
  if (window.length < Math.max(2, params.minDifficultyWindowSize)) return genesisBits;
  let earliest = window[0] as WindowBlock;
  let maxTimestamp = earliest.timestamp;
  for (const block of window) {
    if (isEarlier(block, earliest)) earliest = block;
    if (block.timestamp > maxTimestamp) maxTimestamp = block.timestamp;
  }
  const sum = (targetSum ?? windowTargetSum(window)) - targetOf(earliest.bits);
  const count = BigInt(window.length - 1);
  const timespan = BigInt(Math.max(maxTimestamp - earliest.timestamp, 1));
  const target = ((sum / count) * timespan) / BigInt(params.targetTimePerBlockMs) / count;
  return targetToCompact(target > params.powMax ? params.powMax : target);
}

/**
 * DAA score = selected parent's + the mergeset blocks that are in the block's window
 * (kaspad calculateDaaScoreAndAddedBlocks). The window is the heaviest part of the past, so a
 * mergeset block is in it iff the window has room or it is at least as heavy as the lightest.
 */
export function daaScore(
  data: GhostdagData,
  selectedParentDaaScore: number,
  window: BlockWindow,
  windowSize: number,
  windowBlock: (key: BlockKey) => WindowBlock,
  genesis: BlockKey,
): number {
  const lightest = window[0];
  let added = 0;
  for (const list of [data.mergesetBlues, data.mergesetReds]) {
    for (const key of list) {
      if (key === genesis) continue;
      if (window.length < windowSize || (lightest && compareWindowBlocks(windowBlock(key), lightest) >= 0)) added++;
    }
  }
  return selectedParentDaaScore + added;
}

/**
 * The median timestamp of the heaviest `size` window blocks (kaspad pastMedianTimeManager,
 * size 2·timestampDeviationTolerance − 1): sorted ascending, the element at index ⌊n/2⌋.
 * A block whose window is empty (a child of genesis) gets genesis's timestamp.
 */
export function pastMedianTime(window: BlockWindow, size: number, genesisTimestamp: number): number {
  if (window.length === 0) return genesisTimestamp;
  const timestamps = window.slice(Math.max(0, window.length - size)).map((block) => block.timestamp);
  timestamps.sort((a, b) => a - b);
  return timestamps[timestamps.length >> 1] as number;
}
