import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../model/block-key.ts';

/** What the difficulty and median-time rules read of a window block. */
export interface WindowBlock {
  readonly key: BlockKey;
  readonly blueWork: bigint;
  readonly timestamp: number;
  readonly bits: number;
}

/** Kaspa's block order: blue work, then hash. */
export function compareWindowBlocks(a: WindowBlock, b: WindowBlock): number {
  if (a.blueWork !== b.blueWork) return a.blueWork < b.blueWork ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * A block's window, ascending by (blue work, hash): the `size` heaviest blocks of its past,
 * genesis excluded ("genesis does not enter the DAA window due to having a fixed timestamp").
 * kaspad finds them by walking the selected chain, pushing each chain block and its mergeset into
 * a bounded heap until a chain block no longer fits (dagtraversalmanager/window.go).
 */
export type BlockWindow = readonly WindowBlock[];

/**
 * Adds `block` to a sorted window capped at `size` (kaspad sizedUpBlockHeap.tryPush): it goes in
 * while there is room, or in place of the lightest block if it is heavier. Returns false when it
 * does not fit, which also tells a caller walking in descending order to stop.
 */
export function tryPushWindow(
  window: WindowBlock[],
  size: number,
  block: WindowBlock,
  evicted?: WindowBlock[],
): boolean {
  if (size === 0) return false;
  if (window.length >= size) {
    if (compareWindowBlocks(block, window[0] as WindowBlock) <= 0) return false;
    const lightest = window.shift() as WindowBlock;
    evicted?.push(lightest);
  }
  let low = 0;
  let high = window.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareWindowBlocks(window[mid] as WindowBlock, block) < 0) low = mid + 1;
    else high = mid;
  }
  window.splice(low, 0, block);
  return true;
}

export interface WindowSource {
  genesis: BlockKey;
  ghostdag(block: BlockKey): GhostdagData;
  windowBlock(block: BlockKey): WindowBlock;
}

/** kaspad's walk (blockWindowHeap): down the selected chain, each chain block then its mergeset. */
export function windowByWalk(source: WindowSource, data: GhostdagData, size: number): WindowBlock[] {
  const window: WindowBlock[] = [];
  let current = data;
  while (current.selectedParent !== source.genesis && current.mergesetBlues.length > 0) {
    const selectedParent = current.selectedParent;
    if (!tryPushWindow(window, size, source.windowBlock(selectedParent))) break;
    // Mergesets are ascending by (blue work, hash): from the heaviest down, stop at the first misfit.
    for (let i = current.mergesetBlues.length - 1; i >= 1; i--) {
      if (!tryPushWindow(window, size, source.windowBlock(current.mergesetBlues[i] as BlockKey))) break;
    }
    for (let i = current.mergesetReds.length - 1; i >= 0; i--) {
      if (!tryPushWindow(window, size, source.windowBlock(current.mergesetReds[i] as BlockKey))) break;
    }
    current = source.ghostdag(selectedParent);
  }
  return window;
}

/**
 * The same window from the selected parent's: past(B) is past(SP) ∪ {SP} ∪ mergeset(B), and the
 * walk keeps exactly the heaviest `size` of that set, so adding SP and the mergeset to SP's
 * window gives B's (rusty-kaspa reuses the parent's cached window the same way).
 */
export function windowFromSelectedParent(
  source: WindowSource,
  data: GhostdagData,
  size: number,
  selectedParentWindow: BlockWindow,
  changes: { added: WindowBlock[]; evicted: WindowBlock[] } = { added: [], evicted: [] },
): WindowBlock[] {
  if (data.selectedParent === source.genesis) return [];
  const window = selectedParentWindow.slice();
  const push = (key: BlockKey) => {
    const block = source.windowBlock(key);
    if (tryPushWindow(window, size, block, changes.evicted)) changes.added.push(block);
  };
  push(data.selectedParent);
  for (let i = 1; i < data.mergesetBlues.length; i++) push(data.mergesetBlues[i] as BlockKey);
  for (const red of data.mergesetReds) push(red);
  return window;
}
