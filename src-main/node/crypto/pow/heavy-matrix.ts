import { DecodeError } from '../../errors.ts';
import { Xoshiro256pp } from './xoshiro256pp.ts';

/**
 * kHeavyHash's 64×64 matrix of 4-bit entries (rusty-kaspa consensus/pow/src/matrix.rs, kaspad
 * domain/consensus/utils/pow/matrix.go). Stored row-major in a Uint8Array(4096).
 */
export const MATRIX_DIM = 64;
export const MATRIX_CELLS = MATRIX_DIM * MATRIX_DIM;

export type HeavyMatrix = Uint8Array;

const EPS = 1e-9;
const floatScratch = new Float64Array(MATRIX_CELLS);
const selectedScratch = new Uint8Array(MATRIX_DIM);
const drawScratch = new Int32Array(2 * 4 * MATRIX_DIM);

/**
 * Rank by the consensus float64 Gauss–Jordan elimination with EPS 1e-9, reproducing rusty-kaspa's
 * `compute_rank` operation for operation: JS doubles round exactly as Rust's f64 (no fused
 * multiply-add on either side), so the same rank comes out for every matrix.
 *
 * One deliberate shortcut: rows already chosen as pivots are not updated afterwards. Upstream
 * updates them, but a chosen row is never read again (not as a pivot, not as a factor), so the
 * result is identical and about a third of the work disappears.
 */
export function matrixRank(matrix: HeavyMatrix): number {
  if (matrix.length !== MATRIX_CELLS) throw new DecodeError('BAD_VALUE', `matrix must have ${MATRIX_CELLS} cells`);
  const m = floatScratch;
  const selected = selectedScratch;
  for (let i = 0; i < MATRIX_CELLS; i++) m[i] = matrix[i]!;
  selected.fill(0);
  let rank = 0;
  for (let col = 0; col < MATRIX_DIM; col++) {
    let pivot = 0;
    while (pivot < MATRIX_DIM && (selected[pivot] === 1 || Math.abs(m[pivot * MATRIX_DIM + col]!) <= EPS)) pivot++;
    if (pivot === MATRIX_DIM) continue;
    rank++;
    selected[pivot] = 1;
    const pRow = pivot * MATRIX_DIM;
    const lead = m[pRow + col]!;
    const start = col + 1;
    for (let p = start; p < MATRIX_DIM; p++) m[pRow + p] = m[pRow + p]! / lead;
    // Row update m[k][p] -= m[pivot][p] * factor for p > col: a short head, then blocks of 4
    // (unrolled by hand, which V8 does not do and which halves the time of this loop).
    const headEnd = start + ((MATRIX_DIM - start) & 3);
    for (let k = 0; k < MATRIX_DIM; k++) {
      if (selected[k] === 1) continue;
      const kRow = k * MATRIX_DIM;
      const factor = m[kRow + col]!;
      if (Math.abs(factor) <= EPS) continue;
      let a = kRow + start;
      let b = pRow + start;
      for (const aHead = kRow + headEnd; a < aHead; a++, b++) m[a] = m[a]! - m[b]! * factor;
      for (const aEnd = kRow + MATRIX_DIM; a < aEnd; a += 4, b += 4) {
        m[a] = m[a]! - m[b]! * factor;
        m[a + 1] = m[a + 1]! - m[b + 1]! * factor;
        m[a + 2] = m[a + 2]! - m[b + 2]! * factor;
        m[a + 3] = m[a + 3]! - m[b + 3]! * factor;
      }
    }
  }
  return rank;
}

/**
 * Fills `out` with one candidate matrix: row by row, four u64 draws per row, each giving 16
 * nibbles low nibble first ((v >> 4k) & 0xF).
 */
function drawMatrix(rng: Xoshiro256pp, out: HeavyMatrix): void {
  const draws = drawScratch;
  rng.fill(draws, 0, 4 * MATRIX_DIM);
  for (let d = 0; d < 4 * MATRIX_DIM; d++) {
    const hi = draws[2 * d]!;
    const lo = draws[2 * d + 1]!;
    const base = 16 * d;
    for (let k = 0; k < 8; k++) {
      out[base + k] = (lo >>> (4 * k)) & 0xf;
      out[base + 8 + k] = (hi >>> (4 * k)) & 0xf;
    }
  }
}

/**
 * The matrix for a pre-PoW hash: xoshiro256++ seeded with the hash's four little-endian u64
 * words; candidates are drawn from the same stream until one has full rank 64.
 */
export function generateMatrix(prePowHash: Uint8Array): HeavyMatrix {
  if (prePowHash.length !== 32) {
    throw new DecodeError('BAD_VALUE', `pre-PoW hash must be 32 bytes, got ${prePowHash.length}`);
  }
  // An all-zero seed is xoshiro's fixed point: every candidate would be the zero matrix and the
  // loop below would never end (upstream would hang too). A blake2b output is all zero with
  // probability 2^-256, so refusing it changes no real verdict.
  if (prePowHash.every((b) => b === 0)) throw new DecodeError('BAD_VALUE', 'an all-zero pre-PoW hash has no matrix');
  return drawFullRankMatrix(Xoshiro256pp.fromHash(prePowHash));
}

/** Draws candidates from `rng` until `rank` says 64; `rank` is replaceable so tests can force a retry. */
export function drawFullRankMatrix(rng: Xoshiro256pp, rank: (m: HeavyMatrix) => number = matrixRank): HeavyMatrix {
  const matrix = new Uint8Array(MATRIX_CELLS);
  do drawMatrix(rng, matrix);
  while (rank(matrix) !== MATRIX_DIM);
  return matrix;
}

/**
 * Two matrix rows per int32: row 2i in the high 16 bits, row 2i+1 in the low 16 bits. A row
 * times a nibble vector is at most 64·15·15 = 14400 < 2^16, so both dot products accumulate in
 * one integer without carrying into each other, halving the multiplications per nonce.
 */
export function packMatrix(matrix: HeavyMatrix): Int32Array {
  if (matrix.length !== MATRIX_CELLS) throw new DecodeError('BAD_VALUE', `matrix must have ${MATRIX_CELLS} cells`);
  const packed = new Int32Array(MATRIX_CELLS / 2);
  for (let i = 0; i < MATRIX_DIM / 2; i++) {
    for (let j = 0; j < MATRIX_DIM; j++) {
      packed[i * MATRIX_DIM + j] = (matrix[2 * i * MATRIX_DIM + j]! << 16) | matrix[(2 * i + 1) * MATRIX_DIM + j]!;
    }
  }
  return packed;
}

const nibbles = new Int32Array(MATRIX_DIM);

/**
 * The heavy-hash mixing step before the final cSHAKE: split the 32-byte hash into 64 nibbles
 * (high nibble first), multiply by the matrix, keep the top 4 bits of each 14-bit dot product
 * (>> 10), pair rows 2i and 2i+1 into byte i, and XOR with the hash. Writes 32 bytes into `out`.
 */
export function heavyMix(packed: Int32Array, hash: Uint8Array, out: Uint8Array): void {
  const v = nibbles;
  for (let i = 0; i < 32; i++) {
    const b = hash[i]!;
    v[2 * i] = b >>> 4;
    v[2 * i + 1] = b & 0xf;
  }
  for (let i = 0, row = 0; i < 32; i++, row += MATRIX_DIM) {
    let acc = 0;
    // Unrolled by 8: a third faster than the plain loop under V8.
    for (let j = 0; j < MATRIX_DIM; j += 8) {
      const r = row + j;
      acc +=
        packed[r]! * v[j]! +
        packed[r + 1]! * v[j + 1]! +
        packed[r + 2]! * v[j + 2]! +
        packed[r + 3]! * v[j + 3]! +
        packed[r + 4]! * v[j + 4]! +
        packed[r + 5]! * v[j + 5]! +
        packed[r + 6]! * v[j + 6]! +
        packed[r + 7]! * v[j + 7]!;
    }
    out[i] = ((((acc >>> 26) & 0xf) << 4) | ((acc >>> 10) & 0xf)) ^ hash[i]!;
  }
}
