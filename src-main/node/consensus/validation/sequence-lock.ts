import { isCoinbase, type Transaction, type UtxoEntry } from '../model/transaction.ts';
import { SEQUENCE_LOCK_TIME_DISABLED, SEQUENCE_LOCK_TIME_MASK } from './tx-constants.ts';

/** No relative lock: the transaction may enter a block at any DAA score. */
export const NO_SEQUENCE_LOCK = -1n;

/**
 * kaspad transactionvalidator calcTxSequenceLockFromReferencedUTXOEntries (v0.12.20). Relative
 * locks there are by DAA score only (the BIP-68 seconds flag is gone): an input whose sequence
 * lacks the disable bit may be spent once its entry's DAA score plus the low 32 bits of the
 * sequence is reached. Returns the last DAA score at which the transaction is still locked
 * (entry score + lock − 1, the highest over the inputs), or NO_SEQUENCE_LOCK. `entries` are
 * aligned with the inputs and all present (the caller has reported missing ones already).
 */
export function sequenceLockDaaScore(tx: Transaction, entries: readonly UtxoEntry[]): bigint {
  let lock = NO_SEQUENCE_LOCK;
  if (isCoinbase(tx)) return lock;
  tx.inputs.forEach((input, index) => {
    if ((input.sequence & SEQUENCE_LOCK_TIME_DISABLED) !== 0n) return;
    const entry = entries[index];
    if (!entry) throw new RangeError(`input ${index} has no UTXO entry`);
    const relativeLock = input.sequence & SEQUENCE_LOCK_TIME_MASK;
    const lockedThrough = BigInt(entry.blockDaaScore) + relativeLock - 1n;
    if (lockedThrough > lock) lock = lockedThrough;
  });
  return lock;
}

/** kaspad sequenceLockActive: the lock has passed once the block's DAA score is above it. */
export function isSequenceLockActive(lockDaaScore: bigint, blockDaaScore: number): boolean {
  return lockDaaScore < BigInt(blockDaaScore);
}
