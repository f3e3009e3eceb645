import { ReachabilityError } from './reachability-error.ts';

/**
 * The largest interval end we hand out. Kaspa's root interval is [1, u64::MAX - 1]; we use
 * [1, 2^53 - 2] so that every bound, size and sum stays an exact JS number (and fits SQLite's
 * signed 64-bit INTEGER) with no BigInt on the hot path. The margin of 1 on both sides is
 * Kaspa's: an interval can always be made empty by `end = start - 1` or `start = end + 1`.
 * Capacity is ample: with 2^12 slack per chain block below the reindex root (rusty-kaspa's
 * own budget argument in reindex.rs) 2^53 still leaves room for ~2^41 blocks.
 */
export const MAX_INTERVAL_END = Number.MAX_SAFE_INTEGER - 1;

/**
 * A closed interval [start, end] of integers (rusty-kaspa processes/reachability/interval.rs).
 * `end = start - 1` is the empty interval. Immutable: every operation returns a new one.
 */
export class Interval {
  readonly start: number;
  readonly end: number;

  constructor(start: number, end: number) {
    // Same bounds rusty-kaspa debug-asserts in Interval::new, but checked always: a bad interval
    // would silently corrupt every later query.
    if (!(start >= 1 && end >= start - 1 && end <= MAX_INTERVAL_END)) {
      throw new ReachabilityError('DATA_INCONSISTENCY', `invalid interval [${start}, ${end}]`);
    }
    this.start = start;
    this.end = end;
  }

  static empty(): Interval {
    return new Interval(1, 0);
  }

  /** The capacity of the tree root (see MAX_INTERVAL_END for why it is not u64's). */
  static maximal(): Interval {
    return new Interval(1, MAX_INTERVAL_END);
  }

  size(): number {
    return this.end + 1 - this.start;
  }

  isEmpty(): boolean {
    return this.end + 1 === this.start;
  }

  increase(offset: number): Interval {
    return new Interval(this.start + offset, this.end + offset);
  }

  decrease(offset: number): Interval {
    return new Interval(this.start - offset, this.end - offset);
  }

  increaseStart(offset: number): Interval {
    return new Interval(this.start + offset, this.end);
  }

  decreaseStart(offset: number): Interval {
    return new Interval(this.start - offset, this.end);
  }

  increaseEnd(offset: number): Interval {
    return new Interval(this.start, this.end + offset);
  }

  decreaseEnd(offset: number): Interval {
    return new Interval(this.start, this.end - offset);
  }

  contains(other: Interval): boolean {
    return this.start <= other.start && other.end <= this.end;
  }

  strictlyContains(other: Interval): boolean {
    return this.start <= other.start && other.end < this.end;
  }

  /**
   * Splits in two with the left part rounded up: ceil(size / 2). kaspad computes
   * `math.Ceil(float64(size) * 0.5)`, exact for sizes below 2^53, so integer halving equals it.
   * (rusty-kaspa goes through f32 here, which rounds large sizes; intervals are a local index,
   * not consensus data, so we follow kaspad's exact split.)
   */
  splitHalf(): [Interval, Interval] {
    const leftSize = Math.ceil(this.size() / 2);
    return [new Interval(this.start, this.start + leftSize - 1), new Interval(this.start + leftSize, this.end)];
  }

  /** Splits into consecutive parts of exactly `sizes`, which must sum to this interval's size. */
  splitExact(sizes: readonly number[]): Interval[] {
    let sum = 0;
    for (const size of sizes) sum += size;
    if (sum !== this.size()) {
      throw new ReachabilityError('DATA_INCONSISTENCY', `sizes sum to ${sum}, interval size is ${this.size()}`);
    }
    const parts: Interval[] = new Array(sizes.length);
    let start = this.start;
    for (let i = 0; i < sizes.length; i++) {
      const size = sizes[i] as number;
      parts[i] = new Interval(start, start + size - 1);
      start += size;
    }
    return parts;
  }

  /**
   * Gives part i at least sizes[i] and shares the rest with an exponential bias towards the
   * largest subtree, which GHOSTDAG expects to keep growing (kaspad intervalSplitWithExponentialBias,
   * rusty-kaspa split_exponential). The float steps mirror theirs operation by operation in f64;
   * every operand is an integer below 2^53, so the f64 values equal theirs exactly.
   */
  splitExponential(sizes: readonly number[]): Interval[] {
    const intervalSize = this.size();
    let sizesSum = 0;
    for (const size of sizes) sizesSum += size;
    if (sizesSum > intervalSize) {
      throw new ReachabilityError(
        'DATA_INCONSISTENCY',
        `sizes sum to ${sizesSum}, more than interval size ${intervalSize}`,
      );
    }
    if (sizesSum === 0) throw new ReachabilityError('DATA_INCONSISTENCY', 'cannot split into 0 parts');
    if (sizesSum === intervalSize) return this.splitExact(sizes);

    const totalBias = intervalSize - sizesSum;
    let remainingBias = totalBias;
    const fractions = exponentialFractions(sizes);
    const biased: number[] = new Array(sizes.length);
    for (let i = 0; i < fractions.length; i++) {
      // Math.round and Rust's f64::round agree on non-negative numbers (halves round up).
      const bias =
        i === fractions.length - 1
          ? remainingBias
          : Math.min(remainingBias, Math.round(totalBias * (fractions[i] as number)));
      biased[i] = (sizes[i] as number) + bias;
      remainingBias -= bias;
    }
    return this.splitExact(biased);
  }

  toString(): string {
    return `[${this.start}, ${this.end}]`;
  }
}

/**
 * fraction[i] = 2^sizes[i] / sum_j 2^sizes[j], computed as rusty-kaspa exponential_fractions
 * does: divide by 2^max first, i.e. 1 / 2^(max - size). `2 ** d` overflows to Infinity for
 * d >= 1024 exactly as Rust's powf, so those fractions are 0 in both.
 */
export function exponentialFractions(sizes: readonly number[]): number[] {
  let maxSize = 0;
  for (const size of sizes) if (size > maxSize) maxSize = size;
  const fractions = sizes.map((size) => 1 / 2 ** (maxSize - size));
  let sum = 0;
  for (const fraction of fractions) sum += fraction;
  for (let i = 0; i < fractions.length; i++) fractions[i] = (fractions[i] as number) / sum;
  return fractions;
}
