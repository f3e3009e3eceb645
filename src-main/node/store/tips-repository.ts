import type { Database } from 'better-sqlite3';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { blobToKey, keyToBlob } from './key-bytes.ts';

/** The `tips` table, mirrored in memory: the blocks nothing points to yet. */
export class TipsRepository {
  #tips: Set<BlockKey>;
  #staged: Set<BlockKey> | undefined;
  readonly #insert;
  readonly #delete;

  constructor(db: Database) {
    this.#tips = new Set(
      db
        .prepare<[], Buffer>('SELECT hash FROM tips')
        .pluck()
        .all()
        .map((blob) => blobToKey(blob)),
    );
    this.#insert = db.prepare('INSERT INTO tips (hash) VALUES (?)');
    this.#delete = db.prepare('DELETE FROM tips WHERE hash = ?');
  }

  all(): ReadonlySet<BlockKey> {
    return this.#staged ?? this.#tips;
  }

  /** A new block becomes a tip and its parents stop being tips. */
  addBlock(block: BlockKey, parents: readonly BlockKey[]): void {
    const next = new Set(this.all());
    for (const parent of parents) next.delete(parent);
    next.add(block);
    this.#staged = next;
  }

  flush(): void {
    if (!this.#staged) return;
    for (const tip of this.#tips) if (!this.#staged.has(tip)) this.#delete.run(keyToBlob(tip));
    for (const tip of this.#staged) if (!this.#tips.has(tip)) this.#insert.run(keyToBlob(tip));
  }

  commit(): void {
    if (this.#staged) this.#tips = this.#staged;
    this.#staged = undefined;
  }

  discard(): void {
    this.#staged = undefined;
  }
}
