import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readVectorJson } from '../../test-support/vectors.ts';
import { compactToTarget, targetToCompact, workFromBits, workFromTarget } from './compact.ts';

interface CompactVectors {
  big_to_compact: { in_decimal: string; expected_compact: number }[];
  compact_to_big: {
    compact: number;
    rust_from_compact_target_bits_hex: string;
    go_roundtrip_compact: number;
    agree: boolean;
  }[];
}

const vectors = readVectorJson<CompactVectors>('transcribed', 'compact_target.json');

describe('compact bits <-> target (transcribed/compact_target.json)', () => {
  it('decodes every compact value as rusty-kaspa does', () => {
    for (const v of vectors.compact_to_big) {
      const target = compactToTarget(v.compact);
      if (v.rust_from_compact_target_bits_hex === 'OVERFLOWS u256') {
        assert.ok(target >= 1n << 256n, `${v.compact} should exceed 256 bits`);
      } else {
        assert.equal(target, BigInt(`0x${v.rust_from_compact_target_bits_hex}`), `bits ${v.compact}`);
      }
    }
  });

  it('encodes non-negative targets as kaspad does', () => {
    for (const v of vectors.big_to_compact.filter((x) => !x.in_decimal.startsWith('-'))) {
      assert.equal(targetToCompact(BigInt(v.in_decimal)), v.expected_compact, v.in_decimal);
    }
    // Where Go and Rust agree, decoding then encoding gives Go's normalized compact form.
    for (const v of vectors.compact_to_big.filter(
      (x) => x.agree && x.rust_from_compact_target_bits_hex !== 'OVERFLOWS u256',
    )) {
      assert.equal(targetToCompact(compactToTarget(v.compact)), v.go_roundtrip_compact, `bits ${v.compact}`);
    }
    assert.throws(() => targetToCompact(-1n), RangeError);
  });

  it('computes work as 2^256 / (target + 1)', () => {
    assert.equal(workFromTarget((1n << 256n) - 1n), 1n);
    assert.equal(workFromTarget(0n), 1n << 256n);
    // Kaspa devnet genesis bits 0x207fffff: target just under 2^255, so two hashes per block.
    assert.equal(workFromBits(0x207fffff), 2n);
  });
});
