/**
 * Fee rate estimates from the pool (rusty-kaspa mining/src/feerate/mod.rs FeerateEstimator and
 * frontier.rs build_feerate_estimator, whose notebook fee_estimation.ipynb derives the model).
 *
 * The model: block templates pick ready transactions at random with weight feerate^ALPHA, so a
 * transaction paying rate f waits about c1·c2/f^ALPHA + c1 seconds, where c2 is the pool's total
 * weight and c1 the time between two transaction slots (average mass over the network's mass per
 * second). Estimates are read off that curve at a block time, a minute and an hour, with quantile
 * points between them so the buckets stay informative when the pool is small.
 *
 * Where ours differs: the average mass is the mean over the pool's ready transactions (rusty-kaspa
 * keeps a decaying average of every insertion), the mass per block is the legacy block mass
 * limit, and the block rate may be fractional. Every figure is finite: an empty pool, or a minimum
 * rate of 0, gives the minimum rate everywhere rather than a division by zero.
 */
import type { FeeEstimateJson, FeeRateBucketJson } from '../../../src-shared/api.ts';

/** rusty-kaspa frontier/selectors.rs ALPHA: selection weight grows with the fee rate cubed. */
const ALPHA = 3;
/** rusty-kaspa frontier.rs INITIAL_AVG_MASS: the mass assumed while the pool has no ready transaction. */
const INITIAL_AVERAGE_MASS = 2036;
/** The least rate a bucket names, sompi per gram: kaspad's fee unit is a sompi per 1000 grams. */
const SMALLEST_FEE_RATE = 0.001;

/** A ready pool transaction (no parent in the pool), as the estimator weighs it. */
export interface ReadyTransaction {
  /** Sompi per gram. */
  feeRate: number;
  /** Grams. */
  mass: number;
}

export interface FeeEstimatorInput {
  ready: readonly ReadyTransaction[];
  /** The network's block rate (1000 / targetTimePerBlockMs). */
  blocksPerSecond: number;
  /** Grams a block may carry. */
  maxBlockMass: number;
  /** Sompi per gram the pool takes at least. */
  minimumFeeRate: number;
}

/** rusty-kaspa FeerateEstimator: the wait for a fee rate, and back. */
class FeeRateCurve {
  readonly #c1: number;
  readonly #c2: number;
  readonly #blockSeconds: number;
  /** What to answer for a wait no fee rate can buy (shorter than c1). */
  readonly #ceiling: number;

  constructor(totalWeight: number, inclusionInterval: number, blockSeconds: number, ceiling: number) {
    this.#c2 = totalWeight;
    this.#c1 = inclusionInterval;
    this.#blockSeconds = blockSeconds;
    this.#ceiling = ceiling;
  }

  feeRateToTime(feeRate: number): number {
    return (this.#c1 * this.#c2) / feeRate ** ALPHA + this.#c1;
  }

  timeToFeeRate(seconds: number): number {
    const [c1, c2] = [this.#c1, this.#c2];
    if (seconds <= c1) return this.#ceiling;
    return ((c1 * c2) / seconds / (1 - c1 / seconds)) ** (1 / ALPHA);
  }

  /** The antiderivative of feeRateToTime without its constant term c1. */
  #antiderivative(feeRate: number): number {
    return (this.#c1 * this.#c2) / (-2 * feeRate ** (ALPHA - 1));
  }

  /** The fee rate splitting the area under the curve between `lower` and `upper` at `fraction`. */
  quantile(lower: number, upper: number, fraction: number): number {
    if (lower >= upper || this.#c1 * this.#c2 === 0) return lower;
    const z = fraction * this.#antiderivative(upper) + (1 - fraction) * this.#antiderivative(lower);
    return ((this.#c1 * this.#c2) / (-2 * z)) ** (1 / (ALPHA - 1));
  }

  estimate(minimum: number): FeeEstimateJson {
    const high = Math.max(this.timeToFeeRate(this.#blockSeconds), minimum);
    const low = Math.max(this.timeToFeeRate(3600), this.quantile(minimum, high, 0.25));
    const normal = Math.max(this.timeToFeeRate(60), this.quantile(low, high, 0.66));
    const mid = Math.max(this.timeToFeeRate(1800), this.quantile(minimum, high, 0.5));
    const bucket = (feeRate: number): FeeRateBucketJson => {
      const rate = Number.isFinite(feeRate) && feeRate >= minimum ? feeRate : minimum;
      const seconds = this.feeRateToTime(rate);
      return { feerate: rate, estimatedSeconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : 0 };
    };
    return { priorityBucket: bucket(high), normalBuckets: [bucket(normal), bucket(mid)], lowBuckets: [bucket(low)] };
  }

  /** rusty-kaspa compares candidate curves by the wait at rate 1. */
  get waitAtRateOne(): number {
    return this.feeRateToTime(1);
  }
}

/**
 * rusty-kaspa build_feerate_estimator then calc_estimations: the curve over every ready
 * transaction, then, while it shortens the wait at rate 1, the curve without the highest-rate
 * transactions (outliers that would otherwise inflate the total weight), each removal giving up
 * the block space that transaction takes.
 */
export function estimateFeeRates(input: FeeEstimatorInput): FeeEstimateJson {
  const minimum = Number.isFinite(input.minimumFeeRate)
    ? Math.max(input.minimumFeeRate, SMALLEST_FEE_RATE)
    : SMALLEST_FEE_RATE;
  const blocksPerSecond = input.blocksPerSecond > 0 ? input.blocksPerSecond : 1;
  const blockSeconds = 1 / blocksPerSecond;
  const ready = input.ready
    .filter((tx) => Number.isFinite(tx.feeRate) && tx.feeRate >= 0 && Number.isFinite(tx.mass) && tx.mass > 0)
    .sort((a, b) => b.feeRate - a.feeRate);
  const averageMass =
    ready.length === 0 ? INITIAL_AVERAGE_MASS : ready.reduce((sum, tx) => sum + tx.mass, 0) / ready.length;
  const ceiling = Math.max(minimum, ready[0]?.feeRate ?? minimum);
  // weightBelow[i]: the weight of the transactions after the i-th, highest rate first.
  const weightBelow = new Array<number>(ready.length);
  let total = 0;
  for (let i = ready.length - 1; i >= 0; i--) {
    weightBelow[i] = total;
    total += (ready[i] as ReadyTransaction).feeRate ** ALPHA;
  }
  let massPerBlock = input.maxBlockMass;
  if (!(massPerBlock > averageMass)) return new FeeRateCurve(0, 0, blockSeconds, ceiling).estimate(minimum); // no room to model: the minimum
  let curve = new FeeRateCurve(total, averageMass / (massPerBlock * blocksPerSecond), blockSeconds, ceiling);
  for (let i = 0; i < ready.length; i++) {
    massPerBlock -= (ready[i] as ReadyTransaction).mass;
    if (massPerBlock <= averageMass) break;
    const pending = new FeeRateCurve(
      weightBelow[i] as number,
      averageMass / (massPerBlock * blocksPerSecond),
      blockSeconds,
      ceiling,
    );
    if (!(pending.waitAtRateOne < curve.waitAtRateOne)) break;
    curve = pending;
  }
  return curve.estimate(minimum);
}
