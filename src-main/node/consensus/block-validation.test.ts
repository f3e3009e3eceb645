import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bytesToHex } from '../encoding/hex.ts';
import { readJsonDagStream, type StreamBlock } from '../replay/json-dag-stream.ts';
import { streamNetwork } from '../replay/stream-network.ts';
import { ConsensusStore } from '../store/consensus-store.ts';
import { seededBytes } from '../test-support/seeded-random.ts';
import { remine } from '../test-support/remine.ts';
import { tableDigest } from '../test-support/store-digest.ts';
import { ERA1_STREAMS, vectorPath } from '../test-support/vectors.ts';
import { Consensus } from './consensus.ts';
import { hashMerkleRoot } from './hashing/merkle.ts';
import { transactionId } from './hashing/tx-hash.ts';
import { keyOf } from './model/block-key.ts';
import type { BlockHeader } from './model/header.ts';
import type { Transaction } from './model/transaction.ts';
import { ScriptErrorCode } from './script/script-error.ts';

/**
 * Bodies of real blocks (goref-905-tx-265-blocks, real P2PK Schnorr spends) mutated one rule at
 * a time. Body rules reject the block and leave the store as it was. UTXO rules, as in kaspad,
 * keep the block in the DAG but disqualify it from the selected chain: the sink and the UTXO set
 * stay as they were.
 */
const dir = mkdtempSync(join(tmpdir(), 'dagwallet-blocks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cloneTx = (tx: Transaction): Transaction => ({
  ...tx,
  inputs: tx.inputs.map((i) => ({ ...i, previousOutpoint: { ...i.previousOutpoint } })),
  outputs: tx.outputs.map((o) => ({ ...o })),
});

/** The block with its transactions changed, its merkle root recomputed and its nonce re-mined. */
function withTransactions(block: StreamBlock, change: (txs: Transaction[]) => void): [BlockHeader, Transaction[]] {
  const txs = block.transactions.map(cloneTx);
  change(txs);
  return [remine({ ...block.header, hashMerkleRoot: hashMerkleRoot(txs) }), txs];
}

describe('block bodies: one mutation per rule', () => {
  const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string));
  const targetIndex = stream.blocks.findIndex((b, i) => i > 150 && b.transactions.length >= 3);
  const target = stream.blocks[targetIndex] as StreamBlock;
  let store: ConsensusStore;
  let consensus: Consensus;
  let before_: string;

  before(() => {
    store = ConsensusStore.open(join(dir, 'store.sqlite'));
    const { params, genesis } = streamNetwork(stream);
    const lastTimestamp = Math.max(...stream.blocks.map((b) => b.header.timestamp));
    consensus = new Consensus(store, {
      params,
      genesis,
      genesisTransactions: stream.blocks[0]?.transactions,
      now: () => lastTimestamp,
    });
    for (const block of stream.blocks.slice(1, targetIndex)) consensus.insertBlock(block.header, block.transactions);
    before_ = tableDigest(store.db);
  });
  after(() => store.close());

  const rejects = ([header, txs]: [BlockHeader, Transaction[]], code: string) => {
    assert.throws(
      () => consensus.insertBlock(header, txs),
      (e: { code?: string }) => e.code === code,
      `expected ${code}`,
    );
    assert.equal(tableDigest(store.db), before_, `store changed after a ${code} rejection`);
  };

  const disqualifies = ([header, txs]: [BlockHeader, Transaction[]], accept: (code: string) => boolean) => {
    const sink = consensus.sink();
    const chainState = tableDigest(store.db, ['utxo_set']);
    const result = consensus.insertBlock(header, txs);
    assert.equal(result.utxo?.status, 'disqualified');
    assert.ok(result.utxo?.status === 'disqualified' && accept(result.utxo.code), JSON.stringify(result.utxo));
    assert.equal(consensus.sink(), sink, 'the sink moved to a disqualified block');
    assert.equal(tableDigest(store.db, ['utxo_set']), chainState, 'the UTXO set changed');
  };

  it('a wrong merkle root: BAD_MERKLE_ROOT', () =>
    rejects(
      [remine({ ...target.header, hashMerkleRoot: seededBytes(1, 32) }), target.transactions],
      'BAD_MERKLE_ROOT',
    ));

  it('a double spend inside the block: DOUBLE_SPEND_IN_SAME_BLOCK', () =>
    rejects(
      withTransactions(target, (txs) => {
        const [, first, second] = txs as [Transaction, Transaction, Transaction];
        second.inputs.push({ ...(first.inputs[0] as Transaction['inputs'][number]) });
      }),
      'DOUBLE_SPEND_IN_SAME_BLOCK',
    ));

  it('a block over the mass limit: BLOCK_MASS_TOO_HIGH', () =>
    rejects(
      withTransactions(target, (txs) => {
        const tx = txs[1] as Transaction;
        const output = tx.outputs[0] as Transaction['outputs'][number];
        for (let i = 0; i < 1500; i++) tx.outputs.push({ ...output, value: 1n });
      }),
      'BLOCK_MASS_TOO_HIGH',
    ));

  it('a coinbase claiming another subsidy: BAD_COINBASE_SUBSIDY', () =>
    rejects(
      withTransactions(target, (txs) => {
        const coinbase = txs[0] as Transaction;
        const payload = coinbase.payload.slice();
        payload[8] = (payload[8] as number) ^ 1; // the subsidy's low byte
        coinbase.payload = payload;
      }),
      'BAD_COINBASE_SUBSIDY',
    ));

  it('a bad signature disqualifies the block with the script error', () =>
    disqualifies(
      withTransactions(target, (txs) => {
        const input = (txs[1] as Transaction).inputs[0] as Transaction['inputs'][number];
        const script = input.signatureScript.slice();
        script[10] = (script[10] as number) ^ 0x01;
        input.signatureScript = script;
      }),
      (code) => code in ScriptErrorCode,
    ));

  it('spending an immature coinbase output disqualifies it: IMMATURE_COINBASE_SPEND', () => {
    // The selected parent's coinbase enters the set with this very block: zero DAA score of maturity.
    const parents = (target.header.parents[0] ?? []).map(keyOf);
    const work = (block: string) => consensus.ghostdagData(block)?.blueWork ?? 0n;
    const selectedParent = parents.reduce((best, p) =>
      work(p) > work(best) || (work(p) === work(best) && p > best) ? p : best,
    );
    const parentBlock = stream.blocks.find((b) => keyOf(b.expectedHash) === selectedParent);
    const coinbase = parentBlock?.transactions[0] as Transaction;
    assert.ok(coinbase.outputs.length > 0);
    disqualifies(
      withTransactions(target, (txs) => {
        const input = (txs[1] as Transaction).inputs[0] as Transaction['inputs'][number];
        input.previousOutpoint = { transactionId: transactionId(coinbase), index: 0 };
      }),
      (code) => code === 'IMMATURE_COINBASE_SPEND',
    );
  });

  it('spending an output already spent disqualifies it: MISSING_TX_OUT', () => {
    const spent = stream.blocks
      .slice(1, targetIndex - 20)
      .flatMap((b) => b.transactions.slice(1))
      .find((tx) => tx.inputs.length > 0) as Transaction;
    disqualifies(
      withTransactions(target, (txs) => {
        const input = (txs[1] as Transaction).inputs[0] as Transaction['inputs'][number];
        input.previousOutpoint = { ...(spent.inputs[0] as Transaction['inputs'][number]).previousOutpoint };
      }),
      (code) => code === 'MISSING_TX_OUT',
    );
  });

  it('an inflated coinbase disqualifies it: BAD_COINBASE_TRANSACTION', () =>
    disqualifies(
      withTransactions(target, (txs) => {
        const output = (txs[0] as Transaction).outputs[0] as Transaction['outputs'][number];
        output.value += 1n;
      }),
      (code) => code === 'BAD_COINBASE_TRANSACTION',
    ));

  it('the real block is still valid afterwards, and the rest of the stream ends on the recorded commitment', () => {
    const result = consensus.insertBlock(target.header, target.transactions);
    assert.deepEqual([result.status, result.utxo?.status], ['inserted', 'valid']);
    for (const block of stream.blocks.slice(targetIndex + 1)) {
      assert.equal(consensus.insertBlock(block.header, block.transactions).utxo?.status, 'valid');
    }
    const sinkHeader = consensus.header(consensus.sink()) as BlockHeader;
    assert.equal(bytesToHex(consensus.sinkMultiset()?.finalize() as Uint8Array), bytesToHex(sinkHeader.utxoCommitment));
  });
});
