import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactToTarget, targetToCompact } from '../difficulty/compact.ts';
import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import type { WindowBlock } from './block-window.ts';
import { daaScore, pastMedianTime, requiredDifficultyBits } from './difficulty.ts';

const GENESIS_BITS = 0x207fffff;
const params = {
  targetTimePerBlockMs: 1000,
  minDifficultyWindowSize: 2641,
  disableDifficultyAdjustment: false,
  powMax: (1n << 255n) - 1n,
};

/** `count` blocks `spacing` ms apart, ascending by blue work like a real window. */
function windowOf(count: number, spacing: number, bits: (i: number) => number = () => 0x1e7fffff): WindowBlock[] {
  return Array.from({ length: count }, (_, i) => ({
    key: i.toString(16).padStart(64, '0'),
    blueWork: BigInt(i + 1),
    timestamp: 1_000_000 + i * spacing,
    bits: bits(i),
  }));
}

describe('difficulty adjustment (legacy full window)', () => {
  it('keeps the genesis bits until the window is full', () => {
    assert.equal(requiredDifficultyBits(windowOf(2640, 500), params, GENESIS_BITS), GENESIS_BITS);
    assert.notEqual(requiredDifficultyBits(windowOf(2641, 500), params, GENESIS_BITS), GENESIS_BITS);
  });

  it('keeps the target when blocks come on time, halves it when they come twice as fast', () => {
    const bits = 0x1e7fffff;
    assert.equal(requiredDifficultyBits(windowOf(2641, 1000), params, GENESIS_BITS), bits);
    assert.equal(
      requiredDifficultyBits(windowOf(2641, 500), params, GENESIS_BITS),
      targetToCompact(compactToTarget(bits) / 2n),
    );
  });

  it('computes ⌊⌊Σ/n⌋·span/T/n⌋ over the window less its earliest block', () => {
    // Alternating targets; the earliest block carries a huge target that must not count.
    const window = windowOf(2641, 700, (i) => (i === 0 ? 0x207fffff : i % 2 ? 0x1d00ffff : 0x1c7fffff));
    let sum = 0n;
    for (const block of window.slice(1)) sum += compactToTarget(block.bits);
    const n = 2640n;
    const expected = ((sum / n) * (2640n * 700n)) / 1000n / n;
    assert.equal(requiredDifficultyBits(window, params, GENESIS_BITS), targetToCompact(expected));
  });

  it('drops the earliest block by timestamp, ties going to the lighter block', () => {
    const window = windowOf(2641, 1000);
    // Two blocks share the earliest timestamp: the lighter (lower blue work) is dropped.
    const heavy = { ...(window[5] as WindowBlock), timestamp: 0, bits: 0x1d00ffff };
    const light = { ...(window[4] as WindowBlock), timestamp: 0, bits: 0x1c00ffff };
    window[5] = heavy;
    window[4] = light;
    let sum = 0n;
    for (const block of window) if (block !== light) sum += compactToTarget(block.bits);
    const max = (window.at(-1) as WindowBlock).timestamp;
    const expected = ((sum / 2640n) * BigInt(max)) / 1000n / 2640n;
    assert.equal(requiredDifficultyBits(window, params, GENESIS_BITS), targetToCompact(expected));
  });

  it('caps the target at powMax and never divides by a zero timespan', () => {
    const slow = windowOf(2641, 1_000_000, () => 0x207fffff);
    assert.equal(requiredDifficultyBits(slow, params, GENESIS_BITS), targetToCompact(params.powMax));
    const instant = windowOf(2641, 0);
    const target = compactToTarget(requiredDifficultyBits(instant, params, GENESIS_BITS));
    assert.ok(target > 0n && target < compactToTarget(0x1e7fffff) / 2000n);
  });

  it('returns the genesis bits when adjustment is disabled (simnet)', () => {
    const disabled = { ...params, disableDifficultyAdjustment: true };
    assert.equal(requiredDifficultyBits(windowOf(2641, 10), disabled, GENESIS_BITS), GENESIS_BITS);
  });
});

describe('DAA score and past median time', () => {
  const window = windowOf(10, 1000);
  const blockByKey = new Map(window.map((b) => [b.key, b]));
  const outside: WindowBlock = { key: 'ff'.repeat(32), blueWork: 0n, timestamp: 0, bits: 0 };
  blockByKey.set(outside.key, outside);
  const data = (blues: string[], reds: string[]): GhostdagData => ({
    blueScore: 0,
    blueWork: 0n,
    selectedParent: blues[0] as string,
    mergesetBlues: blues,
    mergesetReds: reds,
    bluesAnticoneSizes: new Map(),
  });
  const lookup = (key: string) => blockByKey.get(key) as WindowBlock;

  it('adds the mergeset blocks that made it into the window', () => {
    const keys = window.map((b) => b.key);
    const d = data([keys[9] as string, keys[8] as string], [keys[7] as string, outside.key]);
    // Window full (size 10): the block lighter than its lightest member does not count.
    assert.equal(daaScore(d, 100, window, 10, lookup, 'genesis'), 103);
    // With room to spare every mergeset block counts, except genesis.
    assert.equal(daaScore(d, 100, window, 20, lookup, 'genesis'), 104);
    assert.equal(daaScore(d, 100, window, 20, lookup, outside.key), 103);
  });

  it('takes the median of the heaviest blocks, sorted by time', () => {
    const shuffled = window.map((b, i) => ({ ...b, timestamp: [5, 1, 9, 3, 7, 2, 8, 4, 6, 0][i] as number }));
    // Heaviest 5 have timestamps 2, 8, 4, 6, 0 -> sorted 0 2 4 6 8 -> index 2.
    assert.equal(pastMedianTime(shuffled, 5, 42), 4);
    assert.equal(pastMedianTime(shuffled, 263, 42), 5);
    assert.equal(pastMedianTime([], 263, 42), 42);
  });
});
