import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '../../encoding/hex.ts';
import { transactionId } from '../hashing/tx-hash.ts';
import { isCoinbase, type Transaction, type UtxoEntry } from '../model/transaction.ts';
import { isSequenceLockActive, NO_SEQUENCE_LOCK, sequenceLockDaaScore } from './sequence-lock.ts';
import { isFinalizedTransaction } from './transaction-finality.ts';
import {
  type TxUtxoContext,
  validateTransactionInContext,
  validateTransactionInContextIgnoringUtxo,
} from './transaction-in-context.ts';
import { MAX_SOMPI, SEQUENCE_LOCK_TIME_DISABLED } from './tx-constants.ts';
import { TxError, type TxErrorCode } from './tx-error.ts';
import { input, nativeTx, p2pkScript, p2pkSigOpCounter, recordedStream } from './validation-fixtures.ts';

function entry(amount: bigint, blockDaaScore = 1000, isCoinbase = false): UtxoEntry {
  return { amount, scriptPublicKey: p2pkScript(), blockDaaScore, isCoinbase };
}

const context: TxUtxoContext = { povDaaScore: 5000, coinbaseMaturity: 100, countSigOps: p2pkSigOpCounter };

function isTxError(code: TxErrorCode) {
  return (error: unknown) => error instanceof TxError && error.code === code;
}

function rejects(tx: Transaction, entries: (UtxoEntry | undefined)[], code: TxErrorCode, at = context): void {
  assert.throws(() => validateTransactionInContext(tx, entries, at), isTxError(code), code);
}

const spendOf = (value: bigint, sequence = 0n): Transaction =>
  nativeTx({ inputs: [input(1, 0, { sequence })], outputs: [{ value, scriptPublicKey: p2pkScript() }] });

describe('transaction in context', () => {
  it('accepts every recorded transaction against the outputs the stream created', () => {
    // Entries carry their creating block's DAA score: at most the accepting block's, so the
    // maturity and sequence rules are checked at least as strictly as kaspad did.
    const { blocks, params } = recordedStream(0);
    const utxos = new Map<string, UtxoEntry>();
    for (const block of blocks) {
      for (const tx of block.transactions) {
        const id = bytesToHex(transactionId(tx));
        tx.outputs.forEach((output, index) => {
          utxos.set(`${id}:${index}`, {
            amount: output.value,
            scriptPublicKey: output.scriptPublicKey,
            blockDaaScore: block.header.daaScore,
            isCoinbase: isCoinbase(tx),
          });
        });
      }
    }
    let fees = 0n;
    let count = 0;
    for (const block of blocks) {
      for (const tx of block.transactions) {
        validateTransactionInContextIgnoringUtxo(tx, block.header.daaScore, block.header.timestamp);
        if (isCoinbase(tx)) continue;
        const entries = tx.inputs.map((i) =>
          utxos.get(`${bytesToHex(i.previousOutpoint.transactionId)}:${i.previousOutpoint.index}`),
        );
        const at = { povDaaScore: block.header.daaScore, coinbaseMaturity: params.coinbaseMaturity };
        fees += validateTransactionInContext(tx, entries, { ...at, countSigOps: p2pkSigOpCounter });
        count++;
      }
    }
    assert.equal(count, 642);
    assert.ok(fees > 0n);
  });

  it('returns the fee and refuses outputs above the inputs', () => {
    assert.equal(validateTransactionInContext(spendOf(700n), [entry(1000n)], context), 300n);
    assert.equal(validateTransactionInContext(spendOf(1000n), [entry(1000n)], context), 0n);
    rejects(spendOf(1001n), [entry(1000n)], 'SPEND_TOO_HIGH');
  });

  it('bounds the spent amounts by MAX_SOMPI', () => {
    const twoInputs = nativeTx({ inputs: [input(1), input(2)] });
    rejects(twoInputs, [entry(MAX_SOMPI), entry(1n)], 'INPUTS_TOTAL_TOO_HIGH');
  });

  it('lets a coinbase output be spent only coinbaseMaturity DAA score after its block', () => {
    const coinbaseEntry = entry(1000n, 4900, true);
    rejects(spendOf(1n), [coinbaseEntry], 'IMMATURE_COINBASE_SPEND', { ...context, povDaaScore: 4999 });
    assert.equal(validateTransactionInContext(spendOf(1n), [coinbaseEntry], context), 999n);
    // Outputs of ordinary transactions are never immature.
    validateTransactionInContext(spendOf(1n), [entry(1000n, 4999)], context);
  });

  it('reports missing entries, after an immature one', () => {
    const twoInputs = nativeTx({ inputs: [input(1), input(2)] });
    assert.throws(
      () => validateTransactionInContext(twoInputs, [undefined, entry(5000n)], context),
      (error: unknown) => isTxError('MISSING_UTXO_ENTRIES')(error) && (error as TxError).missingInputs[0] === 0,
    );
    rejects(twoInputs, [undefined, entry(5000n, 4950, true)], 'IMMATURE_COINBASE_SPEND');
  });

  it('applies relative locks by DAA score from the sequence low 32 bits', () => {
    const locked = spendOf(1n, 10n);
    // Entry at DAA score 1000, lock 10: locked through 1009.
    assert.equal(sequenceLockDaaScore(locked, [entry(5n)]), 1009n);
    rejects(locked, [entry(5n)], 'SEQUENCE_LOCK_NOT_REACHED', { ...context, povDaaScore: 1009 });
    validateTransactionInContext(locked, [entry(5n)], { ...context, povDaaScore: 1010 });
    // Bits above the mask are ignored; the disable bit switches the lock off.
    assert.equal(sequenceLockDaaScore(spendOf(1n, (1n << 40n) | 10n), [entry(5n)]), 1009n);
    const disabled = spendOf(1n, SEQUENCE_LOCK_TIME_DISABLED | 100_000n);
    assert.equal(sequenceLockDaaScore(disabled, [entry(5n)]), NO_SEQUENCE_LOCK);
    validateTransactionInContext(disabled, [entry(5n)], { ...context, povDaaScore: 1001 });
    // A zero lock is locked through the entry's score − 1: no restriction in practice.
    assert.ok(isSequenceLockActive(sequenceLockDaaScore(spendOf(1n, 0n), [entry(5n)]), 1000));
  });

  it('takes the latest lock over all inputs', () => {
    const tx = nativeTx({ inputs: [input(1, 0, { sequence: 50n }), input(2, 0, { sequence: 5n })] });
    assert.equal(sequenceLockDaaScore(tx, [entry(5n, 1000), entry(5n, 2000)]), 2004n);
  });

  it('demands the declared sig-op count of every input', () => {
    const wrong = nativeTx({ inputs: [input(1, 0, { sigOpCount: 2 })] });
    rejects(wrong, [entry(5000n)], 'WRONG_SIG_OP_COUNT');
  });

  it("reports rules in kaspad's order: maturity, amounts, spend, sequence lock, sig ops", () => {
    const everythingWrong = nativeTx({
      inputs: [input(1, 0, { sequence: 1_000n, sigOpCount: 0 })],
      outputs: [{ value: 2000n, scriptPublicKey: p2pkScript() }],
    });
    rejects(everythingWrong, [entry(1000n, 4990, true)], 'IMMATURE_COINBASE_SPEND');
    rejects(everythingWrong, [entry(1000n, 4990)], 'SPEND_TOO_HIGH');
    rejects(everythingWrong, [entry(3000n, 4990)], 'SEQUENCE_LOCK_NOT_REACHED');
    rejects(everythingWrong, [entry(3000n, 1)], 'WRONG_SIG_OP_COUNT');
  });
});

describe('lock time finality', () => {
  const lockedUntil = (lockTime: bigint, sequence = 0n) => nativeTx({ lockTime, inputs: [input(1, 0, { sequence })] });

  it('reads lock times below 5e11 as DAA scores, final once strictly below the block score', () => {
    assert.ok(isFinalizedTransaction(lockedUntil(0n), 0, 0));
    assert.ok(!isFinalizedTransaction(lockedUntil(500n), 500, 0));
    assert.ok(isFinalizedTransaction(lockedUntil(500n), 501, 0));
    assert.ok(!isFinalizedTransaction(lockedUntil(499_999_999_999n), 10_000, 2_000_000_000_000));
    assert.throws(
      () => validateTransactionInContextIgnoringUtxo(lockedUntil(500n), 500, 0),
      isTxError('LOCK_TIME_NOT_REACHED'),
    );
  });

  it('reads lock times from 5e11 as millisecond times against the past median time', () => {
    const time = 1_700_000_000_000n;
    assert.ok(!isFinalizedTransaction(lockedUntil(time), 10 ** 12, Number(time)));
    assert.ok(isFinalizedTransaction(lockedUntil(time), 0, Number(time) + 1));
    assert.throws(
      () => validateTransactionInContextIgnoringUtxo(lockedUntil(time), 10 ** 12, Number(time) - 1),
      isTxError('LOCK_TIME_NOT_REACHED'),
    );
  });

  it('is final regardless of lock time when every input has the maximum sequence', () => {
    const max = 0xffff_ffff_ffff_ffffn;
    assert.ok(isFinalizedTransaction(lockedUntil(500n, max), 1, 0));
    const mixed = nativeTx({ lockTime: 500n, inputs: [input(1, 0, { sequence: max }), input(2)] });
    assert.ok(!isFinalizedTransaction(mixed, 1, 0));
  });
});
