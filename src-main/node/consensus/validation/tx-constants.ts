/** Transaction constants of kaspad v0.12.20 (domain/consensus/utils/constants/constants.go). */

/** MaxTransactionVersion: only version 0 exists. */
export const MAX_TRANSACTION_VERSION = 0;

/** MaxSompi: 29 billion KAS at 10^8 sompi each, the most any output or sum of amounts may hold. */
export const MAX_SOMPI = 29_000_000_000n * 100_000_000n;

/** MaxTxInSequenceNum: an input with this sequence opts out of the lock time. */
export const MAX_TX_IN_SEQUENCE_NUM = 0xffff_ffff_ffff_ffffn;

/** SequenceLockTimeDisabled: with this bit set the sequence is not a relative lock. */
export const SEQUENCE_LOCK_TIME_DISABLED = 1n << 63n;

/** SequenceLockTimeMask: the relative lock, in DAA score, sits in the low 32 bits. */
export const SEQUENCE_LOCK_TIME_MASK = 0xffff_ffffn;

/** LockTimeThreshold: lock times below it are DAA scores, at or above it millisecond timestamps. */
export const LOCK_TIME_THRESHOLD = 500_000_000_000n;
