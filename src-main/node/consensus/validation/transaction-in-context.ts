import type { ScriptPublicKey, Transaction, UtxoEntry } from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';
import { isSequenceLockActive, sequenceLockDaaScore } from './sequence-lock.ts';
import { isFinalizedTransaction } from './transaction-finality.ts';
import { MAX_SOMPI } from './tx-constants.ts';
import { TxError } from './tx-error.ts';

/**
 * kaspad txscript GetPreciseSigOpCount(signatureScript, scriptPublicKey,
 * IsPayToScriptHash(scriptPublicKey)): the sig ops the spent script (or, for P2SH, the redeem
 * script the signature script pushes last) performs. Supplied by the script module.
 */
export type PreciseSigOpCounter = (signatureScript: Uint8Array, scriptPublicKey: ScriptPublicKey) => number;

export interface TxUtxoContext {
  /** DAA score of the block the transaction is validated for (kaspad povBlockHash). */
  povDaaScore: number;
  coinbaseMaturity: ConsensusParams['coinbaseMaturity'];
  countSigOps: PreciseSigOpCounter;
}

/**
 * kaspad ValidateTransactionInContextIgnoringUTXO: the lock time must have passed at the block's
 * DAA score and past median time (ms). Block bodies apply it to every transaction, coinbase
 * included, before any UTXO is looked at.
 */
export function validateTransactionInContextIgnoringUtxo(
  tx: Transaction,
  povDaaScore: number,
  povPastMedianTime: number,
): void {
  if (!isFinalizedTransaction(tx, povDaaScore, povPastMedianTime)) {
    throw new TxError('LOCK_TIME_NOT_REACHED', `lock time ${tx.lockTime} has not been reached`);
  }
}

/**
 * kaspad ValidateTransactionInContextAndPopulateFee (v0.12.20), in its order: coinbase maturity,
 * input amounts, outputs ≤ inputs, sequence locks, declared sig-op counts. Returns the fee.
 * `entries[i]` is the UTXO entry input i spends (undefined when unknown). Coinbases never come
 * here: kaspad skips them in UTXO validation. Script execution (validateTransactionScripts) is
 * kaspad's last step and belongs to the script module, run after this returns.
 */
export function validateTransactionInContext(
  tx: Transaction,
  entries: readonly (UtxoEntry | undefined)[],
  context: TxUtxoContext,
): bigint {
  const present = checkCoinbaseMaturity(tx, entries, context);
  const totalIn = sumInputAmounts(present);
  let totalOut = 0n;
  for (const output of tx.outputs) totalOut += output.value;
  if (totalIn < totalOut) {
    throw new TxError('SPEND_TOO_HIGH', `the inputs hold ${totalIn} sompi but the outputs spend ${totalOut}`);
  }
  if (!isSequenceLockActive(sequenceLockDaaScore(tx, present), context.povDaaScore)) {
    throw new TxError('SEQUENCE_LOCK_NOT_REACHED', 'an input sequence lock has not been reached');
  }
  checkSigOpCounts(tx, present, context.countSigOps);
  return totalIn - totalOut;
}

/**
 * kaspad checkTransactionCoinbaseMaturity: a coinbase output is spendable once coinbaseMaturity
 * DAA score has passed since the block that accepted it. An immature input is reported before
 * missing entries, as kaspad only raises those after the whole loop.
 */
function checkCoinbaseMaturity(
  tx: Transaction,
  entries: readonly (UtxoEntry | undefined)[],
  context: TxUtxoContext,
): UtxoEntry[] {
  const present: UtxoEntry[] = [];
  const missing: number[] = [];
  tx.inputs.forEach((_input, index) => {
    const entry = entries[index];
    if (!entry) {
      missing.push(index);
      return;
    }
    if (entry.isCoinbase && entry.blockDaaScore + context.coinbaseMaturity > context.povDaaScore) {
      throw new TxError(
        'IMMATURE_COINBASE_SPEND',
        `input ${index} spends a coinbase output from DAA score ${entry.blockDaaScore} ` +
          `at DAA score ${context.povDaaScore}, before the maturity of ${context.coinbaseMaturity}`,
      );
    }
    present.push(entry);
  });
  if (missing.length > 0) {
    throw new TxError('MISSING_UTXO_ENTRIES', `inputs ${missing.join(', ')} spend unknown outputs`, {
      missingInputs: missing,
    });
  }
  return present;
}

/** kaspad checkTransactionInputAmounts: a bigint sum cannot wrap, so MAX_SOMPI bounds it alone. */
function sumInputAmounts(entries: readonly UtxoEntry[]): bigint {
  let total = 0n;
  for (const entry of entries) {
    total += entry.amount;
    if (total > MAX_SOMPI) {
      throw new TxError('INPUTS_TOTAL_TOO_HIGH', `the spent entries total more than ${MAX_SOMPI}`);
    }
  }
  return total;
}

/** kaspad validateTransactionSigOpCounts: each input must declare exactly the sig ops it runs. */
function checkSigOpCounts(tx: Transaction, entries: readonly UtxoEntry[], countSigOps: PreciseSigOpCounter): void {
  tx.inputs.forEach((input, index) => {
    const entry = entries[index] as UtxoEntry;
    const counted = countSigOps(input.signatureScript, entry.scriptPublicKey);
    if (counted !== input.sigOpCount) {
      throw new TxError(
        'WRONG_SIG_OP_COUNT',
        `input ${index} declares ${input.sigOpCount} sig ops but its scripts perform ${counted}`,
      );
    }
  });
}
