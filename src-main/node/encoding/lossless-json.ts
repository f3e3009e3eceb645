import { DecodeError } from '../errors.ts';

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/** Integers beyond 2^53 become bigints, read from their source text so no digit is lost. */
const keepBigIntegers: Reviver = (_key, value, context) => {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
    return BigInt(context.source);
  }
  return value;
};

/**
 * JSON.parse for documents holding u64 fields (nonces, amounts): Go and Rust write them as
 * plain numbers, which a double would round.
 */
export function parseLosslessJson(text: string): unknown {
  try {
    return JSON.parse(text, keepBigIntegers as (key: string, value: unknown) => unknown);
  } catch (error) {
    throw new DecodeError('BAD_VALUE', `invalid JSON: ${(error as Error).message}`, { cause: error });
  }
}
