import { DagwalletError } from '../errors.ts';

export const IndexErrorCode = {
  /** A script argument is not a ScriptPublicKey (version u16, script bytes within the size limit). */
  BAD_SCRIPT: 'BAD_SCRIPT',
  /** An option (limit, cursor) is out of range. */
  BAD_ARGUMENT: 'BAD_ARGUMENT',
  /** The index was closed. */
  CLOSED: 'CLOSED',
  /** The store's blocks, bodies and UTXO diffs do not add up (a spent output nobody created). */
  INCONSISTENT: 'INCONSISTENT',
} as const;
export type IndexErrorCode = (typeof IndexErrorCode)[keyof typeof IndexErrorCode];

export class IndexError extends DagwalletError<IndexErrorCode> {}
