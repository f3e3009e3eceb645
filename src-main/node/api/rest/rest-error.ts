import { DagwalletError } from '../../errors.ts';

export const RestErrorCode = {
  /** A block hash, transaction ID or transaction hash that is not 64 hex characters. */
  BAD_HASH: 'BAD_HASH',
  /** Not an address, a bad checksum, or another network's address. */
  BAD_ADDRESS: 'BAD_ADDRESS',
  /** limit, order, cursor or acceptedOnly out of range, malformed, or not one this API gave out. */
  BAD_PAGING: 'BAD_PAGING',
  /** The request body is not the JSON object the endpoint takes. */
  BAD_BODY: 'BAD_BODY',
  /** A transaction that is not hex or does not decode. */
  BAD_TRANSACTION: 'BAD_TRANSACTION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The node cannot answer yet (a young DAG) or runs without the part needed. */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type RestErrorCode = (typeof RestErrorCode)[keyof typeof RestErrorCode];

const STATUS: Record<RestErrorCode, number> = {
  BAD_HASH: 400,
  BAD_ADDRESS: 400,
  BAD_PAGING: 400,
  BAD_BODY: 400,
  BAD_TRANSACTION: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** A REST request the API refuses: its HTTP status follows from the code. */
export class RestError extends DagwalletError<RestErrorCode> {
  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * A transaction the node's rules refuse (HTTP 422): `code` is the rule's own (a MempoolError,
 * TxError or ScriptError code such as DOUBLE_SPEND), so a client can tell one refusal from another.
 */
export class RestRejection extends DagwalletError {
  readonly status = 422;
}
