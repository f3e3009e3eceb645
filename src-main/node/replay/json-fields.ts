import { hexToBytes } from '../encoding/hex.ts';
import { DecodeError } from '../errors.ts';

/** Field readers for untrusted JSON objects: each names the field it rejects. */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError('BAD_VALUE', `${what} must be an object`);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new DecodeError('BAD_VALUE', `${what} must be an array`);
  return value;
}

/** An unsigned integer up to `max` (default: 2^53 - 1). */
export function asUint(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new DecodeError('BAD_VALUE', `${what} must be an integer in [0, ${max}]`);
  }
  return value;
}

export function asU64(value: unknown, what: string): bigint {
  const v = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof v !== 'bigint' || v < 0n || v >= 1n << 64n) {
    throw new DecodeError('BAD_VALUE', `${what} must be an unsigned 64-bit integer`);
  }
  return v;
}

export function asHex(value: unknown, what: string, length?: number): Uint8Array {
  if (typeof value !== 'string') throw new DecodeError('BAD_VALUE', `${what} must be a hex string`);
  try {
    return hexToBytes(value, length);
  } catch (error) {
    throw new DecodeError('BAD_HEX', `${what}: ${(error as Error).message}`);
  }
}

/** A big-endian hex number without a fixed width (Go writes blue work with no leading zeros). */
export function asHexNumber(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{1,64}$/.test(value)) {
    throw new DecodeError('BAD_VALUE', `${what} must be a hex number of at most 256 bits`);
  }
  return BigInt(`0x${value}`);
}
