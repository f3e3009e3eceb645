import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../../errors.ts';
import { readVectorJson } from '../../test-support/vectors.ts';
import {
  drawFullRankMatrix,
  generateMatrix,
  heavyMix,
  MATRIX_CELLS,
  MATRIX_DIM,
  matrixRank,
  packMatrix,
} from './heavy-matrix.ts';
import { Xoshiro256pp } from './xoshiro256pp.ts';
import { referenceHeavyMix } from '../../test-support/heavy-mix-reference.ts';
import { seededBytes } from '../../test-support/seeded-random.ts';

interface MatrixVectors {
  generate_matrix_test: {
    pre_pow_hash_hex: string;
    expected_matrix: number[][];
  };
}

const vectors = readVectorJson<MatrixVectors>('transcribed', 'pow_kheavyhash.json');

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

describe('kHeavyHash matrix (transcribed/pow_kheavyhash.json)', () => {
  it('generates the exact 64x64 matrix for pre_pow_hash 2a…2a', () => {
    const v = vectors.generate_matrix_test;
    const matrix = generateMatrix(hexBytes(v.pre_pow_hash_hex));
    assert.equal(matrix.length, MATRIX_CELLS);
    for (let row = 0; row < MATRIX_DIM; row++) {
      assert.deepEqual(
        [...matrix.subarray(row * MATRIX_DIM, (row + 1) * MATRIX_DIM)],
        v.expected_matrix[row],
        `row ${row}`,
      );
    }
  });

  it('ranks the zero matrix 0 and a generated matrix 64', () => {
    assert.equal(matrixRank(new Uint8Array(MATRIX_CELLS)), 0);
    assert.equal(matrixRank(generateMatrix(new Uint8Array(32).fill(42))), 64);
  });

  it('sees crafted singular matrices as rank-deficient', () => {
    const base = generateMatrix(seededBytes(7, 32));
    const duplicateRow = base.slice();
    duplicateRow.copyWithin(0, MATRIX_DIM, 2 * MATRIX_DIM);
    assert.equal(matrixRank(duplicateRow), 63);

    // Row 5 = row 3 + row 4 (entries up to 30 fit the byte cells): a dependency among three rows.
    const sumRow = base.slice();
    for (let j = 0; j < MATRIX_DIM; j++)
      sumRow[5 * MATRIX_DIM + j] = base[3 * MATRIX_DIM + j]! + base[4 * MATRIX_DIM + j]!;
    assert.equal(matrixRank(sumRow), 63);

    const twoZeroColumns = base.slice();
    for (let i = 0; i < MATRIX_DIM; i++) {
      twoZeroColumns[i * MATRIX_DIM + 10] = 0;
      twoZeroColumns[i * MATRIX_DIM + 50] = 0;
    }
    assert.equal(matrixRank(twoZeroColumns), 62);
  });

  it('agrees with a direct transcription of upstream compute_rank, including on deficient matrices', () => {
    // rusty-kaspa matrix.rs compute_rank as written: Gauss–Jordan that also updates chosen rows.
    const upstreamRank = (matrix: Uint8Array): number => {
      const m = Array.from({ length: MATRIX_DIM }, (_, r) => Array.from(matrix.subarray(r * 64, r * 64 + 64)));
      const selected = new Array<boolean>(MATRIX_DIM).fill(false);
      let rank = 0;
      for (let i = 0; i < MATRIX_DIM; i++) {
        let j = 0;
        while (j < MATRIX_DIM && (selected[j] || Math.abs(m[j]![i]!) <= 1e-9)) j++;
        if (j === MATRIX_DIM) continue;
        rank++;
        selected[j] = true;
        for (let p = i + 1; p < MATRIX_DIM; p++) m[j]![p]! /= m[j]![i]!;
        for (let k = 0; k < MATRIX_DIM; k++) {
          if (k === j || Math.abs(m[k]![i]!) <= 1e-9) continue;
          for (let p = i + 1; p < MATRIX_DIM; p++) m[k]![p]! -= m[j]![p]! * m[k]![i]!;
        }
      }
      return rank;
    };
    const ranks = new Set<number>();
    for (let trial = 0; trial < 60; trial++) {
      // Sparse 0/1 matrices: often singular, with ranks spread over a range.
      const noise = seededBytes(500 + trial, MATRIX_CELLS);
      const threshold = 1 + trial;
      const matrix = noise.map((b) => (b < threshold ? 1 + (b % 15) : 0));
      const rank = matrixRank(matrix);
      assert.equal(rank, upstreamRank(matrix), `trial ${trial}`);
      ranks.add(rank);
    }
    assert.ok(ranks.size > 10, 'the trials should cover many different ranks');
    assert.ok(ranks.has(64), 'and full rank');
  });

  it('regenerates from the continuing stream when a candidate is rank-deficient', () => {
    const seed = seededBytes(99, 32);
    const reference = Xoshiro256pp.fromHash(seed);
    const first = drawFullRankMatrix(reference, () => MATRIX_DIM);
    const second = drawFullRankMatrix(reference, () => MATRIX_DIM);
    assert.notDeepEqual(first, second);

    // The real rank function accepts both; pretend the first candidate was singular.
    let calls = 0;
    const picked = drawFullRankMatrix(Xoshiro256pp.fromHash(seed), (m) => (++calls === 1 ? 63 : matrixRank(m)));
    assert.equal(calls, 2);
    assert.deepEqual(picked, second);
  });

  it('refuses a pre-PoW hash of the wrong length or all zeros', () => {
    assert.throws(() => generateMatrix(new Uint8Array(33)), DecodeError);
    assert.throws(() => generateMatrix(new Uint8Array(32)), DecodeError);
  });

  it('mixes like the plain row-by-row product (two rows packed per integer)', () => {
    for (let trial = 0; trial < 20; trial++) {
      const matrix = generateMatrix(seededBytes(1000 + trial, 32));
      const hash = seededBytes(2000 + trial, 32);
      if (trial === 0) hash.fill(0xff); // the largest dot products: every nibble 15
      const got = new Uint8Array(32);
      heavyMix(packMatrix(matrix), hash, got);
      const expected = referenceHeavyMix(matrix, hash);
      assert.deepEqual(got, expected);
    }
  });
});
