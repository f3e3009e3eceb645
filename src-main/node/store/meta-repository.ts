import type { Database } from 'better-sqlite3';
import { StagedCache } from './staged-cache.ts';

/** The `meta` table: a few named text values (genesis, network, sink, reindex root). */
export class MetaRepository extends StagedCache<string, string> {
  constructor(db: Database) {
    const select = db.prepare<[string], Buffer>('SELECT value FROM meta WHERE key = ?').pluck();
    const upsert = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    super({
      capacity: 64,
      load: (key) => select.get(key)?.toString('utf8'),
      save: (key, value) => upsert.run(key, Buffer.from(value, 'utf8')),
    });
  }
}
