import type { Database } from 'better-sqlite3';
import { StagedCache } from './staged-cache.ts';

/** The `meta` table: a few named text values (genesis, network, sink, reindex root). */
export class MetaRepository {
  readonly #cache: StagedCache<string, string>;

  constructor(db: Database) {
    const select = db.prepare<[string], Buffer>('SELECT value FROM meta WHERE key = ?').pluck();
    const upsert = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#cache = new StagedCache({
      capacity: 64,
      load: (key) => select.get(key)?.toString('utf8'),
      save: (key, value) => upsert.run(key, Buffer.from(value, 'utf8')),
    });
  }

  get(key: string): string | undefined {
    return this.#cache.get(key);
  }

  set(key: string, value: string): void {
    this.#cache.set(key, value);
  }

  flush(): void {
    this.#cache.flush();
  }

  commit(): void {
    this.#cache.commit();
  }

  discard(): void {
    this.#cache.discard();
  }
}
