import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';
import { signTransaction } from '../test-support/signing.ts';
import {
  allBlocks,
  bruteForceAcceptance,
  bruteForceLocations,
  bruteForceMerges,
  chainOf,
} from './transaction-brute-force.ts';
import { TransactionIndex } from './transaction-index.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-tx-index-recovery-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const miner = testKey('miner');
const alice = testKey('alice');

function assertMatchesBruteForce(chain: SimnetChain, index: TransactionIndex): void {
  const { consensus } = chain;
  assert.equal(index.tip(), consensus.sink());
  const accepted = bruteForceAcceptance(consensus);
  for (const [id, locations] of bruteForceLocations(consensus)) {
    assert.deepEqual(index.locations(id), locations);
    assert.deepEqual(index.acceptance(id), accepted.get(id), `acceptance of ${id}`);
  }
  const merges = bruteForceMerges(consensus);
  for (const block of allBlocks(consensus))
    assert.deepEqual(index.merge(block), merges.get(block), `merge of ${block}`);
  const chainRows = consensus.store.db.prepare('SELECT count(*) FROM selected_chain').pluck().get();
  assert.equal(chainRows, chainOf(consensus).length);
}

/** Pays `value` of the oldest mature coinbase of the miner to alice, the rest back to the miner. */
function payAlice(chain: SimnetChain, value: bigint) {
  const coin = chain.matureCoinbase(miner.script);
  return signTransaction(
    [{ ...coin, secretKey: miner.secretKey }],
    [
      { value, scriptPublicKey: alice.script },
      { value: coin.entry.amount - value - 1_000n, scriptPublicKey: miner.script },
    ],
  );
}

describe('TransactionIndex recovery', () => {
  it('catches up on attach with what was committed while it was detached, a reorg of its tip included', () => {
    const chain = SimnetChain.open({ path: join(dir, 'detached.sqlite') });
    const tipRow = () =>
      (chain.store.db.prepare('SELECT hex(block) FROM transaction_index_tip').pluck().get() as string).toLowerCase();
    const chainRowsOf = (blocks: readonly BlockKey[]) =>
      chain.store.db
        .prepare('SELECT count(*) FROM selected_chain WHERE hex(block) IN (SELECT upper(value) FROM json_each(?))')
        .pluck()
        .get(JSON.stringify(blocks)) as number;
    let index = TransactionIndex.attach(chain.consensus);
    const fork = chain.mineChain(104, { payTo: miner.script }).at(-1) as BlockKey;
    const a = chain.mineChain(1, { payTo: miner.script, from: fork });
    a.push(chain.mine({ payTo: miner.script, parents: [a[0] as BlockKey], transactions: [payAlice(chain, 5n)] }));
    a.push(...chain.mineChain(1, { payTo: miner.script, from: a[1] }));
    assert.equal(tipRow(), a[2]);
    index.close();

    // Detached: a longer branch from the fork takes the chain; the tables still hold branch A.
    const b = chain.mineChain(5, { payTo: miner.script, from: fork });
    b.push(chain.mine({ payTo: miner.script, parents: [b[4] as BlockKey], transactions: [payAlice(chain, 7n)] }));
    b.push(...chain.mineChain(1, { payTo: miner.script, from: b[5] }));
    assert.equal(chain.consensus.sink(), b[6]);
    assert.equal(tipRow(), a[2]);
    assert.equal(chainRowsOf(a), 3);
    assert.equal(chainRowsOf(b), 0);

    index = TransactionIndex.attach(chain.consensus);
    assert.equal(tipRow(), b[6]);
    assert.equal(chainRowsOf(a), 0);
    assert.equal(chainRowsOf(b), 7);
    assertMatchesBruteForce(chain, index);
    index.close();

    // A tip that is no block of this store (a damaged row), with a stray row: rebuilt from genesis.
    chain.store.db.prepare('UPDATE transaction_index_tip SET block = ?').run(Buffer.alloc(32, 7));
    chain.store.db
      .prepare('INSERT INTO transaction_acceptance (transaction_id, blue_score, position) VALUES (?, 1, 0)')
      .run(Buffer.alloc(32, 8));
    index = TransactionIndex.attach(chain.consensus);
    assertMatchesBruteForce(chain, index);
    assert.equal(index.acceptance('08'.repeat(32)), undefined);
    index.close();
    chain.close();
  });

  it('after SIGKILL, right after a block commits or at any other point, each reopen catches up to brute force', async (t) => {
    const path = join(dir, 'killed.sqlite');
    // Rounds of blocks on the virtual's parents, every other one with a rival sibling that may take
    // the chain by hash; once coinbases mature, spends to alice. Each round is reported on stdout.
    // With DAGWALLET_TEST_KILL_AT set, the child kills itself from a chain listener that runs
    // before the index's: after the block's commit, before the index has written it.
    const child = `
      import { TransactionIndex } from ${JSON.stringify(new URL('./transaction-index.ts', import.meta.url).href)};
      import { signTransaction } from ${JSON.stringify(new URL('../test-support/signing.ts', import.meta.url).href)};
      import { SimnetChain } from ${JSON.stringify(new URL('../test-support/simnet-chain.ts', import.meta.url).href)};
      import { testKey } from ${JSON.stringify(new URL('../test-support/test-keys.ts', import.meta.url).href)};
      const chain = SimnetChain.open({ path: process.env.DAGWALLET_TEST_STORE });
      let changes = 0;
      chain.consensus.onChainChanged(() => {
        if (++changes === Number(process.env.DAGWALLET_TEST_KILL_AT)) process.kill(process.pid, 'SIGKILL');
      });
      TransactionIndex.attach(chain.consensus);
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
    const crashes: { killAtChange?: number; killAfterRound?: number }[] = [
      { killAtChange: 70 },
      { killAfterRound: 75 },
      { killAtChange: 45 },
    ];
    for (const crash of crashes) {
      const env = { DAGWALLET_TEST_STORE: path, DAGWALLET_TEST_KILL_AT: String(crash.killAtChange ?? '') };
      await runUntilKilled(child, env, crash.killAfterRound ?? Infinity);
      const chain = SimnetChain.open({ path });
      const behind = (
        chain.store.db.prepare('SELECT hex(block) FROM transaction_index_tip').pluck().get() as string
      ).toLowerCase();
      const index = TransactionIndex.attach(chain.consensus);
      assertMatchesBruteForce(chain, index);
      const accepted = bruteForceAcceptance(chain.consensus).size;
      t.diagnostic(
        `killed ${crash.killAtChange ? `at chain change ${crash.killAtChange}` : `after round ${crash.killAfterRound}`}: ` +
          `sink blue score ${chain.consensus.header(chain.consensus.sink())?.blueScore}, ` +
          `index was ${behind === chain.consensus.sink() ? 'at' : 'behind'} the sink, ${accepted} accepted transactions`,
      );
      if (crash.killAtChange !== undefined)
        assert.notEqual(behind, chain.consensus.sink(), 'killed before the index wrote');
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
