import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Migration, migrate, StoreError } from './migrations.ts';
import { openDatabase } from './open-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const v1: Migration = {
  version: 1,
  description: 'notes table',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'),
};
const v2: Migration = {
  version: 2,
  description: 'notes get a title',
  up: (db) => db.exec("ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT ''"),
};

describe('store: opening and migrations', () => {
  it('creates a WAL database and applies migrations once, in order', () => {
    const path = join(dir, 'a.sqlite');
    let db = openDatabase(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(migrate(db, [v1]), 1);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('kept');
    db.close();
    db = openDatabase(path);
    assert.equal(migrate(db, [v2, v1]), 2);
    assert.deepEqual(db.prepare('SELECT body, title FROM notes').all(), [{ body: 'kept', title: '' }]);
    assert.equal(migrate(db, [v1, v2]), 2, 'a second run changes nothing');
    db.close();
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const db = openDatabase(join(dir, 'b.sqlite'));
    const broken: Migration = {
      version: 2,
      description: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        d.exec('THIS IS NOT SQL');
      },
    };
    assert.throws(
      () => migrate(db, [v1, broken]),
      (e: unknown) => e instanceof StoreError && e.code === 'MIGRATION_FAILED',
    );
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get() as { n: number };
    assert.equal(row.n, 0);
    db.close();
  });

  it('refuses a store from a newer version', () => {
    const db = openDatabase(join(dir, 'c.sqlite'));
    migrate(db, [v1, v2]);
    assert.throws(
      () => migrate(db, [v1]),
      (e: unknown) => e instanceof StoreError && e.code === 'NEWER_SCHEMA',
    );
    db.close();
  });

  it('refuses a file that is not a database with a typed error', () => {
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    assert.throws(
      () => openDatabase(path),
      (e: unknown) => e instanceof StoreError && e.code === 'CORRUPT',
    );
  });
});
