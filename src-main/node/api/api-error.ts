import { DagwalletError } from '../errors.ts';

export const ApiErrorCode = {
  /** A method the API does not have. */
  UNKNOWN_METHOD: 'UNKNOWN_METHOD',
  /** Params missing, of the wrong type, or out of range. */
  BAD_PARAMS: 'BAD_PARAMS',
  /** No or a wrong bearer token. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The request body is not a JSON-RPC 2.0 request, or is too large. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The client could not reach a node (not running, wrong folder or port). */
  NODE_UNREACHABLE: 'NODE_UNREACHABLE',
  /** The node runs without the part this method needs (P2P off). */
  UNAVAILABLE: 'UNAVAILABLE',
  /** No block, transaction or other record with the given id is known to this node. */
  NOT_FOUND: 'NOT_FOUND',
  /** The node's DAG does not hold enough yet to answer (a hash rate needs blocks spread over time). */
  NOT_ENOUGH_DATA: 'NOT_ENOUGH_DATA',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** A caller's mistake at the API boundary (answered with a 4xx-like JSON-RPC error, never a crash). */
export class ApiError extends DagwalletError<ApiErrorCode> {}
