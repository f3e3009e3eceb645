import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction } from '../consensus/model/transaction.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { AddressIndex, type AddressHistoryRow } from './address-index.ts';
import { IndexError } from './index-error.ts';
import { bruteForceHistory, bruteForceUtxos, byOutpoint, indexAnswers } from './brute-force.ts';
import { signTransaction } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-address-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const KAS = 100_000_000n;
const miner = testKey('miner');
const alice = testKey('alice');
const bob = testKey('bob');
const carol = testKey('carol');
const everyone = [miner, alice, bob, carol].map((key) => key.script);

function assertMatchesBruteForce(chain: SimnetChain, index: AddressIndex): void {
  for (const scripts of [everyone, [alice.script], [bob.script, carol.script]]) {
    assert.deepEqual(index.utxosByScripts(scripts).sort(byOutpoint), bruteForceUtxos(chain, scripts));
  }
  const history = bruteForceHistory(chain, everyone);
  assert.deepEqual(index.history(everyone), history);
  const transactions = (rows: AddressHistoryRow[]) => new Set(rows.map((row) => row.transactionId)).size;
  assert.equal(index.transactionCount(everyone), transactions(history));
  assert.equal(index.transactionCount([alice.script]), transactions(bruteForceHistory(chain, [alice.script])));
  assert.equal(index.transactionCount([]), 0);
}

const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));
const rowsOf = (rows: AddressHistoryRow[], tx: Transaction) => rows.filter((row) => row.transactionId === idOf(tx));

describe('AddressIndex on a simnet chain', () => {
  const chain = SimnetChain.open({ path: join(dir, 'follow.sqlite') });
  let index = AddressIndex.attach(chain.consensus);
  const mine = (options: { parents?: BlockKey[]; transactions?: Transaction[] } = {}): BlockKey => {
    const hash = chain.mine({ payTo: miner.script, ...options });
    assertMatchesBruteForce(chain, index);
    return hash;
  };

  it('answers every block with the virtual UTXO set by script and the coinbase history', () => {
    for (let i = 0; i < 105; i++) mine();
    const rows = index.history([miner.script]);
    // Chain block n accepts block n-1's coinbase, which pays block n-2's miner (block 1's pays genesis's).
    assert.equal(rows.length, 103);
    const subsidy = rows[0]?.received as bigint;
    assert.ok(subsidy > 0n);
    for (const row of rows) {
      assert.deepEqual(
        { received: row.received, sent: row.sent, fee: row.fee, isCoinbase: row.isCoinbase, at: row.acceptanceIndex },
        { received: subsidy, sent: 0n, fee: 0n, isCoinbase: true, at: 0 },
      );
      assert.equal(row.timestamp, chain.consensus.header(row.acceptingBlock)?.timestamp);
    }
    // The sink's own coinbase is in the virtual's set, not yet in any chain block's history.
    const sinkCoinbase = chain.blocks.get(chain.consensus.sink())?.transactions[0] as Transaction;
    assert.ok(index.utxosByScripts([miner.script]).some(({ outpoint }) => outpoint === `${idOf(sinkCoinbase)}:0`));
    assert.equal(rowsOf(rows, sinkCoinbase).length, 0);
    assert.deepEqual(index.isUsed([miner.script, alice.script]), [true, false]);
  });

  it('records a signed spend: received, sent and fee exact, inputs = outputs + fee', () => {
    const coinbase = chain.matureCoinbase(miner.script);
    const fee = 2_000n;
    const change = coinbase.entry.amount - 10n * KAS - fee;
    const spend = signTransaction(
      [{ ...coinbase, secretKey: miner.secretKey }],
      [
        { value: 10n * KAS, scriptPublicKey: alice.script },
        { value: change, scriptPublicKey: miner.script },
      ],
    );
    mine({ transactions: [spend] });
    // In the sink, accepted only by the virtual so far: alice has the output, not yet the history.
    assert.deepEqual(
      index.utxosByScripts([alice.script]).map(({ outpoint }) => outpoint),
      [`${idOf(spend)}:0`],
    );
    assert.deepEqual(index.history([alice.script]), []);
    assert.deepEqual(index.isUsed([alice.script]), [true]);

    const accepting = mine();
    const rows = rowsOf(index.history(everyone), spend);
    assert.deepEqual(
      rows.map(({ scriptHex, received, sent, fee: rowFee, isCoinbase, acceptingBlock }) => ({
        scriptHex,
        received,
        sent,
        fee: rowFee,
        isCoinbase,
        acceptingBlock,
      })),
      [
        { scriptHex: bytesToHex(miner.script.script), received: change, sent: coinbase.entry.amount },
        { scriptHex: bytesToHex(alice.script.script), received: 10n * KAS, sent: 0n },
      ]
        .sort((x, y) => (x.scriptHex < y.scriptHex ? -1 : 1))
        .map((row) => ({ ...row, fee, isCoinbase: false, acceptingBlock: accepting })),
    );
    const sent = rows.reduce((sum, row) => sum + row.sent, 0n);
    const received = rows.reduce((sum, row) => sum + row.received, 0n);
    assert.equal(sent, received + fee);
    assert.equal(rows[0]?.acceptingBlueScore, chain.consensus.header(accepting)?.blueScore);
    assert.equal(rows[0]?.acceptanceIndex, 1, 'after the coinbase');
  });

  it('finds what a mergeset spent of its own outputs, across a reorg of the blocks that first accepted them', () => {
    const [aliceCoin] = index.utxosByScripts([alice.script]);
    assert.ok(aliceCoin);
    const fork = chain.consensus.sink();
    // Branch M: m1 pays bob from alice's coin; m2 (on m1) passes bob's new coin on to carol.
    const toBob = signTransaction(
      [{ ...aliceCoin, secretKey: alice.secretKey }],
      [
        { value: 4n * KAS, scriptPublicKey: bob.script },
        { value: aliceCoin.entry.amount - 4n * KAS - 1_000n, scriptPublicKey: alice.script },
      ],
    );
    const toCarol = signTransaction(
      [
        {
          outpoint: `${idOf(toBob)}:0`,
          entry: { amount: 4n * KAS, scriptPublicKey: bob.script, blockDaaScore: 0, isCoinbase: false },
          secretKey: bob.secretKey,
        },
      ],
      [{ value: 3n * KAS, scriptPublicKey: carol.script }],
    );
    const m1 = mine({ parents: [fork], transactions: [toBob] });
    const m2 = mine({ parents: [m1], transactions: [toCarol] });
    assert.equal(chain.consensus.sink(), m2);
    assert.ok(rowsOf(index.history([bob.script]), toBob).length === 1, 'm2 accepted m1 on the chain');

    // A longer branch S takes the chain; m1 and m2 leave it, and their acceptances go with them.
    const s1 = mine({ parents: [fork] });
    const s2 = mine({ parents: [s1] });
    const s3 = mine({ parents: [s2] });
    assert.equal(chain.consensus.sink(), s3);
    assert.deepEqual(index.history([bob.script, carol.script]), []);

    // c merges m1 and m2 below s3: toBob and toCarol are accepted by one mergeset, and the diff
    // cancels bob's coin, which toCarol spends.
    const c = mine({ parents: [s3, m2] });
    assert.equal(chain.consensus.sink(), c);
    const cState = chain.consensus.utxoState(c);
    assert.equal(cState?.status, 'valid');
    if (cState?.status !== 'valid') return;
    assert.equal(cState.diff.toRemove.has(`${idOf(toBob)}:0`), false, 'created and spent inside the mergeset');
    const bobRows = index.history([bob.script]);
    assert.deepEqual(
      bobRows.map(({ transactionId: id, received, sent, acceptingBlock }) => ({ id, received, sent, acceptingBlock })),
      [
        { id: idOf(toCarol), received: 0n, sent: 4n * KAS, acceptingBlock: c },
        { id: idOf(toBob), received: 4n * KAS, sent: 0n, acceptingBlock: c },
      ],
    );
    assert.equal(rowsOf(index.history([carol.script]), toCarol)[0]?.fee, 1n * KAS);
    assert.ok((bobRows[0]?.acceptanceIndex as number) > (bobRows[1]?.acceptanceIndex as number));
    assert.deepEqual(index.isUsed(everyone), [true, true, true, true]);
  });

  it('pages newest first without splitting a transaction', () => {
    const all = index.history(everyone);
    for (const limit of [1, 2, 3, 7]) {
      const pages: AddressHistoryRow[] = [];
      let before: AddressHistoryRow | undefined;
      for (;;) {
        const page = index.history(everyone, before ? { limit, before } : { limit });
        if (page.length === 0) break;
        assert.ok(new Set(page.map((row) => row.transactionId)).size <= limit);
        pages.push(...page);
        before = page.at(-1);
      }
      assert.deepEqual(pages, all, `pages of ${limit}`);
    }
    assert.deepEqual(index.history(everyone, { limit: 0 }), []);
  });

  it('gives the same answers after closing and reopening store and index', () => {
    const scripts = [...everyone, testKey('nobody').script];
    const answers = (i: AddressIndex) => indexAnswers(i, scripts);
    const before = answers(index);
    const path = chain.store.db.name;
    index.close();
    chain.close();
    const reopened = SimnetChain.open({ path });
    index = AddressIndex.attach(reopened.consensus);
    assert.deepEqual(answers(index), before);
    assert.equal(index.tip(), reopened.consensus.sink());
    index.close();
    reopened.close();
  });
});

describe('AddressIndex input checks', () => {
  const chain = SimnetChain.open({ path: join(dir, 'inputs.sqlite') });
  const index = AddressIndex.attach(chain.consensus);
  const code = (run: () => unknown): string => {
    try {
      run();
      return 'OK';
    } catch (error) {
      if (error instanceof IndexError) return error.code;
      throw error;
    }
  };

  it('refuses what is not a script, a bad limit or cursor, and use after close, with typed errors', () => {
    const script = new Uint8Array(34);
    assert.equal(
      code(() => index.utxosByScripts([{ version: -1, script }])),
      'BAD_SCRIPT',
    );
    assert.equal(
      code(() => index.utxosByScripts([{ version: 0, script: 'ab' as unknown as Uint8Array }])),
      'BAD_SCRIPT',
    );
    assert.equal(
      code(() => index.history([null as unknown as ScriptPublicKey])),
      'BAD_SCRIPT',
    );
    assert.equal(
      code(() => index.isUsed('x' as unknown as ScriptPublicKey[])),
      'BAD_SCRIPT',
    );
    assert.equal(
      code(() => index.isUsed([{ version: 0, script: new Uint8Array(10_001) }])),
      'BAD_SCRIPT',
    );
    assert.equal(
      code(() => index.history([{ version: 0, script }], { limit: -1 })),
      'BAD_ARGUMENT',
    );
    assert.equal(
      code(() => index.history([{ version: 0, script }], { limit: 1.5 })),
      'BAD_ARGUMENT',
    );
    const badCursor = { acceptingBlueScore: 'x', acceptanceIndex: 0 } as unknown as AddressHistoryRow;
    assert.equal(
      code(() => index.history([{ version: 0, script }], { before: badCursor })),
      'BAD_ARGUMENT',
    );
    assert.equal(
      code(() => index.history([{ version: 0, script }], { limit: 5 })),
      'OK',
    );
    assert.deepEqual(index.isUsed([]), []);
    index.close();
    assert.equal(
      code(() => index.history([{ version: 0, script }])),
      'CLOSED',
    );
    chain.close();
  });
});
