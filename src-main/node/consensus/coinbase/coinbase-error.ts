import { DagwalletError } from '../../errors.ts';

/**
 * Why a coinbase payload or a coinbase computation is refused. kaspad reports every payload
 * problem as ruleerrors.ErrBadCoinbasePayloadLen; we split it so tests and peers can tell them apart.
 */
export const CoinbaseErrorCode = {
  /** Longer than maxCoinbasePayloadLength (kaspad transactionvalidator checkCoinbaseInIsolation). */
  PAYLOAD_TOO_LONG: 'PAYLOAD_TOO_LONG',
  /** Shorter than blue score + subsidy + script version + script length (coinbasemanager payload.go). */
  PAYLOAD_TOO_SHORT: 'PAYLOAD_TOO_SHORT',
  /** The script public key is longer than coinbasePayloadScriptPublicKeyMaxLength. */
  SCRIPT_TOO_LONG: 'SCRIPT_TOO_LONG',
  /** The payload ends inside the script public key its length byte announces. */
  SCRIPT_TRUNCATED: 'SCRIPT_TRUNCATED',
  /** The caller gave no reward data for a block of the mergeset (a caller bug, not a consensus rule). */
  MISSING_MERGED_BLOCK: 'MISSING_MERGED_BLOCK',
} as const;
export type CoinbaseErrorCode = (typeof CoinbaseErrorCode)[keyof typeof CoinbaseErrorCode];

export class CoinbaseError extends DagwalletError<CoinbaseErrorCode> {}
