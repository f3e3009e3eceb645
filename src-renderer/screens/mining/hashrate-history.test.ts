import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendSample, sparklineGeometry } from './hashrate-history.ts';

test('samples older than the window are dropped', () => {
  let samples = appendSample([], { time: 0, hashesPerSecond: 1 }, 10_000);
  samples = appendSample(samples, { time: 5_000, hashesPerSecond: 2 }, 10_000);
  samples = appendSample(samples, { time: 12_000, hashesPerSecond: 3 }, 10_000);
  assert.deepEqual(
    samples.map((each) => each.time),
    [5_000, 12_000],
  );
});

test('the line spans the window and scales to the peak', () => {
  const samples = [
    { time: 0, hashesPerSecond: 0 },
    { time: 50, hashesPerSecond: 100 },
    { time: 100, hashesPerSecond: 50 },
  ];
  const { line, area, max } = sparklineGeometry(samples, 200, 100, 100, 100);
  assert.equal(max, 100);
  const points = line
    .slice(1)
    .split('L')
    .map((point) => point.split(',').map(Number));
  assert.equal(points.length, 3);
  assert.deepEqual(
    points.map(([x]) => x),
    [0, 100, 200],
  );
  const [first, peak, half] = points.map(([, y]) => y as number);
  assert.equal(first, 99); // zero sits on the bottom, 1 px in
  assert.ok((peak as number) > 0 && (peak as number) < 15, `peak at ${peak}`);
  assert.ok((half as number) > (peak as number) && (half as number) < (first as number));
  assert.ok(area.startsWith(line) && area.endsWith('Z'));
});

test('fewer than two samples draw nothing; all zeros draw a flat line on the bottom', () => {
  assert.equal(sparklineGeometry([], 100, 50, 0).line, '');
  assert.equal(sparklineGeometry([{ time: 0, hashesPerSecond: 5 }], 100, 50, 0).line, '');
  const flat = sparklineGeometry(
    [
      { time: 0, hashesPerSecond: 0 },
      { time: 10, hashesPerSecond: 0 },
    ],
    100,
    50,
    10,
    10,
  );
  assert.equal(flat.line, 'M0.0,49.0L100.0,49.0');
});
