import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeeEstimateJson } from '../../../src-shared/api.ts';
import { estimateFeeRates, type ReadyTransaction } from './fee-estimator.ts';
import { seededRandom } from '../test-support/seeded-random.ts';

const LEGACY = { blocksPerSecond: 1, maxBlockMass: 500_000, minimumFeeRate: 1 };

function bucketsOf(estimate: FeeEstimateJson) {
  return [estimate.priorityBucket, ...estimate.normalBuckets, ...estimate.lowBuckets];
}

/** rusty-kaspa's tests of the estimator: rates fall and waits grow from bucket to bucket, all finite. */
function assertWellFormed(estimate: FeeEstimateJson, minimum: number): void {
  const buckets = bucketsOf(estimate);
  assert.equal(estimate.normalBuckets.length, 2);
  assert.equal(estimate.lowBuckets.length, 1);
  for (const bucket of buckets) {
    assert.ok(Number.isFinite(bucket.feerate) && bucket.feerate >= minimum, JSON.stringify(bucket));
    assert.ok(Number.isFinite(bucket.estimatedSeconds) && bucket.estimatedSeconds >= 0, JSON.stringify(bucket));
  }
  for (let i = 1; i < buckets.length; i++) {
    const [a, b] = [buckets[i - 1], buckets[i]] as [(typeof buckets)[number], (typeof buckets)[number]];
    assert.ok(a.feerate >= b.feerate, `${a.feerate} >= ${b.feerate}`);
    assert.ok(a.estimatedSeconds <= b.estimatedSeconds + 1e-12, `${a.estimatedSeconds} <= ${b.estimatedSeconds}`);
  }
}

/** A busy pool: `count` payments of about 2,000 grams at rates spread from 1 to ~`top` sompi per gram. */
function busyPool(count: number, top: number, seed = 7): ReadyTransaction[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    feeRate: 1 + random() ** 3 * (top - 1),
    mass: 1_500 + Math.floor(random() * 1_000),
  }));
}

describe('estimateFeeRates (rusty-kaspa FeerateEstimator)', () => {
  it('an empty pool: the minimum everywhere, the wait one transaction slot (never NaN)', () => {
    const estimate = estimateFeeRates({ ...LEGACY, ready: [], minimumFeeRate: 0.755 });
    for (const bucket of bucketsOf(estimate)) {
      assert.equal(bucket.feerate, 0.755);
      // rusty-kaspa test_zero_values: the wait is the inclusion interval, 2036 / 500,000 s here.
      assert.equal(bucket.estimatedSeconds, 2036 / 500_000);
    }
  });

  it('a pool that fits the next block: the minimum is enough', () => {
    const estimate = estimateFeeRates({ ...LEGACY, ready: [{ feeRate: 50, mass: 2_000 }] });
    for (const bucket of bucketsOf(estimate)) assert.equal(bucket.feerate, 1);
    assertWellFormed(estimate, 1);
  });

  it('a busy pool: priority within a block time, normal within a minute, low within an hour', () => {
    const ready = busyPool(5_000, 200);
    const estimate = estimateFeeRates({ ...LEGACY, ready });
    assertWellFormed(estimate, 1);
    const { priorityBucket, normalBuckets, lowBuckets } = estimate;
    assert.ok(priorityBucket.feerate > 1, 'competition raises the priority rate');
    assert.ok(priorityBucket.estimatedSeconds <= 1 + 1e-9, `${priorityBucket.estimatedSeconds}`);
    assert.ok((normalBuckets[0]?.estimatedSeconds as number) <= 60 + 1e-9);
    assert.ok((lowBuckets[0]?.estimatedSeconds as number) <= 3600 + 1e-9);
    // Above the minimum, the priority rate is the one whose modelled wait is exactly a block time.
    assert.ok(Math.abs(priorityBucket.estimatedSeconds - 1) < 1e-9);
  });

  it('a busier pool asks for more', () => {
    const quiet = estimateFeeRates({ ...LEGACY, ready: busyPool(1_000, 200) });
    const busy = estimateFeeRates({ ...LEGACY, ready: busyPool(20_000, 200) });
    assert.ok(busy.priorityBucket.feerate > quiet.priorityBucket.feerate);
    assert.ok((busy.lowBuckets[0]?.feerate as number) >= (quiet.lowBuckets[0]?.feerate as number));
  });

  it('leaves out a few extreme outliers rather than letting them set the price', () => {
    const ready = busyPool(2_000, 20);
    const base = estimateFeeRates({ ...LEGACY, ready });
    const withOutliers = estimateFeeRates({
      ...LEGACY,
      ready: [...ready, { feeRate: 1e6, mass: 2_000 }, { feeRate: 5e5, mass: 2_000 }],
    });
    assertWellFormed(withOutliers, 1);
    // Without the removal, two transactions of weight ~1e18 would push the priority rate to ~1e5.
    assert.ok(withOutliers.priorityBucket.feerate < 10 * base.priorityBucket.feerate, JSON.stringify(withOutliers));
  });

  it('stays finite on odd input: a zero minimum, no block rate, junk rates, blocks smaller than a transaction', () => {
    const junk = [
      { feeRate: Number.NaN, mass: 2_000 },
      { feeRate: Number.POSITIVE_INFINITY, mass: 2_000 },
      { feeRate: 5, mass: 0 },
      { feeRate: -3, mass: 2_000 },
      ...busyPool(3_000, 50),
    ];
    for (const input of [
      { ...LEGACY, ready: junk, minimumFeeRate: 0 },
      { ...LEGACY, ready: junk, blocksPerSecond: 0 },
      { ...LEGACY, ready: junk, minimumFeeRate: Number.NaN },
      { ...LEGACY, ready: busyPool(100, 50), maxBlockMass: 1_000 },
      { ...LEGACY, ready: busyPool(10_000, 50), blocksPerSecond: 10 },
    ]) {
      const estimate = estimateFeeRates(input);
      const minimum = Number.isFinite(input.minimumFeeRate) && input.minimumFeeRate > 0 ? input.minimumFeeRate : 0.001;
      assertWellFormed(estimate, minimum);
      assert.doesNotMatch(JSON.stringify(estimate), /null/);
    }
  });
});
