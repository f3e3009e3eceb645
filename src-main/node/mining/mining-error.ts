import { DagwalletError } from '../errors.ts';

/** Why a template could not be built or the miner could not do what it was asked. */
export const MiningErrorCode = {
  /** The pay address does not decode, or belongs to another network. */
  BAD_ADDRESS: 'BAD_ADDRESS',
  /** The pay script is longer than a coinbase payload may carry (coinbasePayloadScriptPublicKeyMaxLength). */
  BAD_SCRIPT: 'BAD_SCRIPT',
  /** Extra data that leaves no room in the coinbase payload (maxCoinbasePayloadLength). */
  BAD_EXTRA_DATA: 'BAD_EXTRA_DATA',
  /** A miner option out of range (threads, refresh interval). */
  BAD_OPTION: 'BAD_OPTION',
  /** A worker thread failed or sent something it should not have. */
  WORKER_FAILED: 'WORKER_FAILED',
  /** A worker reported a nonce that does not meet the target: never submitted. */
  BAD_SOLUTION: 'BAD_SOLUTION',
} as const;
export type MiningErrorCode = (typeof MiningErrorCode)[keyof typeof MiningErrorCode];

export class MiningError extends DagwalletError<MiningErrorCode> {}
