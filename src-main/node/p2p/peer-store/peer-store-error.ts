import { DagwalletError } from '../../errors.ts';

export const PeerStoreErrorCode = {
  /** A ban or `setSelf` named no peer id or ip, or one that does not parse. */
  INVALID_TARGET: 'INVALID_TARGET',
  /** An ip-only ban on a loopback address, which every local node shares. */
  LOOPBACK_IP: 'LOOPBACK_IP',
  /** Our own code passed a time, count, duration or source that makes no sense. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;
export type PeerStoreErrorCode = (typeof PeerStoreErrorCode)[keyof typeof PeerStoreErrorCode];

/**
 * A request the peer store refuses. Addresses from peers never raise it (bad ones are skipped);
 * only calls from the node itself with impossible arguments do.
 */
export class PeerStoreError extends DagwalletError<PeerStoreErrorCode> {}
