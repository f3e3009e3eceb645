import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { CONSENSUS_MIGRATIONS } from '../store/consensus-schema.ts';
import { migrate } from '../store/migrations.ts';
import { openDatabase } from '../store/open-database.ts';
import { signTransaction } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';
import { IndexError } from './index-error.ts';
import {
  allBlocks,
  bruteForceAcceptance,
  bruteForceLocations,
  bruteForceMerges,
  chainOf,
  type ExplorerDag,
  mineExplorerDag,
} from './transaction-brute-force.ts';
import { TransactionIndex } from './transaction-index.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-tx-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));

/** The index against brute force, for every block and every stored transaction. */
function assertMatchesBruteForce(chain: SimnetChain, index: TransactionIndex): void {
  const { consensus } = chain;
  const locations = bruteForceLocations(consensus);
  const accepted = bruteForceAcceptance(consensus);
  const merges = bruteForceMerges(consensus);
  for (const [id, expected] of locations) {
    assert.deepEqual(index.locations(id), expected, `locations of ${id}`);
    assert.deepEqual(index.acceptance(id), accepted.get(id), `acceptance of ${id}`);
  }
  assert.ok(
    [...accepted.keys()].every((id) => locations.has(id)),
    'every accepted transaction is stored',
  );
  for (const block of allBlocks(consensus))
    assert.deepEqual(index.merge(block), merges.get(block), `merge of ${block}`);
  const chainBlocks = chainOf(consensus);
  for (const block of chainBlocks) {
    assert.equal(index.chainBlockAt((consensus.ghostdagData(block) as { blueScore: number }).blueScore), block);
  }
  const rows = consensus.store.db.prepare('SELECT count(*) FROM selected_chain').pluck().get();
  assert.equal(rows, chainBlocks.length);
  assert.equal(index.tip(), consensus.sink());
}

/** What must not depend on a losing branch: the chain and, for every block and transaction of `blocks`, merges and acceptances. */
function chainAnswers(chain: SimnetChain, index: TransactionIndex, blocks: readonly BlockKey[]) {
  const { consensus } = chain;
  const ids = blocks.flatMap((block) => index.transactionIdsOf(block) ?? []);
  return {
    chain: chainOf(consensus),
    byBlueScore: chainOf(consensus).map((block) =>
      index.chainBlockAt((consensus.ghostdagData(block) as { blueScore: number }).blueScore),
    ),
    merges: blocks.map((block) => [block, index.merge(block)]),
    acceptance: ids.map((id) => [id, index.acceptance(id)]),
  };
}

describe('TransactionIndex', () => {
  let chain: SimnetChain;
  let index: TransactionIndex;
  let dag: ExplorerDag;
  before(() => {
    chain = SimnetChain.open({ path: join(dir, 'dag.sqlite') });
    index = TransactionIndex.attach(chain.consensus);
    dag = mineExplorerDag(chain);
  });
  after(() => {
    index.close();
    chain.close();
  });

  it('answers as brute force does on a DAG with merged siblings, a red branch and a stale tip', () => {
    const { consensus } = chain;
    assertMatchesBruteForce(chain, index);
    const reds = dag.sideBranch.filter((block) => index.merge(block)?.color === 'red');
    assert.ok(reds.length >= 5, `${reds.length} reds`);
    assert.equal(index.merge(dag.carolBlock)?.color, 'red', 'the payment to carol sits in a red block');
    assert.ok(index.acceptance(idOf(dag.toCarol)), 'a red block’s transaction is accepted');
    assert.ok(dag.mergedSiblings.some((block) => index.merge(block)?.color === 'blue' && !index.isChainBlock(block)));
    assert.equal(index.merge(dag.stale), undefined, 'the stale tip is unmerged');
    assert.equal(index.isChainBlock(consensus.sink()), true);
    assert.equal(index.isChainBlock(consensus.genesis), true);
    assert.deepEqual(index.merge(consensus.genesis), {
      mergedBy: consensus.genesis,
      mergedByBlueScore: 0,
      color: 'blue',
    });
  });

  it('finds a transaction in every block holding it, accepted once', () => {
    const id = idOf(dag.twice);
    const locations = index.locations(id);
    assert.deepEqual(new Set(locations.map((l) => l.block)), new Set(dag.twiceBlocks));
    assert.deepEqual(
      locations.map((l) => l.position),
      [1, 1],
    );
    assert.deepEqual(index.transaction(id), dag.twice);
    const acceptance = index.acceptance(id);
    assert.ok(acceptance);
    assert.equal(
      chain.consensus.acceptedTransactions(acceptance.acceptingBlock).filter((tx) => idOf(tx) === id).length,
      1,
    );
    assert.equal(index.locations('ab'.repeat(32)).length, 0);
    assert.equal(index.transaction('ab'.repeat(32)), undefined);
    assert.equal(index.acceptance('ab'.repeat(32)), undefined);
  });

  it('lists a body’s transaction IDs, children, and the newest blocks with what a DAG view draws', () => {
    const { consensus } = chain;
    const sinkBody = consensus.store.bodies.get(consensus.sink()) as readonly Transaction[];
    assert.deepEqual(index.transactionIdsOf(consensus.sink()), sinkBody.map(idOf));
    assert.equal(index.transactionIdsOf('cd'.repeat(32)), undefined);
    const blocks = allBlocks(consensus);
    const parentsOf = (block: BlockKey) => (consensus.header(block)?.parents[0] ?? []).map((p) => bytesToHex(p));
    for (const block of [consensus.genesis, dag.twiceBlocks[0], dag.sideBranch[3] as BlockKey, dag.stale]) {
      const children = blocks.filter((child) => parentsOf(child).includes(block));
      assert.deepEqual(new Set(index.children(block)), new Set(children));
    }
    assert.deepEqual(index.children(dag.stale), []);

    const recent = index.recentBlocks(120);
    assert.equal(recent.length, 120);
    const byDaa = [...blocks].sort(
      (x, y) => (consensus.header(y)?.daaScore ?? 0) - (consensus.header(x)?.daaScore ?? 0),
    );
    const cutoff = consensus.header(recent.at(-1)?.hash as BlockKey)?.daaScore as number;
    assert.deepEqual(
      new Set(recent.map((row) => row.hash)),
      new Set([
        ...byDaa.filter((b) => (consensus.header(b)?.daaScore as number) > cutoff),
        ...recent.filter((row) => row.daaScore === cutoff).map((row) => row.hash),
      ]),
    );
    const merges = bruteForceMerges(consensus);
    for (const [i, row] of recent.entries()) {
      if (i > 0) assert.ok((recent[i - 1]?.daaScore as number) >= row.daaScore, 'newest first');
      const header = consensus.header(row.hash);
      const ghostdag = consensus.ghostdagData(row.hash);
      assert.ok(header && ghostdag);
      assert.deepEqual(row, {
        hash: row.hash,
        daaScore: header.daaScore,
        blueScore: ghostdag.blueScore,
        timestamp: header.timestamp,
        parents: parentsOf(row.hash),
        selectedParent: ghostdag.selectedParent,
        merge: merges.get(row.hash),
        transactionCount: consensus.store.bodies.get(row.hash)?.length,
      });
    }
    assert.ok(recent.some((row) => row.hash === dag.stale && row.merge === undefined));
    const all = index.recentBlocks(10_000);
    assert.equal(all.length, blocks.length);
    assert.equal(all.at(-1)?.hash, consensus.genesis);
    assert.equal(all.at(-1)?.selectedParent, null);
  });

  it('refuses malformed arguments with typed errors', () => {
    const bad = (run: () => unknown) =>
      assert.throws(run, (error) => error instanceof IndexError && error.code === 'BAD_ARGUMENT');
    bad(() => index.locations('AB'.repeat(32)));
    bad(() => index.acceptance('abc'));
    bad(() => index.merge('zz'.repeat(32)));
    bad(() => index.recentBlocks(-1));
    bad(() => index.recentBlocks(1.5));
    bad(() => index.chainBlockAt(-2));
  });
});

describe('TransactionIndex across reorganisations', () => {
  const miner = testKey('miner');
  const rival = testKey('rival');
  const alice = testKey('alice');
  const bob = testKey('bob');

  /** The answers of a new store fed only `blocks` (in order), with its index attached from the start. */
  function freshAnswers(chain: SimnetChain, blocks: readonly BlockKey[], name: string) {
    const fresh = SimnetChain.open({ path: join(dir, `${name}.sqlite`) });
    const index = TransactionIndex.attach(fresh.consensus);
    for (const block of blocks)
      fresh.insert(chain.blocks.get(block) as NonNullable<ReturnType<typeof chain.blocks.get>>);
    assert.equal(fresh.consensus.sink(), blocks.at(-1));
    const answers = chainAnswers(fresh, index, [fresh.consensus.genesis, ...blocks]);
    index.close();
    fresh.close();
    return answers;
  }

  it('a heavier branch takes the old branch’s rows away and brings its own, as a store that only saw it', () => {
    const chain = SimnetChain.open({ path: join(dir, 'reorg.sqlite') });
    const index = TransactionIndex.attach(chain.consensus);
    const prefix = chain.mineChain(104, { payTo: miner.script });
    const fork = prefix.at(-1) as BlockKey;
    const coin = chain.matureCoinbase(miner.script);
    const toAlice = signTransaction(
      [{ ...coin, secretKey: miner.secretKey }],
      [{ value: coin.entry.amount - 1_000n, scriptPublicKey: alice.script }],
    );
    const a = [chain.mine({ payTo: miner.script, parents: [fork], transactions: [toAlice] })];
    a.push(...chain.mineChain(2, { payTo: miner.script, from: a[0] }));
    assert.equal(chain.consensus.sink(), a[2]);
    assert.equal(index.acceptance(idOf(toAlice))?.acceptingBlock, a[1]);

    // Branch B: the same coin pays bob instead, and B is longer.
    const toBob = signTransaction(
      [{ ...coin, secretKey: miner.secretKey }],
      [{ value: coin.entry.amount - 5_000n, scriptPublicKey: bob.script }],
    );
    const b = [chain.mine({ payTo: rival.script, parents: [fork], transactions: [toBob] })];
    b.push(...chain.mineChain(4, { payTo: rival.script, from: b[0] }));
    assert.equal(chain.consensus.sink(), b[4]);
    assert.equal(index.acceptance(idOf(toAlice)), undefined, 'branch A’s acceptance left with it');
    assert.equal(index.acceptance(idOf(toBob))?.acceptingBlock, b[1]);
    for (const block of a) assert.equal(index.merge(block), undefined, 'branch A is unmerged now');
    assert.deepEqual(index.locations(idOf(toAlice)), [{ block: a[0], position: 1 }], 'its body still holds it');
    assertMatchesBruteForce(chain, index);
    const winners = [chain.consensus.genesis, ...prefix, ...b];
    assert.deepEqual(chainAnswers(chain, index, winners), freshAnswers(chain, [...prefix, ...b], 'only-b'));

    // A grows longer again: the chain, and the index, go back.
    const aMore = chain.mineChain(4, { payTo: miner.script, from: a[2] });
    assert.equal(chain.consensus.sink(), aMore[3]);
    assert.equal(index.acceptance(idOf(toBob)), undefined);
    assertMatchesBruteForce(chain, index);
    assert.deepEqual(
      chainAnswers(chain, index, [chain.consensus.genesis, ...prefix, ...a, ...aMore]),
      freshAnswers(chain, [...prefix, ...a, ...aMore], 'only-a'),
    );
    index.close();
    chain.close();
  });
});

describe('TransactionIndex on a store written before it existed', () => {
  /** A copy of a store's consensus data in a database with only migrations 1-4 (no transaction tables). */
  function copyAsV4Store(sourcePath: string, targetPath: string): void {
    const db = openDatabase(targetPath);
    migrate(db, CONSENSUS_MIGRATIONS.slice(0, 4));
    db.prepare('ATTACH DATABASE ? AS source').run(sourcePath);
    db.transaction(() => {
      for (const table of [
        'meta',
        'blocks',
        'block_parents',
        'ghostdag',
        'reachability',
        'tips',
        'block_bodies',
        'block_utxo',
        'utxo_set',
      ]) {
        db.exec(`INSERT INTO main.${table} SELECT * FROM source.${table}`);
      }
    })();
    db.exec('DETACH DATABASE source');
    db.close();
  }

  it('migrates: where every stored transaction lives is filled in, and the first attach indexes the chain', () => {
    const original = SimnetChain.open({ path: join(dir, 'v4-original.sqlite') });
    const dag = mineExplorerDag(original);
    const originalIndex = TransactionIndex.attach(original.consensus);
    const blocks = allBlocks(original.consensus);
    const expected = chainAnswers(original, originalIndex, blocks);
    originalIndex.close();
    original.close();

    const path = join(dir, 'v4.sqlite');
    copyAsV4Store(join(dir, 'v4-original.sqlite'), path);
    const migrated = SimnetChain.open({ path });
    const { db } = migrated.store;
    assert.equal(db.pragma('user_version', { simple: true }), CONSENSUS_MIGRATIONS.length);
    const locations = bruteForceLocations(migrated.consensus);
    const rows = db.prepare('SELECT count(*) FROM transaction_blocks').pluck().get() as number;
    assert.equal(
      rows,
      [...locations.values()].reduce((n, list) => n + list.length, 0),
    );
    assert.equal(db.prepare('SELECT count(*) FROM selected_chain').pluck().get(), 0, 'nothing indexed yet');
    const index = TransactionIndex.attach(migrated.consensus);
    assert.deepEqual(chainAnswers(migrated, index, blocks), expected);
    assert.equal(index.locations(idOf(dag.twice)).length, 2);
    // And keeps both in step from here on.
    migrated.mine();
    assertMatchesBruteForce(migrated, index);
    index.close();
    migrated.close();
  });
});
