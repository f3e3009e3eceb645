import { DagwalletError } from '../../errors.ts';

/** Failure classes of rusty-kaspa ReachabilityError (processes/reachability/mod.rs), plus store misuse. */
export const ReachabilityErrorCode = {
  /** A query or insertion named a block the index does not hold. */
  UNKNOWN_BLOCK: 'UNKNOWN_BLOCK',
  /** A block was added twice. */
  BLOCK_EXISTS: 'BLOCK_EXISTS',
  /** The index was used before `init`. */
  NOT_INITIALIZED: 'NOT_INITIALIZED',
  /** The stored tree contradicts itself or the caller's input (e.g. a mergeset block already covered). */
  DATA_INCONSISTENCY: 'DATA_INCONSISTENCY',
  /** The interval space ran out (should take ~2^41 blocks). */
  DATA_OVERFLOW: 'DATA_OVERFLOW',
  /** A query whose premise is false, e.g. the next chain ancestor of a non-ancestor. */
  BAD_QUERY: 'BAD_QUERY',
} as const;
export type ReachabilityErrorCode = (typeof ReachabilityErrorCode)[keyof typeof ReachabilityErrorCode];

export class ReachabilityError extends DagwalletError<ReachabilityErrorCode> {}
