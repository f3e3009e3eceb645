import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAmount } from './send-form.ts';

test('amounts parse to sompi', () => {
  assert.deepEqual(readAmount('12'), { sompi: 1_200_000_000n, error: null });
  assert.deepEqual(readAmount(' 0.5 '), { sompi: 50_000_000n, error: null });
  assert.deepEqual(readAmount('.25'), { sompi: 25_000_000n, error: null });
  assert.deepEqual(readAmount('0.00000001'), { sompi: 1n, error: null });
});

test('an empty field is no error yet', () => {
  assert.deepEqual(readAmount(''), { sompi: null, error: null });
  assert.deepEqual(readAmount('   '), { sompi: null, error: null });
});

test('bad amounts say why in words', () => {
  const cases: [string, RegExp][] = [
    ['0', /above zero/],
    ['0.000', /above zero/],
    ['-1', /negative/],
    ['1,000.5', /thousands separators/],
    ['0,5', /point for the decimals/],
    ['1.123456789', /at most 8 decimal places/],
    ['abc', /Enter an amount like/],
    ['1e5', /Enter an amount like/],
    ['30000000000', /more than the total supply/],
  ];
  for (const [text, message] of cases) {
    const result = readAmount(text);
    assert.equal(result.sompi, null, text);
    assert.match(result.error ?? '', message, text);
  }
});
