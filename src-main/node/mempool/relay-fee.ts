import type { ScriptPublicKey, TransactionOutput } from '../consensus/model/transaction.ts';
import { MAX_SOMPI } from '../consensus/validation/tx-constants.ts';
import { isUnspendable } from './script-class.ts';

/** kaspad mempool config.go defaultMinimumRelayTransactionFee: sompi per 1000 grams, i.e. 1 sompi per gram. */
export const DEFAULT_MINIMUM_RELAY_FEE_RATE = 1000n;

/**
 * kaspad mempool minimumRequiredTransactionRelayFee: `rate` is sompi per 1000 grams, so the fee
 * is mass × rate / 1000 rounded down, at least `rate` itself when that rounds to 0, at most
 * MAX_SOMPI. With kaspad's default rate of 1000 that is 1 sompi per gram.
 */
export function minimumRelayFee(mass: number, rate: bigint): bigint {
  let fee = (BigInt(mass) * rate) / 1000n;
  if (fee === 0n && rate > 0n) fee = rate;
  return fee > MAX_SOMPI ? MAX_SOMPI : fee;
}

/**
 * kaspad txmass TransactionOutputEstimatedSerializedSize (value, script version, length prefix,
 * script), the same estimate consensus's mass uses per output.
 */
function outputEstimatedSize(scriptPublicKey: ScriptPublicKey): bigint {
  return BigInt(8 + 2 + 8 + scriptPublicKey.script.length);
}

/** kaspad's estimate of the size of the input that will one day spend the output (a P2PK input). */
const SPENDING_INPUT_SIZE = 148n;

/**
 * kaspad mempool IsTransactionOutputDust: unspendable outputs are dust, and so is an output
 * whose value is less than three times what relaying the output and the input spending it costs
 * at `rate`: value × 1000 / (3 × size) < rate. For a P2PK output at the default rate that is
 * anything below 600 sompi. (kaspad's u64 product wraps above ~1.8·10^16 sompi; a bigint does
 * not, so such huge outputs are simply not dust here.)
 */
export function isDust(output: TransactionOutput, rate: bigint): boolean {
  if (isUnspendable(output.scriptPublicKey.script)) return true;
  const size = outputEstimatedSize(output.scriptPublicKey) + SPENDING_INPUT_SIZE;
  return (output.value * 1000n) / (3n * size) < rate;
}

/**
 * The smallest value `isDust` lets an output paying `scriptPublicKey` have at `rate` (for wallets
 * choosing change and explaining refusals): ceil(rate × 3 × size / 1000), from the inequality
 * above; for a P2PK script at the default rate, 600 sompi. An unspendable script is dust at any
 * value, so its threshold is MAX_SOMPI + 1, above every amount.
 */
export function dustThreshold(scriptPublicKey: ScriptPublicKey, rate: bigint): bigint {
  if (isUnspendable(scriptPublicKey.script)) return MAX_SOMPI + 1n;
  const size = outputEstimatedSize(scriptPublicKey) + SPENDING_INPUT_SIZE;
  return (rate * 3n * size + 999n) / 1000n;
}
