import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { decodeUtxoEntry } from '../consensus/utxo/utxo-serialization.ts';
import { CONSENSUS_MIGRATIONS } from '../store/consensus-schema.ts';
import { migrate } from '../store/migrations.ts';
import { openDatabase } from '../store/open-database.ts';
import { utxoScriptKey } from '../store/utxo-set-repository.ts';
import { AddressIndex } from './address-index.ts';
import { bruteForceHistory, bruteForceUtxos, byOutpoint, indexAnswers } from './brute-force.ts';
import { signTransaction } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-index-recovery-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const miner = testKey('miner');
const alice = testKey('alice');
const bob = testKey('bob');
const everyone = [miner, alice, bob].map((key) => key.script);

function assertMatchesBruteForce(chain: SimnetChain, index: AddressIndex): void {
  assert.equal(index.tip(), chain.consensus.sink());
  assert.deepEqual(index.history(everyone), bruteForceHistory(chain, everyone));
  assert.deepEqual(index.utxosByScripts(everyone).sort(byOutpoint), bruteForceUtxos(chain, everyone));
}

/** Pays `value` of the oldest mature coinbase of the miner to `to`, the rest back to the miner. */
function spendToward(chain: SimnetChain, to: typeof alice, value: bigint) {
  const coin = chain.matureCoinbase(miner.script);
  return signTransaction(
    [{ ...coin, secretKey: miner.secretKey }],
    [
      { value, scriptPublicKey: to.script },
      { value: coin.entry.amount - value - 1_000n, scriptPublicKey: miner.script },
    ],
  );
}

/** A copy of a store's consensus data in a database with only migrations 1-2 (no script column, no history). */
function copyAsV2Store(sourcePath: string, targetPath: string): void {
  const db = openDatabase(targetPath);
  migrate(db, CONSENSUS_MIGRATIONS.slice(0, 2));
  db.prepare('ATTACH DATABASE ? AS source').run(sourcePath);
  db.transaction(() => {
    for (const table of ['meta', 'blocks', 'block_parents', 'ghostdag', 'reachability', 'tips', 'block_bodies']) {
      db.exec(`INSERT INTO main.${table} SELECT * FROM source.${table}`);
    }
    db.exec('INSERT INTO main.block_utxo SELECT * FROM source.block_utxo');
    db.exec('INSERT INTO main.utxo_set (outpoint, entry) SELECT outpoint, entry FROM source.utxo_set');
  })();
  db.exec('DETACH DATABASE source');
  db.close();
}

const columnsOf = (db: ReturnType<typeof openDatabase>, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);

describe('AddressIndex recovery', () => {
  it('migrates a v2 store (utxo_set rows get their script key) and indexes it to the answers of the original', () => {
    const original = SimnetChain.open({ path: join(dir, 'original.sqlite') });
    original.mineChain(104, { payTo: miner.script });
    original.mine({ payTo: miner.script, transactions: [spendToward(original, alice, 7n * 100_000_000n)] });
    original.mine({ payTo: miner.script });
    const originalIndex = AddressIndex.attach(original.consensus);
    const expected = indexAnswers(originalIndex, everyone);
    assert.ok(expected.history.some((row) => !row.isCoinbase));
    originalIndex.close();
    original.close();

    const path = join(dir, 'v2.sqlite');
    copyAsV2Store(join(dir, 'original.sqlite'), path);
    const v2 = openDatabase(path);
    assert.equal(v2.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(columnsOf(v2, 'utxo_set'), ['outpoint', 'entry']);
    const rows = v2.prepare('SELECT count(*) FROM utxo_set').pluck().get() as number;
    assert.ok(rows > 100);
    v2.close();

    const migrated = SimnetChain.open({ path });
    const { db } = migrated.store;
    assert.equal(db.pragma('user_version', { simple: true }), CONSENSUS_MIGRATIONS.length);
    assert.deepEqual(columnsOf(db, 'utxo_set'), ['outpoint', 'script', 'entry']);
    assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'utxo_set_by_script'").get());
    const converted = db.prepare('SELECT script, entry FROM utxo_set').raw().all() as [Buffer, Buffer][];
    assert.equal(converted.length, rows);
    for (const [script, entry] of converted) {
      assert.deepEqual(script, utxoScriptKey(decodeUtxoEntry(entry).scriptPublicKey));
    }
    // No history yet: the first attach indexes the whole chain.
    const index = AddressIndex.attach(migrated.consensus);
    assert.deepEqual(indexAnswers(index, everyone), expected);
    // And the migrated store keeps both in step from here on.
    migrated.mine({ payTo: miner.script, transactions: [spendToward(migrated, bob, 3n * 100_000_000n)] });
    migrated.mine({ payTo: miner.script });
    assertMatchesBruteForce(migrated, index);
    assert.deepEqual(index.isUsed([bob.script]), [true]);
    index.close();
    migrated.close();
  });

  it('catches up on attach with what was committed while it was detached, a reorg of its tip included', () => {
    const chain = SimnetChain.open({ path: join(dir, 'detached.sqlite') });
    const tipRow = () =>
      (chain.store.db.prepare('SELECT hex(block) FROM address_index_tip').pluck().get() as string).toLowerCase();
    const rowsAcceptedBy = (blocks: readonly BlockKey[]) =>
      chain.store.db
        .prepare(
          'SELECT count(*) FROM address_history WHERE hex(accepting_block) IN (SELECT upper(value) FROM json_each(?))',
        )
        .pluck()
        .get(JSON.stringify(blocks)) as number;
    let index = AddressIndex.attach(chain.consensus);
    const fork = chain.mineChain(104, { payTo: miner.script }).at(-1) as BlockKey;
    const toAlice = spendToward(chain, alice, 5n * 100_000_000n);
    const a = chain.mineChain(1, { payTo: miner.script, from: fork });
    a.push(chain.mine({ payTo: miner.script, parents: [a[0] as BlockKey], transactions: [toAlice] }));
    a.push(...chain.mineChain(1, { payTo: miner.script, from: a[1] }));
    assert.equal(tipRow(), a[2]);
    assert.deepEqual(index.isUsed([alice.script]), [true]);
    index.close();

    // Detached: a longer branch from the fork takes the chain; the tables still hold branch A.
    const b = chain.mineChain(5, { payTo: miner.script, from: fork });
    b.push(
      chain.mine({ payTo: miner.script, parents: [b[4] as BlockKey], transactions: [spendToward(chain, bob, 10n)] }),
    );
    b.push(...chain.mineChain(1, { payTo: miner.script, from: b[5] }));
    assert.equal(chain.consensus.sink(), b[6]);
    assert.equal(tipRow(), a[2]);
    assert.ok(rowsAcceptedBy(a) > 0);

    index = AddressIndex.attach(chain.consensus);
    assert.equal(tipRow(), b[6]);
    assert.equal(rowsAcceptedBy(a), 0);
    assertMatchesBruteForce(chain, index);
    // Alice's payment left the chain's history; the virtual, which merges branch A's tip, still
    // accepts it (its coin is not the one bob was paid from), so her output is pending there.
    assert.deepEqual(index.history([alice.script]), []);
    assert.deepEqual(index.isUsed([alice.script, bob.script]), [true, true]);
    index.close();

    // A tip that is no block of this store (a damaged row): the index is rebuilt from genesis.
    chain.store.db.prepare('UPDATE address_index_tip SET block = ?').run(Buffer.alloc(32, 7));
    chain.store.db
      .prepare(
        `INSERT INTO address_history (blue_score, position, script, accepting_block, transaction_id, received, sent, fee, is_coinbase)
         VALUES (1, 9, ?, ?, ?, 1, 0, 0, 0)`,
      )
      .run(utxoScriptKey(alice.script), Buffer.alloc(32, 7), Buffer.alloc(32, 8));
    index = AddressIndex.attach(chain.consensus);
    assertMatchesBruteForce(chain, index);
    index.close();
    chain.close();
  });

  it('after SIGKILL, right after a block commits or at any other point, each reopen catches up to the brute-force answers', async (t) => {
    const path = join(dir, 'killed.sqlite');
    // Rounds of blocks on the virtual's parents, every other one with a rival sibling that may take
    // the chain by hash; once coinbases mature, spends to alice. Each round is reported on stdout.
    // With DAGWALLET_TEST_KILL_AT set, the child kills itself from a chain listener that runs
    // before the index's: after the block's commit, before the index has written it.
    const child = `
      import { AddressIndex } from ${JSON.stringify(new URL('./address-index.ts', import.meta.url).href)};
      import { signTransaction } from ${JSON.stringify(new URL('../test-support/signing.ts', import.meta.url).href)};
      import { SimnetChain } from ${JSON.stringify(new URL('../test-support/simnet-chain.ts', import.meta.url).href)};
      import { testKey } from ${JSON.stringify(new URL('../test-support/test-keys.ts', import.meta.url).href)};
      const chain = SimnetChain.open({ path: process.env.DAGWALLET_TEST_STORE });
      let changes = 0;
      chain.consensus.onChainChanged(() => {
        if (++changes === Number(process.env.DAGWALLET_TEST_KILL_AT)) process.kill(process.pid, 'SIGKILL');
      });
      AddressIndex.attach(chain.consensus);
      const miner = testKey('miner');
      const alice = testKey('alice');
      for (let round = 0; ; round++) {
        const parents = chain.consensus.virtualState().parents;
        let transactions = [];
        try {
          const coin = chain.matureCoinbase(miner.script);
          if (round % 3 === 0) transactions = [signTransaction([{ ...coin, secretKey: miner.secretKey }], [{ value: coin.entry.amount - 500n, scriptPublicKey: alice.script }])];
        } catch {}
        chain.mine({ payTo: miner.script, parents, transactions });
        if (round % 2 === 0) chain.mine({ payTo: alice.script, parents });
        process.stdout.write(round + '\\n');
      }
    `;
    // Kill at a chain change (by the child itself) or once a round was printed (by us, wherever it is).
    const crashes: { killAtChange?: number; killAfterRound?: number }[] = [
      { killAtChange: 70 },
      { killAfterRound: 75 },
      { killAtChange: 45 },
    ];
    for (const [i, crash] of crashes.entries()) {
      const env = { DAGWALLET_TEST_STORE: path, DAGWALLET_TEST_KILL_AT: String(crash.killAtChange ?? '') };
      await runUntilKilled(child, env, crash.killAfterRound ?? Infinity);
      const chain = SimnetChain.open({ path });
      const behind = chain.store.db.prepare('SELECT hex(block) FROM address_index_tip').pluck().get() as string;
      const index = AddressIndex.attach(chain.consensus);
      assertMatchesBruteForce(chain, index);
      const history = index.history(everyone);
      t.diagnostic(
        `killed ${crash.killAtChange ? `at chain change ${crash.killAtChange}` : `after round ${crash.killAfterRound}`}: sink blue score ${chain.consensus.header(chain.consensus.sink())?.blueScore}, ` +
          `index was ${behind.toLowerCase() === chain.consensus.sink() ? 'at' : 'behind'} the sink, ` +
          `${history.length} rows, ${history.filter((row) => !row.isCoinbase).length} of spends`,
      );
      if (crash.killAtChange !== undefined)
        assert.notEqual(behind.toLowerCase(), chain.consensus.sink(), 'killed before the index wrote');
      if (i === crashes.length - 1)
        assert.ok(
          history.some((row) => !row.isCoinbase),
          'the chain got as far as spending',
        );
      index.close();
      chain.close();
    }
  });
});

/** Runs `code` as an ES module and waits for its death by SIGKILL: its own, or ours once it has printed `lines` lines. */
function runUntilKilled(code: string, env: Record<string, string>, lines: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').length - 1;
      if (seen >= lines) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`the child stopped by itself: ${stderr}`)),
    );
  });
}
