import { DecodeError } from '../../errors.ts';
import { WireError } from './wire-error.ts';

/**
 * Test support: runs `fn` and returns the code of the WireError or DecodeError it throws, 'OK' if
 * it returns, and rethrows anything else, so a test fails on any untyped error.
 */
export function typedErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof WireError || error instanceof DecodeError) return error.code;
    throw new Error(`expected a WireError or DecodeError, got ${String(error)}`, { cause: error });
  }
  return 'OK';
}
