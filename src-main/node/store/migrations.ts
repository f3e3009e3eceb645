import type { Database } from 'better-sqlite3';
import { DagwalletError } from '../errors.ts';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

/** MISSING: consensus asked for data of a block the store does not hold. */
export class StoreError extends DagwalletError<
  'NEWER_SCHEMA' | 'MIGRATION_FAILED' | 'CORRUPT' | 'MISSING' | 'WRONG_NETWORK'
> {}

/**
 * Brings the schema to the newest version, one migration per transaction, recording progress
 * in SQLite's user_version so a crash mid-way resumes at the failed step. A store written by a
 * newer dagwallet is refused rather than misread.
 */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n, found ${m.version} at ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = sorted.length;
  if (current > latest) {
    throw new StoreError(
      'NEWER_SCHEMA',
      `this data folder was written by a newer dagwallet (schema ${current}, this version knows ${latest})`,
    );
  }
  for (const migration of sorted.slice(current)) {
    try {
      db.transaction(() => {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      throw new StoreError(
        'MIGRATION_FAILED',
        `schema migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return latest;
}
