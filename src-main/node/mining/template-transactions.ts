import { bytesToHex } from '../encoding/hex.ts';
import { DagwalletError } from '../errors.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { isCoinbase, type Transaction, type UtxoEntry } from '../consensus/model/transaction.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import type { UtxoView } from '../consensus/utxo/utxo-view.ts';
import { BlockBodyError } from '../consensus/validation/block-body-error.ts';
import { transactionMass, type MassParams } from '../consensus/validation/mass.ts';
import { validateTransactionInContextIgnoringUtxo } from '../consensus/validation/transaction-in-context.ts';
import {
  type TxIsolationParams,
  validateTransactionInIsolation,
} from '../consensus/validation/transaction-in-isolation.ts';
import { validateTransactionFully } from '../consensus/validation/transaction-validator.ts';
import { TxError } from '../consensus/validation/tx-error.ts';

export type TemplateTransactionParams = TxIsolationParams & MassParams & Pick<ConsensusParams, 'coinbaseMaturity'>;

/** What a block on the virtual is checked against: the virtual's DAA score, past median time and UTXO set. */
export interface TemplateContext {
  daaScore: number;
  pastMedianTime: number;
  utxo: UtxoView;
}

export interface RejectedTransaction {
  transaction: Transaction;
  /** The rule it breaks (TxError, ScriptError or BlockBodyError). */
  error: DagwalletError;
}

export interface TemplateTransactions {
  /** In the candidates' order. */
  selected: Transaction[];
  /** Invalid against the virtual: the mempool should drop them. */
  rejected: RejectedTransaction[];
  /** Σ mass of `selected`. */
  mass: number;
}

/**
 * Which candidates go into a block on the virtual, in the order given (the mempool's fee-rate
 * order). A candidate is rejected when it breaks a rule: in isolation, its lock time, or against
 * the virtual's UTXO set with its scripts (kaspad blockbuilder validateTransactions: each
 * transaction on its own against the virtual), or when it double-spends one already taken (kaspad
 * ValidateBodyInIsolation would refuse the whole block). A candidate is passed over, not rejected,
 * when it is already taken, when it no longer fits `maxMass`, or when it spends an output of
 * another candidate: it waits for its parent to be accepted (a block may not hold chained
 * transactions).
 */
export function selectTemplateTransactions(
  candidates: readonly Transaction[],
  context: TemplateContext,
  maxMass: number,
  params: TemplateTransactionParams,
): TemplateTransactions {
  const ids = candidates.map((tx) => bytesToHex(transactionId(tx)));
  const candidateIds = new Set(ids);
  const taken = new Set<string>();
  const spent = new Set<string>();
  const result: TemplateTransactions = { selected: [], rejected: [], mass: 0 };
  for (const [index, tx] of candidates.entries()) {
    const id = ids[index] as string;
    const keys = tx.inputs.map((input) =>
      outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index),
    );
    if (taken.has(id)) continue;
    if (tx.inputs.some((input) => candidateIds.has(bytesToHex(input.previousOutpoint.transactionId)))) continue;
    const mass = transactionMass(tx, params);
    if (result.mass + mass > maxMass) continue;
    try {
      if (isCoinbase(tx)) throw new BlockBodyError('MULTIPLE_COINBASES', 'a coinbase cannot come from the mempool');
      const doubleSpent = keys.find((key) => spent.has(key));
      if (doubleSpent !== undefined) {
        throw new BlockBodyError('DOUBLE_SPEND_IN_SAME_BLOCK', `${doubleSpent} is already spent in the block`);
      }
      validateAgainstVirtual(tx, keys, context, params);
    } catch (error) {
      if (!(error instanceof DagwalletError)) throw error;
      result.rejected.push({ transaction: tx, error });
      continue;
    }
    taken.add(id);
    for (const key of keys) spent.add(key);
    result.selected.push(tx);
    result.mass += mass;
  }
  return result;
}

function validateAgainstVirtual(
  tx: Transaction,
  keys: readonly string[],
  context: TemplateContext,
  params: TemplateTransactionParams,
): void {
  validateTransactionInIsolation(tx, params);
  validateTransactionInContextIgnoringUtxo(tx, context.daaScore, context.pastMedianTime);
  const entries: UtxoEntry[] = [];
  const missing: number[] = [];
  keys.forEach((key, i) => {
    const entry = context.utxo.get(key);
    if (entry) entries.push(entry);
    else missing.push(i);
  });
  if (missing.length > 0) {
    throw new TxError('MISSING_UTXO_ENTRIES', `inputs ${missing.join(', ')} spend outputs the virtual does not have`, {
      missingInputs: missing,
    });
  }
  validateTransactionFully(tx, entries, context.daaScore, params);
}
