import type { BlockKey } from '../model/block-key.ts';
import type { Interval } from './interval.ts';
import { ReachabilityError } from './reachability-error.ts';

/** The tree parent of ORIGIN, i.e. "no parent" (rusty-kaspa blockhash::NONE, the zero hash). */
export const NO_PARENT: BlockKey = '00'.repeat(32);

/**
 * Reads of the reachability data (rusty-kaspa model/stores/reachability.rs ReachabilityStoreReader).
 * Getters throw ReachabilityError UNKNOWN_BLOCK for a block the store does not hold.
 * Returned arrays must not be mutated, and are only valid until the next write to that block.
 */
export interface ReachabilityStoreReader {
  has(block: BlockKey): boolean;
  getInterval(block: BlockKey): Interval;
  /** The selected-parent tree parent (NO_PARENT for ORIGIN). */
  getParent(block: BlockKey): BlockKey;
  /** Depth in the selected-parent tree (ORIGIN 0, genesis 1), used to pace the reindex root. */
  getHeight(block: BlockKey): number;
  /** Tree children in insertion order, which is also ascending interval order. */
  getChildren(block: BlockKey): readonly BlockKey[];
  /** Future covering set, kept in ascending interval order. */
  getFutureCoveringSet(block: BlockKey): readonly BlockKey[];
  /** Throws NOT_INITIALIZED before the first setReindexRoot. */
  getReindexRoot(): BlockKey;
}

/**
 * Every mutation the index makes goes through these few calls, so a persistent store can stage
 * them and commit once per block. A block's parent and height never change after `insert`.
 */
export interface ReachabilityStore extends ReachabilityStoreReader {
  /** Adds a block with empty children and future covering set; BLOCK_EXISTS if present. */
  insert(block: BlockKey, parent: BlockKey, interval: Interval, height: number): void;
  setInterval(block: BlockKey, interval: Interval): void;
  appendChild(block: BlockKey, child: BlockKey): void;
  insertFutureCoveringItem(block: BlockKey, item: BlockKey, index: number): void;
  setReindexRoot(root: BlockKey): void;
}

interface Entry {
  readonly parent: BlockKey;
  readonly height: number;
  interval: Interval;
  readonly children: BlockKey[];
  readonly futureCoveringSet: BlockKey[];
}

/** The whole index in memory: one Map entry per block. */
export class MemoryReachabilityStore implements ReachabilityStore {
  readonly #entries = new Map<BlockKey, Entry>();
  #reindexRoot: BlockKey | undefined;

  #entry(block: BlockKey): Entry {
    const entry = this.#entries.get(block);
    if (entry === undefined)
      throw new ReachabilityError('UNKNOWN_BLOCK', `block ${block} is not in the reachability store`);
    return entry;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(block: BlockKey): boolean {
    return this.#entries.has(block);
  }

  getInterval(block: BlockKey): Interval {
    return this.#entry(block).interval;
  }

  getParent(block: BlockKey): BlockKey {
    return this.#entry(block).parent;
  }

  getHeight(block: BlockKey): number {
    return this.#entry(block).height;
  }

  getChildren(block: BlockKey): readonly BlockKey[] {
    return this.#entry(block).children;
  }

  getFutureCoveringSet(block: BlockKey): readonly BlockKey[] {
    return this.#entry(block).futureCoveringSet;
  }

  getReindexRoot(): BlockKey {
    if (this.#reindexRoot === undefined)
      throw new ReachabilityError('NOT_INITIALIZED', 'reachability store has no reindex root');
    return this.#reindexRoot;
  }

  insert(block: BlockKey, parent: BlockKey, interval: Interval, height: number): void {
    if (this.#entries.has(block)) throw new ReachabilityError('BLOCK_EXISTS', `block ${block} is already in the store`);
    this.#entries.set(block, {
      parent,
      height,
      interval,
      children: [],
      futureCoveringSet: [],
    });
  }

  setInterval(block: BlockKey, interval: Interval): void {
    this.#entry(block).interval = interval;
  }

  appendChild(block: BlockKey, child: BlockKey): void {
    this.#entry(block).children.push(child);
  }

  insertFutureCoveringItem(block: BlockKey, item: BlockKey, index: number): void {
    this.#entry(block).futureCoveringSet.splice(index, 0, item);
  }

  setReindexRoot(root: BlockKey): void {
    this.#reindexRoot = root;
  }
}
