import type { Database } from 'better-sqlite3';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { Interval } from '../consensus/reachability/interval.ts';
import { ReachabilityError } from '../consensus/reachability/reachability-error.ts';
import type { ReachabilityStore } from '../consensus/reachability/reachability-store.ts';
import { blobToKey, blobToKeys, keysToBlob, keyToBlob } from './key-bytes.ts';
import type { MetaRepository } from './meta-repository.ts';
import { StagedCache } from './staged-cache.ts';

interface Entry {
  parent: BlockKey;
  height: number;
  interval: Interval;
  children: BlockKey[];
  futureCoveringSet: BlockKey[];
}

interface ReachabilityRow {
  parent: Buffer;
  interval_start: number;
  interval_end: number;
  height: number;
  children: Buffer;
  future_covering_set: Buffer;
}

const REINDEX_ROOT = 'reachability.reindex_root';

/**
 * The reachability index's data in the `reachability` table. A reindex may rewrite the
 * intervals of many blocks for one new block; every change is staged copy-on-write and written
 * in that block's transaction, so a killed import never leaves intervals half moved.
 */
export class ReachabilityRepository implements ReachabilityStore {
  readonly #cache: StagedCache<BlockKey, Entry>;
  readonly #meta: MetaRepository;
  /** Staged blocks that are new or whose lists changed; the rest only moved their interval. */
  readonly #structural = new Set<BlockKey>();

  constructor(db: Database, meta: MetaRepository, capacity: number) {
    this.#meta = meta;
    const select = db.prepare<[Buffer], ReachabilityRow>(
      `SELECT parent, interval_start, interval_end, height, children, future_covering_set
       FROM reachability WHERE hash = ?`,
    );
    const upsert = db.prepare(
      `INSERT INTO reachability (hash, parent, interval_start, interval_end, height, children, future_covering_set)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET interval_start = excluded.interval_start, interval_end = excluded.interval_end,
         children = excluded.children, future_covering_set = excluded.future_covering_set`,
    );
    const updateInterval = db.prepare('UPDATE reachability SET interval_start = ?, interval_end = ? WHERE hash = ?');
    this.#cache = new StagedCache({
      capacity,
      load: (hash) => {
        const row = select.get(keyToBlob(hash));
        if (row === undefined) return undefined;
        return {
          parent: blobToKey(row.parent),
          height: row.height,
          interval: new Interval(row.interval_start, row.interval_end),
          children: blobToKeys(row.children),
          futureCoveringSet: blobToKeys(row.future_covering_set),
        };
      },
      save: (hash, entry) => {
        // Reindexing moves many intervals per block: write just those two columns for them.
        if (!this.#structural.has(hash)) {
          updateInterval.run(entry.interval.start, entry.interval.end, keyToBlob(hash));
          return;
        }
        upsert.run(
          keyToBlob(hash),
          keyToBlob(entry.parent),
          entry.interval.start,
          entry.interval.end,
          entry.height,
          keysToBlob(entry.children),
          keysToBlob(entry.futureCoveringSet),
        );
      },
    });
  }

  #entry(block: BlockKey): Entry {
    const entry = this.#cache.get(block);
    if (entry === undefined) {
      throw new ReachabilityError('UNKNOWN_BLOCK', `block ${block} is not in the reachability store`);
    }
    return entry;
  }

  /** The entry to change: a private copy staged on first write, so the committed one stays as read. */
  #writable(block: BlockKey): Entry {
    const entry = this.#entry(block);
    if (this.#cache.isStaged(block)) return entry;
    const copy = { ...entry, children: [...entry.children], futureCoveringSet: [...entry.futureCoveringSet] };
    this.#cache.set(block, copy);
    return copy;
  }

  has(block: BlockKey): boolean {
    return this.#cache.has(block);
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
    const root = this.#meta.get(REINDEX_ROOT);
    if (root === undefined) throw new ReachabilityError('NOT_INITIALIZED', 'reachability store has no reindex root');
    return root;
  }

  insert(block: BlockKey, parent: BlockKey, interval: Interval, height: number): void {
    if (this.#cache.has(block)) throw new ReachabilityError('BLOCK_EXISTS', `block ${block} is already in the store`);
    this.#cache.set(block, { parent, height, interval, children: [], futureCoveringSet: [] });
    this.#structural.add(block);
  }

  setInterval(block: BlockKey, interval: Interval): void {
    this.#writable(block).interval = interval;
  }

  appendChild(block: BlockKey, child: BlockKey): void {
    this.#writable(block).children.push(child);
    this.#structural.add(block);
  }

  insertFutureCoveringItem(block: BlockKey, item: BlockKey, index: number): void {
    this.#writable(block).futureCoveringSet.splice(index, 0, item);
    this.#structural.add(block);
  }

  setReindexRoot(root: BlockKey): void {
    this.#meta.set(REINDEX_ROOT, root);
  }

  flush(): void {
    this.#cache.flush();
  }

  commit(): void {
    this.#cache.commit();
    this.#structural.clear();
  }

  discard(): void {
    this.#cache.discard();
    this.#structural.clear();
  }
}
