import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exponentialFractions, Interval, MAX_INTERVAL_END } from './interval.ts';
import { ReachabilityError } from './reachability-error.ts';

const iv = (start: number, end: number) => new Interval(start, end);
const pairs = (intervals: Interval[]) => intervals.map((i) => [i.start, i.end]);

/** Cases from rusty-kaspa processes/reachability/interval.rs tests. */
describe('reachability intervals', () => {
  test('basics: offsets, sizes, the maximal and empty intervals', () => {
    const interval = iv(101, 164);
    assert.deepEqual([interval.increase(10).start, interval.increase(10).end], [111, 174]);
    assert.deepEqual([interval.increase(10).decrease(5).start, interval.increase(10).decrease(5).end], [106, 169]);
    assert.equal(interval.size(), 64);
    assert.equal(Interval.maximal().size(), 2 ** 53 - 2);
    assert.equal(Interval.maximal().end + 1, Number.MAX_SAFE_INTEGER); // end + 1 still exact
    assert.equal(MAX_INTERVAL_END, 2 ** 53 - 2);
    assert.equal(Interval.empty().size(), 0);
    assert.ok(Interval.empty().isEmpty() && !interval.isEmpty());
    const [left, right] = Interval.empty().splitHalf();
    assert.equal(left.size(), 0);
    assert.equal(right.size(), 0);
    assert.deepEqual(pairs([interval.increaseStart(10), interval.decreaseStart(10)]), [
      [111, 164],
      [91, 164],
    ]);
    assert.deepEqual(pairs([interval.increaseEnd(10), interval.decreaseEnd(10)]), [
      [101, 174],
      [101, 154],
    ]);
    assert.equal(interval.toString(), '[101, 164]');
  });

  test('rejects malformed intervals with a typed error', () => {
    for (const [start, end] of [
      [0, 5],
      [5, 3],
      [1, MAX_INTERVAL_END + 1],
    ] as const) {
      assert.throws(
        () => iv(start, end),
        (e) => e instanceof ReachabilityError && e.code === 'DATA_INCONSISTENCY',
      );
    }
    assert.throws(() => iv(1, 10).splitExact([5, 4]), ReachabilityError);
    assert.throws(() => iv(1, 10).splitExponential([6, 5]), ReachabilityError);
    assert.throws(() => iv(1, 10).splitExponential([0]), ReachabilityError);
  });

  test('splitHalf rounds the left part up (kaspad: ceil(size * 0.5) in float64)', () => {
    assert.deepEqual(pairs(iv(1, 100).splitHalf()), [
      [1, 50],
      [51, 100],
    ]);
    assert.deepEqual(pairs(iv(1, 5).splitHalf()), [
      [1, 3],
      [4, 5],
    ]);
    assert.deepEqual(pairs(iv(7, 7).splitHalf()), [
      [7, 7],
      [8, 7],
    ]);
    // Exact at the top of the range, where f32 (rusty-kaspa's type here) would have rounded.
    const [left, right] = Interval.maximal().splitHalf();
    assert.equal(left.end, 2 ** 52 - 1);
    assert.equal(right.start, 2 ** 52);
    assert.equal(right.size(), 2 ** 52 - 1);
  });

  test('splitExact gives each part exactly its size', () => {
    const sizes = [5, 10, 15, 20];
    assert.deepEqual(
      iv(1, 50)
        .splitExact(sizes)
        .map((i) => i.size()),
      sizes,
    );
    assert.deepEqual(iv(4, 3).splitExact([]), []);
  });

  test('exponential fractions grow with size and are 1/2 each for equal sizes', () => {
    const fractions = exponentialFractions([2, 4, 8, 16]);
    for (let i = 0; i + 1 < fractions.length; i++) assert.ok((fractions[i + 1] as number) > (fractions[i] as number));
    assert.deepEqual(exponentialFractions([]), []);
    assert.deepEqual(exponentialFractions([0, 0]), [0.5, 0.5]);
    // 2^-d underflows like Rust's 1 / 2f64.powf(d): zero from d = 1024 on, not a subnormal.
    assert.deepEqual(exponentialFractions([0, 1024]), [0, 1]);
    assert.ok((exponentialFractions([0, 1023])[0] as number) > 0);
  });

  test('contains and strictlyContains', () => {
    assert.ok(iv(1, 100).contains(iv(1, 100)));
    assert.ok(iv(1, 100).contains(iv(1, 99)));
    assert.ok(iv(1, 100).contains(iv(2, 100)));
    assert.ok(iv(1, 100).contains(iv(2, 99)));
    assert.ok(!iv(1, 100).contains(iv(50, 150)));
    assert.ok(!iv(1, 100).contains(iv(150, 160)));
    assert.ok(iv(1, 100).strictlyContains(iv(1, 99)));
    assert.ok(!iv(1, 100).strictlyContains(iv(2, 100)));
  });

  test('splitExponential matches rusty-kaspa test_split_exponential', () => {
    const cases: [Interval, number[], [number, number][]][] = [
      [iv(1, 100), [100], [[1, 100]]],
      [
        iv(1, 100),
        [50, 50],
        [
          [1, 50],
          [51, 100],
        ],
      ],
      [
        iv(1, 100),
        [10, 20, 30, 40],
        [
          [1, 10],
          [11, 30],
          [31, 60],
          [61, 100],
        ],
      ],
      [
        iv(1, 100),
        [25, 25],
        [
          [1, 50],
          [51, 100],
        ],
      ],
      [
        iv(1, 100),
        [1, 1],
        [
          [1, 50],
          [51, 100],
        ],
      ],
      [
        iv(1, 100),
        [33, 33, 33],
        [
          [1, 33],
          [34, 66],
          [67, 100],
        ],
      ],
      [
        iv(1, 100),
        [10, 15, 25],
        [
          [1, 10],
          [11, 25],
          [26, 100],
        ],
      ],
      [
        iv(1, 100),
        [25, 15, 10],
        [
          [1, 75],
          [76, 90],
          [91, 100],
        ],
      ],
      [
        iv(1, 10_000),
        [10, 10, 20],
        [
          [1, 20],
          [21, 40],
          [41, 10_000],
        ],
      ],
      [
        iv(1, 100_000),
        [31_000, 31_000, 30_001],
        [
          [1, 35_000],
          [35_001, 69_999],
          [70_000, 100_000],
        ],
      ],
    ];
    for (const [interval, sizes, expected] of cases) {
      assert.deepEqual(pairs(interval.splitExponential(sizes)), expected, `${interval} ${sizes}`);
    }
  });

  test('splitExponential on the full range stays exact and covers it', () => {
    const parts = Interval.maximal().splitExponential([3, 1, 7, 7]);
    assert.equal(parts[0]?.start, 1);
    assert.equal(parts.at(-1)?.end, MAX_INTERVAL_END);
    for (let i = 1; i < parts.length; i++)
      assert.equal((parts[i - 1] as Interval).end + 1, (parts[i] as Interval).start);
    // The bias halves the room between the two largest (after the rounding of the small ones).
    const totalBias = MAX_INTERVAL_END - 18;
    const f = [1 / 2 ** 4, 1 / 2 ** 6, 1, 1];
    const sum = f.reduce((a, b) => a + b, 0);
    assert.equal(parts[0]?.size(), 3 + Math.round(totalBias * ((f[0] as number) / sum)));
  });
});
