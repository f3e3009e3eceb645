import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StoreError } from './migrations.ts';

/**
 * Opens (or creates) a SQLite store the way the node needs it: WAL so readers (explorer, API)
 * never block the importer, synchronous=NORMAL which in WAL mode survives a killed process
 * (only an OS crash can lose the last commits, never corrupt), foreign keys on.
 */
export function openDatabase(path: string): Database {
  let db: Database;
  try {
    db = new BetterSqlite3(path);
  } catch (error) {
    throw new StoreError('CORRUPT', `cannot open the store at ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Each block commit rewrites a few dozen reachability rows; checkpointing the WAL back into the
    // database (which syncs the file) every 40 MB instead of every 4 MB halves the cost of import.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('cache_size = -65536');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (error) {
    db.close();
    throw new StoreError('CORRUPT', `the store at ${path} is damaged: ${(error as Error).message}`, { cause: error });
  }
  return db;
}
