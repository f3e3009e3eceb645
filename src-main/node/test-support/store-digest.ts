import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export const CONSENSUS_TABLES = [
  'meta',
  'blocks',
  'block_parents',
  'ghostdag',
  'reachability',
  'tips',
  'block_bodies',
  'block_utxo',
  'utxo_set',
] as const;

/** Every row of the given tables, hashed: equal digests mean the tables did not change. */
export function tableDigest(db: Database, tables: readonly string[] = CONSENSUS_TABLES): string {
  const hash = createHash('sha256');
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all()) {
      hash.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
    }
  }
  return hash.digest('hex');
}
