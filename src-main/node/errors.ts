/**
 * Every error the node raises on purpose carries a stable `code`, so a peer can be scored,
 * an API can map it to a status and the UI can explain it in words.
 */
export class DagwalletError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export const DecodeErrorCode = {
  TRUNCATED: 'TRUNCATED',
  TRAILING_BYTES: 'TRAILING_BYTES',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  BAD_HEX: 'BAD_HEX',
  BAD_VALUE: 'BAD_VALUE',
} as const;
export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/** Untrusted bytes or text that do not form a valid encoding. */
export class DecodeError extends DagwalletError<DecodeErrorCode> {}
