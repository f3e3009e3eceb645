import { AmountError, parseCoins } from '../../../src-shared/amount.ts';

export type AmountInput = { sompi: bigint; error: null } | { sompi: null; error: string | null };

/**
 * The send form's amount as typed: sompi when it parses to more than zero, else why not in words
 * (null error for an empty field: nothing to complain about yet).
 */
export function readAmount(text: string): AmountInput {
  const trimmed = text.trim();
  if (trimmed === '') return { sompi: null, error: null };
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(trimmed))
    return { sompi: null, error: 'Leave out the thousands separators: 1000.5, not 1,000.5' };
  if (/^\d*,\d+$/.test(trimmed)) return { sompi: null, error: 'Use a point for the decimals: 0.5, not 0,5' };
  if (trimmed.startsWith('-')) return { sompi: null, error: 'The amount cannot be negative' };
  let sompi: bigint;
  try {
    sompi = parseCoins(trimmed.startsWith('.') ? `0${trimmed}` : trimmed);
  } catch (error) {
    if (error instanceof AmountError) return { sompi: null, error: error.message };
    throw error;
  }
  if (sompi === 0n) return { sompi: null, error: 'Enter an amount above zero' };
  return { sompi, error: null };
}
