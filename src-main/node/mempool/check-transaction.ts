import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { isCoinbase, type Transaction, type UtxoEntry } from '../consensus/model/transaction.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import type { UtxoView } from '../consensus/utxo/utxo-view.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { validateTransactionInContextIgnoringUtxo } from '../consensus/validation/transaction-in-context.ts';
import { validateTransactionInIsolation } from '../consensus/validation/transaction-in-isolation.ts';
import { validateTransactionFully } from '../consensus/validation/transaction-validator.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { MempoolError } from './mempool-error.ts';
import { checkSpamOutputs, checkStandardInContext, checkStandardInIsolation } from './standardness.ts';
import { assertTransactionShape } from './transaction-shape.ts';
import type { TransactionPool } from './transaction-pool.ts';

/** A transaction every rule accepts, with what validating it found. */
export interface ReadyTransaction {
  kind: 'ready';
  id: string;
  mass: number;
  fee: bigint;
  /** The pool transactions whose outputs it spends. */
  parents: string[];
}

/** A transaction spending an output neither the pool nor the virtual UTXO set knows. */
export interface OrphanTransaction {
  kind: 'orphan';
  id: string;
  mass: number;
}

export type CheckedTransaction = ReadyTransaction | OrphanTransaction;

export interface CheckContext {
  params: ConsensusParams;
  /** Sompi per 1000 grams. */
  relayFeeRate: bigint;
  virtual: { daaScore: number; pastMedianTime: number; utxo: UtxoView };
  pool: Pick<TransactionPool, 'has' | 'get' | 'spender'>;
  isOrphan(id: string): boolean;
}

/**
 * Every rule a transaction must meet to enter the pool (the pool's limits aside), in this order:
 * a well-formed object; not already held; consensus's rules in isolation; no coinbase; kaspad's
 * standardness (mass, scripts, dust); no outpoint another pool transaction spends (DOUBLE_SPEND,
 * no replacement, as kaspad v0.12); every input found, among the pool's outputs or in the
 * virtual UTXO set, else it is an orphan; the lock time at the virtual's DAA score and past
 * median time; consensus's full UTXO validation (amounts, maturity, sequence locks, sig-op
 * counts, scripts) at the virtual's DAA score; kaspad's spam rule; standardness of what it spends
 * and the minimum relay fee. Throws the first rule broken (MempoolError, or consensus's TxError /
 * ScriptError with its code).
 */
export function checkTransaction(tx: Transaction, context: CheckContext): CheckedTransaction {
  const { params, virtual } = context;
  const rate = context.relayFeeRate;
  assertTransactionShape(tx);
  const id = bytesToHex(transactionId(tx));
  if (context.pool.has(id) || context.isOrphan(id)) {
    const where = context.pool.has(id) ? 'the mempool' : 'the orphan pool';
    throw new MempoolError('ALREADY_IN_POOL', `transaction ${id} is already in ${where}`, { transactionId: id });
  }
  validateTransactionInIsolation(tx, params);
  if (isCoinbase(tx)) {
    throw new MempoolError('COINBASE_TRANSACTION', `transaction ${id} is a coinbase; only blocks carry those`, {
      transactionId: id,
    });
  }
  const mass = transactionMass(tx, params);
  checkStandardInIsolation(tx, id, mass, rate);
  const keys = tx.inputs.map((input) =>
    outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index),
  );
  for (const key of keys) {
    const spender = context.pool.spender(key);
    if (spender !== undefined) {
      throw new MempoolError(
        'DOUBLE_SPEND',
        `transaction ${id} spends ${key}, already spent by pool transaction ${spender}`,
        { transactionId: id, outpoint: key, conflictingTransactionId: spender },
      );
    }
  }
  const entries: UtxoEntry[] = [];
  const parents = new Set<string>();
  let missing = false;
  tx.inputs.forEach((input, i) => {
    const key = keys[i] as OutpointKey;
    const parentId = bytesToHex(input.previousOutpoint.transactionId);
    const parent = context.pool.get(parentId);
    if (parent) {
      const output = parent.tx.outputs[input.previousOutpoint.index];
      if (!output) {
        throw new MempoolError(
          'NONEXISTENT_OUTPUT',
          `transaction ${id} spends ${key}, but pool transaction ${parentId} has only ${parent.tx.outputs.length} outputs`,
          { transactionId: id, outpoint: key },
        );
      }
      // kaspad fillInputs: an unconfirmed parent's output, as if created at the virtual's DAA score.
      entries.push({
        amount: output.value,
        scriptPublicKey: output.scriptPublicKey,
        blockDaaScore: virtual.daaScore,
        isCoinbase: false,
      });
      parents.add(parentId);
      return;
    }
    const entry = virtual.utxo.get(key);
    if (entry) entries.push(entry);
    else missing = true;
  });
  if (missing) return { kind: 'orphan', id, mass };
  validateTransactionInContextIgnoringUtxo(tx, virtual.daaScore, virtual.pastMedianTime);
  const fee = validateTransactionFully(tx, entries, virtual.daaScore, params);
  checkSpamOutputs(tx, id, entries, fee);
  checkStandardInContext(tx, id, entries, fee, mass, rate);
  return { kind: 'ready', id, mass, fee, parents: [...parents] };
}
