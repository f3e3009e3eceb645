import { DagwalletError } from '../errors.ts';

/**
 * Why the mempool refuses a transaction (kaspad mempool reject codes, one code per rule). The
 * consensus rules a transaction breaks are reported by consensus's own TxError / ScriptError,
 * passed through with their codes.
 */
export const MempoolErrorCode = {
  /** Not a transaction object: a field of the wrong type or range, or more than the decode limits allow. */
  MALFORMED: 'MALFORMED',
  /** A coinbase: only blocks carry those (kaspad RejectInvalid). */
  COINBASE_TRANSACTION: 'COINBASE_TRANSACTION',
  /** The pool or the orphan pool already holds it (kaspad RejectDuplicate). */
  ALREADY_IN_POOL: 'ALREADY_IN_POOL',
  /** An outpoint another pool (or orphan pool) transaction already spends; no replacement (kaspad v0.12). */
  DOUBLE_SPEND: 'DOUBLE_SPEND',
  /** An input names an output index a pool transaction does not have. */
  NONEXISTENT_OUTPUT: 'NONEXISTENT_OUTPUT',
  /** Standardness (kaspad RejectNonstandard): version outside the standard range. */
  NON_STANDARD_VERSION: 'NON_STANDARD_VERSION',
  /** Standardness: mass above MaximumStandardTransactionMass (100,000). */
  MASS_TOO_HIGH: 'MASS_TOO_HIGH',
  /** Standardness: a signature script longer than 1650 bytes. */
  SIGNATURE_SCRIPT_TOO_LONG: 'SIGNATURE_SCRIPT_TOO_LONG',
  /** Standardness: an output script of an unknown version. */
  UNKNOWN_SCRIPT_VERSION: 'UNKNOWN_SCRIPT_VERSION',
  /** Standardness: an output script that is not P2PK, ECDSA P2PK or P2SH. */
  NON_STANDARD_OUTPUT_SCRIPT: 'NON_STANDARD_OUTPUT_SCRIPT',
  /** kaspad RejectDust: an output worth less than spending it would cost at the minimum relay fee. */
  DUST_OUTPUT: 'DUST_OUTPUT',
  /** Standardness in context: an input spends an output whose script is not standard. */
  NON_STANDARD_INPUT_SCRIPT: 'NON_STANDARD_INPUT_SCRIPT',
  /** Standardness in context: a P2SH input whose redeem script runs more than 15 sig ops. */
  TOO_MANY_P2SH_SIG_OPS: 'TOO_MANY_P2SH_SIG_OPS',
  /** kaspad RejectSpamTx: more than 2 outputs beyond the inputs' count, without 1 coin of fee per extra output. */
  SPAM_OUTPUTS: 'SPAM_OUTPUTS',
  /** kaspad RejectInsufficientFee: fee below the minimum relay fee for the transaction's mass. */
  FEE_TOO_LOW: 'FEE_TOO_LOW',
  /** The pool is at its limit and the transaction's fee rate does not beat what eviction would remove. */
  FEE_RATE_TOO_LOW: 'FEE_RATE_TOO_LOW',
  /** The pool is at its limit and no eviction can make room (the transaction alone is too heavy, or only its own ancestors are cheaper). */
  POOL_FULL: 'POOL_FULL',
  /** kaspad RejectBadOrphan: an orphan heavier than the orphan pool takes. */
  ORPHAN_TOO_LARGE: 'ORPHAN_TOO_LARGE',
} as const;
export type MempoolErrorCode = (typeof MempoolErrorCode)[keyof typeof MempoolErrorCode];

/** What a rejection is about, for callers that want more than the message. */
export interface MempoolErrorDetails {
  /** The rejected transaction's ID (hex), when it could be computed. */
  transactionId?: string;
  /** For DOUBLE_SPEND / NONEXISTENT_OUTPUT: the outpoint ("txidhex:index"). */
  outpoint?: string;
  /** For DOUBLE_SPEND: the transaction already spending the outpoint. */
  conflictingTransactionId?: string;
}

export class MempoolError extends DagwalletError<MempoolErrorCode> {
  readonly details: MempoolErrorDetails;

  constructor(code: MempoolErrorCode, message: string, details: MempoolErrorDetails = {}, options?: ErrorOptions) {
    super(code, message, options);
    this.details = details;
  }
}
