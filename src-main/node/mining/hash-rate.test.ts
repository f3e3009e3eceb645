import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HashRateMeter } from './hash-rate.ts';

describe('HashRateMeter', () => {
  it("adds the threads' rates, each its hashes over its hashing time in the window", () => {
    let now = 0;
    const meter = new HashRateMeter(3000, () => now);
    assert.equal(meter.hashesPerSecond(), 0);
    meter.add(0, 1000, 1000);
    meter.add(1, 500, 250);
    now = 1000;
    meter.add(0, 3000, 1000);
    assert.equal(meter.hashesPerSecond(), 2000 + 2000);
  });

  it('forgets reports older than the window, so a silent thread counts for nothing', () => {
    let now = 0;
    const meter = new HashRateMeter(3000, () => now);
    meter.add(0, 1000, 1000);
    now = 2000;
    meter.add(1, 4000, 1000);
    now = 3500;
    assert.equal(meter.hashesPerSecond(), 4000);
    now = 5001;
    assert.equal(meter.hashesPerSecond(), 0);
  });

  it('ignores empty or nonsensical reports, and reset clears everything', () => {
    const meter = new HashRateMeter(3000, () => 0);
    meter.add(0, 10, 0);
    meter.add(0, -1, 10);
    meter.add(0, Number.NaN, 10);
    assert.equal(meter.hashesPerSecond(), 0);
    meter.add(0, 10, 10);
    assert.equal(meter.hashesPerSecond(), 1000);
    meter.reset();
    assert.equal(meter.hashesPerSecond(), 0);
  });
});
