import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lockDataDir } from './data-dir-lock.ts';
import { DagwalletError } from './errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('data folder lock', () => {
  it('lets one node in, refuses a second while the first runs, and frees the folder on release', () => {
    const release = lockDataDir(dir);
    assert.throws(
      () => lockDataDir(dir),
      (error) => error instanceof DagwalletError && error.code === 'ALREADY_RUNNING',
    );
    release();
    assert.equal(existsSync(join(dir, 'node.lock')), false);
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that died', () => {
    // A pid that existed and is gone: a child that has exited.
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'node.lock'), child.stdout.toString());
    const release = lockDataDir(dir);
    release();
  });
});
