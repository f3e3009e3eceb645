import { ApiError } from './api-error.ts';

/**
 * The checks every handler makes at the door, in one place so that the same mistake gets the
 * same BAD_PARAMS message whichever method it was sent to.
 */
export const badParams = (message: string): ApiError => new ApiError('BAD_PARAMS', message);

const HASH_HEX = /^[0-9a-f]{64}$/;

/** Named params: absent means none; a list or a scalar is refused. */
export function paramsObject(params: unknown, what = 'params'): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw badParams(`${what} must be an object`);
  return params as Record<string, unknown>;
}

/** A block hash or transaction id: 64 lowercase hex characters. */
export function hashParam(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HASH_HEX.test(value))
    throw badParams(`${field} must be 64 lowercase hex characters`);
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw badParams(`${field} must be true or false`);
  return value;
}

/** A whole number in [min (default 1), max], or `default` when absent. */
export function wholeNumberParam(
  value: unknown,
  field: string,
  range: { default: number; min?: number; max: number },
): number {
  if (value === undefined) return range.default;
  const min = range.min ?? 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > range.max)
    throw badParams(`${field} must be a whole number from ${min} to ${range.max.toLocaleString('en-US')}`);
  return value;
}
