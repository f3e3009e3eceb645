import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import {
  DEFAULT_MINIMUM_RELAY_FEE_RATE,
  dustThreshold as mempoolDustThreshold,
  isDust as mempoolIsDust,
  minimumRelayFee,
} from '../mempool/relay-fee.ts';
import { WalletError } from './errors.ts';

/**
 * The wallet's view of the relay policy. The rules themselves (dust, minimum relay fee, maximum
 * standard mass) are the node's, in mempool/relay-fee.ts and standardness.ts, as kaspad's mempool
 * states them; this adapter applies them at kaspad's default minimum relay fee rate, which is what
 * the network's nodes relay at, and adds the wallet's own fee rates (sompi per gram, as decimals).
 */

/** Fee rate of the minimum relay fee, in sompi per gram, and the builder's default. */
export const MIN_FEE_RATE = Number(DEFAULT_MINIMUM_RELAY_FEE_RATE) / 1000;

/** A fee rate as an exact fraction, read from its shortest decimal form ("1.1" is 11/10, not 1.1000000000000000888). */
export interface FeeRate {
  numerator: bigint;
  denominator: bigint;
}

/** Reads a user's fee rate (sompi per gram) exactly; a WalletError BAD_FEE_RATE unless it is a positive plain number. */
export function parseFeeRate(feeRate: number): FeeRate {
  if (typeof feeRate !== 'number' || !Number.isFinite(feeRate) || feeRate <= 0) {
    throw new WalletError('BAD_FEE_RATE', 'The fee rate must be a positive number of sompi per gram.');
  }
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(feeRate));
  if (!match) throw new WalletError('BAD_FEE_RATE', `The fee rate ${feeRate} is not a plain number.`);
  const [, whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - fraction.length;
  let numerator = BigInt(whole + fraction);
  let denominator = 1n;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator = 10n ** BigInt(-exponent);
  return { numerator, denominator };
}

/** ceil(mass × rate), and never below the node's minimum relay fee for the mass. */
export function feeForMass(mass: number, rate: FeeRate): bigint {
  const atRate = (BigInt(mass) * rate.numerator + rate.denominator - 1n) / rate.denominator;
  const floor = minimumRelayFee(mass, DEFAULT_MINIMUM_RELAY_FEE_RATE);
  return atRate > floor ? atRate : floor;
}

/** The node's dust rule for an output of `value` paying `scriptPublicKey` (below 600 sompi for P2PK). */
export function isDust(value: bigint, scriptPublicKey: ScriptPublicKey): boolean {
  return mempoolIsDust({ value, scriptPublicKey }, DEFAULT_MINIMUM_RELAY_FEE_RATE);
}

/** The smallest value that is not dust for this script, by the node's rule: for deciding on change and for messages. */
export function dustThreshold(scriptPublicKey: ScriptPublicKey): bigint {
  return mempoolDustThreshold(scriptPublicKey, DEFAULT_MINIMUM_RELAY_FEE_RATE);
}
