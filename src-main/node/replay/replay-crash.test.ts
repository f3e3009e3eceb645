import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../store/open-database.ts';
import { seededRandom } from '../test-support/seeded-random.ts';
import { ERA1_STREAMS, vectorPath } from '../test-support/vectors.ts';

const cli = fileURLToPath(new URL('../../../bin/dagwallet.js', import.meta.url));
const stream = vectorPath(ERA1_STREAMS[1] as string);
const STREAM_BLOCKS = 4628;
const KILLS = 4;
// The last kill must come well before the end, or a fast machine may finish the import first.
const LAST_KILL_BEFORE = 4300;
const STORE = 'consensus.sqlite';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function replayArgs(dataDir: string): string[] {
  // Full validation: headers, bodies and the UTXO set all go through the kills.
  return [cli, 'replay', stream, '--data-dir', dataDir];
}

interface ReplayOutcome {
  accepted: number;
  rejected: number;
  known: number;
  sink: string;
  utxoCommitment: string;
}

function runToEnd(dataDir: string): ReplayOutcome {
  const result = spawnSync(process.execPath, replayArgs(dataDir), { encoding: 'utf8' });
  assert.equal(result.status, 0, `replay failed:\n${(result.stdout + result.stderr).slice(0, 2000)}`);
  const counts = /accepted: (\d+) {2}rejected: (\d+) {2}already in store: (\d+)/.exec(result.stdout);
  const sink = /sink: ([0-9a-f]{64}) \(blue score \d+\)/.exec(result.stdout);
  const commitment = /UTXO commitment: ([0-9a-f]{64})/.exec(result.stdout);
  assert.ok(counts && sink && commitment, `no report in:\n${result.stdout}`);
  return {
    accepted: Number(counts[1]),
    rejected: Number(counts[2]),
    known: Number(counts[3]),
    sink: sink[1] as string,
    utxoCommitment: commitment[1] as string,
  };
}

/** Blocks the running importer has committed; WAL lets a reader look without disturbing it. */
function committedBlocks(dataDir: string): number {
  const path = join(dataDir, STORE);
  if (!existsSync(path)) return 0;
  // Read-only, so closing this connection can never checkpoint or remove the importer's WAL.
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM blocks').pluck().get() as number;
  } catch (error) {
    if (/no such table/.test((error as Error).message)) return 0; // schema not created yet
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Starts a replay and SIGKILLs it once at least `target` blocks are committed. Counting blocks
 * rather than waiting a fixed time keeps the kill mid-import on fast and slow machines alike; the
 * polling phase still lands it anywhere inside a block's validation or commit.
 */
async function killMidImport(dataDir: string, target: number): Promise<number> {
  const child = spawn(process.execPath, replayArgs(dataDir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let seen = 0;
  while (seen < target) {
    if (child.exitCode !== null)
      assert.fail(`replay ended (exit ${child.exitCode}) before block ${target}:\n${output.slice(0, 2000)}`);
    await sleep(15);
    seen = committedBlocks(dataDir);
  }
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  assert.equal(signal, 'SIGKILL', `replay ended by itself (exit ${code}) before the kill:\n${output.slice(0, 2000)}`);
  return seen;
}

/**
 * Opens what the killed process left, as a restart would, and checks no block is half written.
 * It checks a copy (without the -shm index, so SQLite recovers from the WAL) because closing a
 * connection on the real folder would checkpoint the WAL and spare the next run its recovery.
 */
function storedAfterKill(dataDir: string, round: number): number {
  const copy = join(dir, `after-kill-${round}`);
  mkdirSync(copy);
  for (const file of [STORE, `${STORE}-wal`]) {
    if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(copy, file));
  }
  const db = openDatabase(join(copy, STORE));
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const blocks = count('SELECT count(*) FROM blocks');
    const halfWritten = count(`
      SELECT count(*) FROM blocks b
      WHERE NOT EXISTS (SELECT 1 FROM ghostdag g WHERE g.hash = b.hash)
         OR NOT EXISTS (SELECT 1 FROM reachability r WHERE r.hash = b.hash)
         OR (lower(hex(b.hash)) <> (SELECT CAST(value AS TEXT) FROM meta WHERE key = 'genesis')
             AND NOT EXISTS (SELECT 1 FROM block_parents p WHERE p.child = b.hash))`);
    assert.equal(halfWritten, 0, `round ${round}: blocks stored without their GHOSTDAG, reachability or parents`);
    const withoutUtxo = count(`
      SELECT count(*) FROM blocks b
      WHERE NOT EXISTS (SELECT 1 FROM block_bodies x WHERE x.hash = b.hash)
         OR NOT EXISTS (SELECT 1 FROM block_utxo u WHERE u.hash = b.hash)`);
    assert.equal(withoutUtxo, 0, `round ${round}: blocks stored without their body or UTXO state`);
    const strays = count(`
      SELECT (SELECT count(*) FROM ghostdag g WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = g.hash))
           + (SELECT count(*) FROM block_parents p WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = p.child))
           + (SELECT count(*) FROM tips t WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = t.hash))`);
    assert.equal(strays, 0, `round ${round}: rows of a block that is not stored`);
    const sinkStored = count(`
      SELECT count(*) FROM blocks
      WHERE lower(hex(hash)) = (SELECT CAST(value AS TEXT) FROM meta WHERE key = 'sink')`);
    assert.equal(sinkStored, 1, `round ${round}: the sink is not a stored block`);
    return blocks;
  } finally {
    db.close();
  }
}

describe('replay survives being killed', () => {
  it('SIGKILLed at random points, resumes every time to the same sink and UTXO commitment as an uninterrupted run', async (t) => {
    const reference = runToEnd(join(dir, 'uninterrupted'));
    assert.deepEqual(
      { accepted: reference.accepted, rejected: reference.rejected, known: reference.known },
      { accepted: STREAM_BLOCKS, rejected: 0, known: 0 },
    );

    const dataDir = join(dir, 'killed');
    const random = seededRandom(0x5eed_c0de);
    const slot = LAST_KILL_BEFORE / KILLS;
    const storedAtKills: number[] = [];
    let stored = 0;
    for (let round = 0; round < KILLS; round++) {
      // One kill per slice of the stream, and always after this run has committed blocks of its own.
      const target = Math.max(Math.floor((round + random()) * slot), stored + 50);
      const seen = await killMidImport(dataDir, target);
      const afterKill = storedAfterKill(dataDir, round);
      assert.ok(afterKill >= seen, `round ${round}: ${seen} blocks were committed, only ${afterKill} survived`);
      assert.ok(afterKill > stored, `round ${round}: the store went from ${stored} to ${afterKill} blocks`);
      stored = afterKill;
      storedAtKills.push(stored);
    }

    const resumed = runToEnd(dataDir);
    assert.equal(resumed.rejected, 0);
    assert.equal(resumed.known, stored - 1, 'every block kept through the kills counts as already in store');
    assert.equal(resumed.accepted + resumed.known, STREAM_BLOCKS);
    assert.equal(resumed.sink, reference.sink);
    assert.equal(resumed.utxoCommitment, reference.utxoCommitment);
    const db = openDatabase(join(dataDir, STORE));
    try {
      assert.equal(
        db.prepare('SELECT count(*) FROM blocks').pluck().get(),
        STREAM_BLOCKS + 1,
        'the stream and genesis',
      );
    } finally {
      db.close();
    }
    t.diagnostic(`blocks stored at each kill: ${storedAtKills.join(', ')}`);
  });
});
