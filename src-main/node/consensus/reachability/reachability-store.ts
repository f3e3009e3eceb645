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

/** One block's reachability data. */
export interface ReachabilityEntry {
  readonly parent: BlockKey;
  readonly height: number;
  interval: Interval;
  readonly children: BlockKey[];
  readonly futureCoveringSet: BlockKey[];
}

/**
 * The ReachabilityStore calls over per-block entries; a backing only says where entries live,
 * which one may be changed in place, and where the reindex root is kept.
 */
export abstract class EntryReachabilityStore implements ReachabilityStore {
  protected abstract findEntry(block: BlockKey): ReachabilityEntry | undefined;
  /** The entry to change. `listsChange` is true when its children or covering set will change. */
  protected abstract writableEntry(block: BlockKey, entry: ReachabilityEntry, listsChange: boolean): ReachabilityEntry;
  protected abstract addEntry(block: BlockKey, entry: ReachabilityEntry): void;
  abstract getReindexRoot(): BlockKey;
  abstract setReindexRoot(root: BlockKey): void;

  #entry(block: BlockKey): ReachabilityEntry {
    const entry = this.findEntry(block);
    if (entry === undefined) {
      throw new ReachabilityError('UNKNOWN_BLOCK', `block ${block} is not in the reachability store`);
    }
    return entry;
  }

  has(block: BlockKey): boolean {
    return this.findEntry(block) !== undefined;
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

  insert(block: BlockKey, parent: BlockKey, interval: Interval, height: number): void {
    if (this.has(block)) throw new ReachabilityError('BLOCK_EXISTS', `block ${block} is already in the store`);
    this.addEntry(block, { parent, height, interval, children: [], futureCoveringSet: [] });
  }

  setInterval(block: BlockKey, interval: Interval): void {
    this.writableEntry(block, this.#entry(block), false).interval = interval;
  }

  appendChild(block: BlockKey, child: BlockKey): void {
    this.writableEntry(block, this.#entry(block), true).children.push(child);
  }

  insertFutureCoveringItem(block: BlockKey, item: BlockKey, index: number): void {
    this.writableEntry(block, this.#entry(block), true).futureCoveringSet.splice(index, 0, item);
  }
}

/** The whole index in memory: one Map entry per block. */
export class MemoryReachabilityStore extends EntryReachabilityStore {
  readonly #entries = new Map<BlockKey, ReachabilityEntry>();
  #reindexRoot: BlockKey | undefined;

  get size(): number {
    return this.#entries.size;
  }

  protected findEntry(block: BlockKey): ReachabilityEntry | undefined {
    return this.#entries.get(block);
  }

  protected writableEntry(_block: BlockKey, entry: ReachabilityEntry): ReachabilityEntry {
    return entry;
  }

  protected addEntry(block: BlockKey, entry: ReachabilityEntry): void {
    this.#entries.set(block, entry);
  }

  getReindexRoot(): BlockKey {
    if (this.#reindexRoot === undefined)
      throw new ReachabilityError('NOT_INITIALIZED', 'reachability store has no reindex root');
    return this.#reindexRoot;
  }

  setReindexRoot(root: BlockKey): void {
    this.#reindexRoot = root;
  }
}
