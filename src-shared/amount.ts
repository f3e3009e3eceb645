/**
 * Amounts are bigint sompi in the core and decimal strings across IPC and JSON
 * (1 coin = 100,000,000 sompi). No floating point touches an amount.
 */
export const SOMPI_PER_COIN = 100_000_000n;
export const COIN_DECIMALS = 8;
/** Kaspa's MAX_SOMPI: 29 billion coins, the hard cap of any single value. */
export const MAX_SOMPI = 29_000_000_000n * SOMPI_PER_COIN;

export type AmountErrorCode = 'BAD_FORMAT' | 'TOO_PRECISE' | 'TOO_LARGE';

export class AmountError extends Error {
  readonly code: AmountErrorCode;
  constructor(code: AmountErrorCode, message: string) {
    super(message);
    this.name = 'AmountError';
    this.code = code;
  }
}

/** "1.5" for 150000000n; no trailing zeros, no exponent, always a plain decimal. */
export function formatSompi(sompi: bigint): string {
  const negative = sompi < 0n;
  const abs = negative ? -sompi : sompi;
  const whole = abs / SOMPI_PER_COIN;
  const fraction = (abs % SOMPI_PER_COIN).toString().padStart(COIN_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const DECIMAL = /^(\d{1,12})(?:\.(\d+))?$/;

/** Parses a user-typed coin amount ("12", "0.5", "1,000.25" is refused) into sompi. */
export function parseCoins(text: string): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new AmountError('BAD_FORMAT', 'Enter an amount like 12 or 0.5');
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > COIN_DECIMALS) {
    throw new AmountError('TOO_PRECISE', `An amount has at most ${COIN_DECIMALS} decimal places`);
  }
  const sompi = BigInt(whole) * SOMPI_PER_COIN + BigInt(fraction.padEnd(COIN_DECIMALS, '0'));
  if (sompi > MAX_SOMPI) throw new AmountError('TOO_LARGE', 'That is more than the total supply');
  return sompi;
}
