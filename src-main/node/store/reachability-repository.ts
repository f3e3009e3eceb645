import type { Database } from 'better-sqlite3';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { Interval } from '../consensus/reachability/interval.ts';
import { ReachabilityError } from '../consensus/reachability/reachability-error.ts';
import { EntryReachabilityStore, type ReachabilityEntry } from '../consensus/reachability/reachability-store.ts';
import { blobToKey, blobToKeys, keysToBlob, keyToBlob } from './key-bytes.ts';
import type { MetaRepository } from './meta-repository.ts';
import { StagedCache } from './staged-cache.ts';

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
export class ReachabilityRepository extends EntryReachabilityStore {
  readonly #cache: StagedCache<BlockKey, ReachabilityEntry>;
  readonly #meta: MetaRepository;
  /** Staged blocks that are new or whose lists changed; the rest only moved their interval. */
  readonly #structural = new Set<BlockKey>();

  constructor(db: Database, meta: MetaRepository, capacity: number) {
    super();
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
    this.#cache = new StagedCache<BlockKey, ReachabilityEntry>({
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
  protected findEntry(block: BlockKey): ReachabilityEntry | undefined {
    return this.#cache.get(block);
  }

  /** A private copy staged on first write, so the committed entry stays as read until commit. */
  protected writableEntry(block: BlockKey, entry: ReachabilityEntry, listsChange: boolean): ReachabilityEntry {
    if (listsChange) this.#structural.add(block);
    if (this.#cache.isStaged(block)) return entry;
    const copy = { ...entry, children: [...entry.children], futureCoveringSet: [...entry.futureCoveringSet] };
    this.#cache.set(block, copy);
    return copy;
  }

  protected addEntry(block: BlockKey, entry: ReachabilityEntry): void {
    this.#cache.set(block, entry);
    this.#structural.add(block);
  }

  getReindexRoot(): BlockKey {
    const root = this.#meta.get(REINDEX_ROOT);
    if (root === undefined) throw new ReachabilityError('NOT_INITIALIZED', 'reachability store has no reindex root');
    return root;
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
