import type { Transaction } from '../model/transaction.ts';
import { LOCK_TIME_THRESHOLD, MAX_TX_IN_SEQUENCE_NUM } from './tx-constants.ts';

/**
 * kaspad transactionvalidator IsFinalizedTransaction: a lock time below LOCK_TIME_THRESHOLD is a
 * DAA score, otherwise a millisecond timestamp compared with `blockTime` (consensus passes the
 * block's past median time). The transaction is final once the lock time is strictly below it,
 * or when every input's sequence is the maximum, which opts out of the lock time.
 */
export function isFinalizedTransaction(tx: Transaction, blockDaaScore: number, blockTime: number): boolean {
  const lockTime = tx.lockTime;
  if (lockTime === 0n) return true;
  const reference = lockTime < LOCK_TIME_THRESHOLD ? BigInt(blockDaaScore) : BigInt(blockTime);
  if (lockTime < reference) return true;
  return tx.inputs.every((input) => input.sequence === MAX_TX_IN_SEQUENCE_NUM);
}
