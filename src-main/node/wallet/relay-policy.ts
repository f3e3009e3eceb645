import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { Op } from '../consensus/script/opcodes.ts';
import { parseScriptPartially } from '../consensus/script/parse-script.ts';
import { MAX_SOMPI } from '../consensus/validation/tx-constants.ts';
import { WalletError } from './errors.ts';

/**
 * The mempool rules (not consensus) a wallet's transactions must meet to be relayed and mined,
 * as kaspad v0.12 domain/miningmanager/mempool states them.
 */

/** mempool/check_transaction_standard.go MaximumStandardTransactionMass (a mass at the limit is fine). */
export const MAX_STANDARD_TRANSACTION_MASS = 100_000;

/** mempool/config.go defaultMinimumRelayTransactionFee: sompi per 1000 grams of mass. */
export const MIN_RELAY_FEE_PER_KILOGRAM = 1000n;

/** Fee rate of the minimum relay fee, in sompi per gram, and the builder's default. */
export const MIN_FEE_RATE = 1;

/**
 * mempool minimumRequiredTransactionRelayFee: mass × rate / 1000 (integer division), never 0
 * while the rate is positive, capped at MAX_SOMPI.
 */
export function minimumRelayFee(mass: number): bigint {
  let fee = (BigInt(mass) * MIN_RELAY_FEE_PER_KILOGRAM) / 1000n;
  if (fee === 0n) fee = MIN_RELAY_FEE_PER_KILOGRAM;
  return fee > MAX_SOMPI ? MAX_SOMPI : fee;
}

/** A fee rate as an exact fraction, read from its shortest decimal form ("1.1" is 11/10, not 1.1000000000000000888). */
export interface FeeRate {
  numerator: bigint;
  denominator: bigint;
}

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

/** ceil(mass × rate), and never below the mempool's minimum relay fee. */
export function feeForMass(mass: number, rate: FeeRate): bigint {
  const atRate = (BigInt(mass) * rate.numerator + rate.denominator - 1n) / rate.denominator;
  const floor = minimumRelayFee(mass);
  return atRate > floor ? atRate : floor;
}

/** kaspad txscript IsUnspendable: a script that does not parse, or that starts with OP_RETURN. */
function isUnspendable(script: Uint8Array): boolean {
  const { ops, error } = parseScriptPartially(script);
  return error !== null || ops[0]?.opcode === Op.Return;
}

/**
 * kaspad txmass TransactionOutputEstimatedSerializedSize (value, script version, length, script)
 * plus the 148 bytes kaspad assumes for the input that will one day spend the output.
 */
function dustSizeEstimate(script: Uint8Array): bigint {
  return BigInt(8 + 2 + 8 + script.length + 148);
}

/**
 * mempool IsTransactionOutputDust: an output is dust when spending it would cost more than a
 * third of its value at the minimum relay fee, i.e. value × 1000 / (3 × size) < 1000; an
 * unspendable script is always dust. For a P2PK script that is below 600 sompi.
 */
export function isDust(value: bigint, scriptPublicKey: ScriptPublicKey): boolean {
  if (isUnspendable(scriptPublicKey.script)) return true;
  const size = dustSizeEstimate(scriptPublicKey.script);
  return (value * 1000n) / (3n * size) < MIN_RELAY_FEE_PER_KILOGRAM;
}

/** The smallest value that is not dust for this script (3 × size, from the inequality above). */
export function dustThreshold(scriptPublicKey: ScriptPublicKey): bigint {
  return 3n * dustSizeEstimate(scriptPublicKey.script);
}
