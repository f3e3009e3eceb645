import { type BlockKey, ORIGIN } from '../model/block-key.ts';
import {
  isChainAncestorOf,
  isStrictChainAncestorOf,
  nextChainAncestorUnchecked,
  searchChainAncestor,
} from './inquirer.ts';
import { Interval } from './interval.ts';
import { ReachabilityError } from './reachability-error.ts';
import { NO_PARENT, type ReachabilityStore } from './reachability-store.ts';
import { ReindexContext, remainingAfter } from './reindex.ts';

/** Chain blocks kept between the reindex root and the selected tip (kaspad defaultReindexWindow). */
export const DEFAULT_REINDEX_DEPTH = 200;
/** Room left beside off-chain subtrees when the root moves (kaspad defaultReindexSlack). */
export const DEFAULT_REINDEX_SLACK = 1 << 12;

export interface ReachabilityOptions {
  reindexDepth?: number;
  reindexSlack?: number;
  /** The interval given to ORIGIN; tests shrink it to force reindexing. Default Interval.maximal(). */
  rootInterval?: Interval;
}

/**
 * Answers "is A in the past of B" in O(log n) (kaspad reachabilitymanager, rusty-kaspa
 * processes/reachability): every block gets an interval in the selected-parent tree, nested
 * exactly like the tree, so chain ancestry is interval containment; DAG ancestry through
 * merging is recorded in each merged block's "future covering set", the blocks that merged it,
 * kept ordered by interval for a binary search. When a parent's interval is used up, intervals
 * are re-laid out ("reindexing") around a reindex root that trails the selected tip.
 */
export class ReachabilityIndex {
  readonly #store: ReachabilityStore;
  readonly #depth: number;
  readonly #slack: number;
  readonly #rootInterval: Interval;

  constructor(store: ReachabilityStore, options: ReachabilityOptions = {}) {
    this.#store = store;
    this.#depth = options.reindexDepth ?? DEFAULT_REINDEX_DEPTH;
    this.#slack = options.reindexSlack ?? DEFAULT_REINDEX_SLACK;
    this.#rootInterval = options.rootInterval ?? Interval.maximal();
    if (!(
      Number.isSafeInteger(this.#depth) &&
      this.#depth >= 1 &&
      Number.isSafeInteger(this.#slack) &&
      this.#slack >= 1
    )) {
      throw new RangeError('reindex depth and slack must be positive integers');
    }
  }

  /**
   * Creates ORIGIN (the tree root, rusty-kaspa blockhash::ORIGIN) holding the whole interval
   * space and adds genesis as its child. Does nothing for what the store already holds.
   */
  init(genesis: BlockKey): void {
    const store = this.#store;
    if (!store.has(ORIGIN)) {
      store.insert(ORIGIN, NO_PARENT, this.#rootInterval, 0);
      store.setReindexRoot(ORIGIN);
    }
    if (!store.has(genesis)) this.addBlock(genesis, ORIGIN, []);
  }

  has(block: BlockKey): boolean {
    return this.#store.has(block);
  }

  reindexRoot(): BlockKey {
    return this.#store.getReindexRoot();
  }

  /**
   * Adds `block` as a tree child of `selectedParent` and records it in the future covering set
   * of every block it merges (kaspad AddBlock, rusty-kaspa add_block). The input is checked in
   * full before the first write, so a rejected call changes nothing.
   */
  addBlock(block: BlockKey, selectedParent: BlockKey, mergesetWithoutSelectedParent: Iterable<BlockKey>): void {
    const store = this.#store;
    if (store.has(block)) throw new ReachabilityError('BLOCK_EXISTS', `block ${block} is already indexed`);
    const height = store.getHeight(selectedParent) + 1;
    const mergeset = [...mergesetWithoutSelectedParent];
    for (const merged of mergeset) {
      // A merged block must be outside past(selectedParent) ∪ {selectedParent}; otherwise a
      // covering item would already reach `block` (rusty-kaspa insert_to_future_covering_set).
      if (this.isDagAncestorOf(merged, selectedParent)) {
        throw new ReachabilityError('DATA_INCONSISTENCY', `merged block ${merged} is in the past of ${selectedParent}`);
      }
    }
    if (mergeset.length > 1 && new Set(mergeset).size !== mergeset.length) {
      throw new ReachabilityError('DATA_INCONSISTENCY', `mergeset of ${block} lists a block twice`);
    }

    this.#addTreeBlock(block, selectedParent, height);
    for (const merged of mergeset) {
      const index = searchChainAncestor(store, store.getFutureCoveringSet(merged), block);
      if (index >= 0) throw new ReachabilityError('DATA_INCONSISTENCY', `${block} is already covered from ${merged}`);
      store.insertFutureCoveringItem(merged, block, -(index + 1));
    }
  }

  /**
   * A new child takes the first half of its parent's free room after the last child (so later
   * siblings still fit). If there is none, it starts with the empty interval right there and a
   * reindex makes room (kaspad addChild, rusty-kaspa add_tree_block).
   */
  #addTreeBlock(block: BlockKey, parent: BlockKey, height: number): void {
    const store = this.#store;
    const remaining = remainingAfter(store, parent);
    if (remaining.isEmpty()) {
      store.insert(block, parent, remaining, height);
      store.appendChild(parent, block);
      new ReindexContext(store, this.#slack).reindexIntervals(block, store.getReindexRoot());
    } else {
      store.insert(block, parent, remaining.splitHalf()[0], height);
      store.appendChild(parent, block);
    }
  }

  /**
   * Tells the index that `hint` is (about to be) the virtual selected parent. The reindex root
   * follows `hint`'s chain `reindexDepth` blocks behind it, and the intervals along the way are
   * concentrated on the chain, where new blocks will attach (kaspad UpdateReindexRoot, rusty-kaspa
   * hint_virtual_selected_parent / try_advancing_reindex_root).
   */
  hintVirtualSelectedParent(hint: BlockKey): void {
    const store = this.#store;
    const current = store.getReindexRoot();
    const [start, next] = this.#findNextReindexRoot(current, hint);
    if (next === current) return;
    const context = new ReindexContext(store, this.#slack);
    for (let ancestor = start; ancestor !== next;) {
      const child = nextChainAncestorUnchecked(store, next, ancestor);
      context.concentrateInterval(ancestor, child, child === next);
      ancestor = child;
    }
    store.setReindexRoot(next);
  }

  /**
   * Returns [where concentration starts, the new reindex root]. Heights are tree depths, as in
   * rusty-kaspa (kaspad used blue scores; both grow along a chain).
   */
  #findNextReindexRoot(current: BlockKey, hint: BlockKey): [BlockKey, BlockKey] {
    const store = this.#store;
    const hintHeight = store.getHeight(hint);
    let next = current;
    let ancestor = current;
    if (!isChainAncestorOf(store, current, hint)) {
      // A reorg: switch chains only once the new tip is `slack` higher than the root, so that
      // alternating reorgs cannot make us reindex back and forth.
      const currentHeight = store.getHeight(current);
      if (hintHeight < currentHeight || hintHeight - currentHeight < this.#slack) return [current, current];
      ancestor = this.#commonTreeAncestor(hint, current);
      next = ancestor;
    }
    // Walk towards `hint` while staying at least `depth` below it. (rusty-kaspa would fail a
    // query for `hint`'s own child when `next` is `hint`; we simply stop there.)
    while (next !== hint) {
      const child = nextChainAncestorUnchecked(store, hint, next);
      const childHeight = store.getHeight(child);
      if (hintHeight < childHeight) {
        throw new ReachabilityError('DATA_INCONSISTENCY', `chain block ${child} is higher than its descendant ${hint}`);
      }
      if (hintHeight - childHeight < this.#depth) break;
      next = child;
    }
    return [ancestor, next];
  }

  /** Climbs from `block`, assuming it is usually closer to the common ancestor than `root`. */
  #commonTreeAncestor(block: BlockKey, root: BlockKey): BlockKey {
    let current = block;
    while (!isChainAncestorOf(this.#store, current, root)) current = this.#store.getParent(current);
    return current;
  }

  /** `a ∈ chain(b) ∪ {b}`, by interval containment: a block is its own chain ancestor. */
  isChainAncestorOf(a: BlockKey, b: BlockKey): boolean {
    return isChainAncestorOf(this.#store, a, b);
  }

  /** kaspad's name for isChainAncestorOf: ancestry in the selected-parent (reachability) tree. */
  isReachabilityTreeAncestorOf(a: BlockKey, b: BlockKey): boolean {
    return isChainAncestorOf(this.#store, a, b);
  }

  /** `a ∈ chain(b)`, false when a = b. */
  isStrictChainAncestorOf(a: BlockKey, b: BlockKey): boolean {
    return isStrictChainAncestorOf(this.#store, a, b);
  }

  /**
   * `a ∈ past(b) ∪ {b}`: either a chain ancestor, or some block that merged `a` (an item of its
   * future covering set) is a chain ancestor of `b`. O(log |future covering set(a)|).
   */
  isDagAncestorOf(a: BlockKey, b: BlockKey): boolean {
    const store = this.#store;
    if (store.getInterval(a).contains(store.getInterval(b))) return true;
    const covering = store.getFutureCoveringSet(a);
    return covering.length > 0 && searchChainAncestor(store, covering, b) >= 0;
  }

  /** The tree child of `ancestor` on the chain to `descendant`; BAD_QUERY unless `ancestor ∈ chain(descendant)`. */
  nextChainAncestor(descendant: BlockKey, ancestor: BlockKey): BlockKey {
    if (!isStrictChainAncestorOf(this.#store, ancestor, descendant)) {
      throw new ReachabilityError('BAD_QUERY', `${ancestor} is not a strict chain ancestor of ${descendant}`);
    }
    return nextChainAncestorUnchecked(this.#store, descendant, ancestor);
  }
}
