import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmountError, formatSompi, MAX_SOMPI, parseCoins } from './amount.ts';

describe('amounts', () => {
  it('formats sompi as plain decimals', () => {
    assert.equal(formatSompi(0n), '0');
    assert.equal(formatSompi(1n), '0.00000001');
    assert.equal(formatSompi(150_000_000n), '1.5');
    assert.equal(formatSompi(50_000_000_000n), '500');
    assert.equal(formatSompi(-25_000_000n), '-0.25');
    assert.equal(formatSompi(MAX_SOMPI), '29000000000');
  });

  it('parses what it formats', () => {
    for (const sompi of [0n, 1n, 99n, 150_000_000n, 123_456_789_012n, MAX_SOMPI]) {
      assert.equal(parseCoins(formatSompi(sompi)), sompi);
    }
    assert.equal(parseCoins(' 0.5 '), 50_000_000n);
  });

  it('refuses bad input with a code', () => {
    const cases: [string, string][] = [
      ['', 'BAD_FORMAT'],
      ['-1', 'BAD_FORMAT'],
      ['1e5', 'BAD_FORMAT'],
      ['1,000', 'BAD_FORMAT'],
      ['.5', 'BAD_FORMAT'],
      ['0x10', 'BAD_FORMAT'],
      ['1.123456789', 'TOO_PRECISE'],
      ['29000000000.00000001', 'TOO_LARGE'],
    ];
    for (const [text, code] of cases) {
      assert.throws(
        () => parseCoins(text),
        (e: unknown) => e instanceof AmountError && e.code === code,
        text,
      );
    }
  });
});
