import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transactionId } from '../hashing/tx-hash.ts';
import type { BlockHeader } from '../model/header.ts';
import { SUBNETWORK_ID_REGISTRY, type Transaction } from '../model/transaction.ts';
import { CoinbaseError, type CoinbaseErrorCode } from '../coinbase/coinbase-error.ts';
import { BlockBodyError, type BlockBodyErrorCode } from './block-body-error.ts';
import { validateBodyInIsolation } from './block-body-in-isolation.ts';
import { MAX_SOMPI } from './tx-constants.ts';
import { TxError, type TxErrorCode } from './tx-error.ts';
import { coinbaseTx, recordedStream, withMerkleRoot } from './validation-fixtures.ts';

const { blocks, params } = recordedStream(0);
// A recorded block with a coinbase and at least three transactions to mutate.
const sample = blocks.find((b) => b.transactions.length >= 4);
if (!sample) throw new Error('the recorded stream has no block with three transactions');

/** Deep copies of the sample block, so each test mutates its own. */
function sampleBody(): { header: BlockHeader; transactions: Transaction[] } {
  return structuredClone({ header: sample!.header, transactions: sample!.transactions });
}

function tx(transactions: Transaction[], index: number): Transaction {
  return transactions[index] as Transaction;
}

/** Validates the mutated transactions under a header that commits to them. */
function rejects(
  transactions: Transaction[],
  code: BlockBodyErrorCode | TxErrorCode | CoinbaseErrorCode,
  p = params,
  header = withMerkleRoot(sample!.header, transactions),
): void {
  assert.throws(
    () => validateBodyInIsolation(header, transactions, p),
    (error: unknown) =>
      (error instanceof BlockBodyError || error instanceof TxError || error instanceof CoinbaseError) &&
      error.code === code,
    code,
  );
}

describe('block body in isolation', () => {
  it('accepts all 265 blocks of goref-905-tx-265-blocks and the first 500 of goref-notx-5000-blocks', () => {
    const notx = recordedStream(1, 500);
    for (const block of blocks) validateBodyInIsolation(block.header, block.transactions, params);
    for (const block of notx.blocks) validateBodyInIsolation(block.header, block.transactions, notx.params);
    assert.equal(blocks.length + notx.blocks.length, 765);
  });

  it('checks the merkle root first', () => {
    const { header, transactions } = sampleBody();
    const wrongRoot = { ...header, hashMerkleRoot: new Uint8Array(32) };
    assert.throws(
      () => validateBodyInIsolation(wrongRoot, transactions, params),
      (error: unknown) => error instanceof BlockBodyError && error.code === 'BAD_MERKLE_ROOT',
    );
    // Even when the transactions break later rules as well.
    transactions.push(tx(transactions, 1));
    assert.throws(
      () => validateBodyInIsolation(header, transactions, params),
      (error: unknown) => error instanceof BlockBodyError && error.code === 'BAD_MERKLE_ROOT',
    );
  });

  it('needs transactions, a coinbase first and no second coinbase', () => {
    rejects([], 'NO_TRANSACTIONS');
    const { transactions } = sampleBody();
    rejects(transactions.slice(1), 'FIRST_TX_NOT_COINBASE');
    rejects([...transactions, coinbaseTx()], 'MULTIPLE_COINBASES');
  });

  it("checks the coinbase payload's blue score against the header", () => {
    const { header, transactions } = sampleBody();
    const otherScore = { ...header, blueScore: header.blueScore + 1 };
    assert.throws(
      () => validateBodyInIsolation(otherScore, transactions, params),
      (error: unknown) => error instanceof BlockBodyError && error.code === 'UNEXPECTED_COINBASE_BLUE_SCORE',
    );
    tx(transactions, 0).payload = tx(transactions, 0).payload.slice(0, 18);
    rejects(transactions, 'PAYLOAD_TOO_SHORT');
  });

  it('checks the blue score before the payload length, as kaspad does', () => {
    const { header, transactions } = sampleBody();
    const coinbase = tx(transactions, 0);
    coinbase.payload = new Uint8Array([...coinbase.payload, ...new Uint8Array(params.maxCoinbasePayloadLength)]);
    rejects(transactions, 'COINBASE_PAYLOAD_TOO_LONG');
    const otherScore = withMerkleRoot({ ...header, blueScore: header.blueScore + 1 }, transactions);
    rejects(transactions, 'UNEXPECTED_COINBASE_BLUE_SCORE', params, otherScore);
  });

  it('refuses non-coinbase transactions out of subnetwork order', () => {
    const { transactions } = sampleBody();
    tx(transactions, 1).subnetworkId = SUBNETWORK_ID_REGISTRY.slice();
    rejects(transactions, 'TRANSACTIONS_NOT_SORTED');
    // Sorted, the same transaction meets the subnetwork rules instead.
    rejects([tx(transactions, 0), tx(transactions, 2), tx(transactions, 1)], 'BAD_SUBNETWORK_REGISTRY_PAYLOAD');
  });

  it("surfaces a transaction's own rule with its code", () => {
    const duplicateInput = sampleBody().transactions;
    const spender = tx(duplicateInput, 1);
    spender.inputs.push(structuredClone(spender.inputs[0]!));
    rejects(duplicateInput, 'DUPLICATE_INPUTS');
    const tooRich = sampleBody().transactions;
    tx(tooRich, 2).outputs[0]!.value = MAX_SOMPI + 1n;
    rejects(tooRich, 'OUTPUT_VALUE_TOO_HIGH');
  });

  it('refuses a block heavier than maxBlockMass', () => {
    rejects(sampleBody().transactions, 'BLOCK_MASS_TOO_HIGH', { ...params, maxBlockMass: 2035 });
  });

  it('refuses duplicate transactions, double spends and chained transactions', () => {
    const { transactions } = sampleBody();
    rejects([...transactions, tx(transactions, 1)], 'DUPLICATE_TRANSACTION');
    const doubleSpend = sampleBody().transactions;
    tx(doubleSpend, 2).inputs[0] = structuredClone(tx(doubleSpend, 1).inputs[0]!);
    rejects(doubleSpend, 'DOUBLE_SPEND_IN_SAME_BLOCK');
    const chained = sampleBody().transactions;
    tx(chained, 2).inputs[0]!.previousOutpoint = { transactionId: transactionId(tx(chained, 1)), index: 0 };
    rejects(chained, 'CHAINED_TRANSACTIONS');
    // Spending the block's own coinbase is chained too.
    const fromCoinbase = sampleBody().transactions;
    tx(fromCoinbase, 1).inputs[0]!.previousOutpoint = { transactionId: transactionId(tx(fromCoinbase, 0)), index: 0 };
    rejects(fromCoinbase, 'CHAINED_TRANSACTIONS');
  });
});
