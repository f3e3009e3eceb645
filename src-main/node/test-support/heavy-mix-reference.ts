import { MATRIX_DIM } from '../crypto/pow/heavy-matrix.ts';

/**
 * The heavy-hash matrix step written straight from the rule, with no packing or unrolling:
 * split the hash into 64 nibbles (high first), multiply by the matrix, keep bits 10..13 of each
 * row's sum, pair rows into bytes and XOR with the hash. Tests hold the fast version to it.
 */
export function referenceHeavyMix(matrix: Uint8Array, hash: Uint8Array): Uint8Array {
  const nibbles = [...hash].flatMap((b) => [b >> 4, b & 0xf]);
  const mixed = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < MATRIX_DIM; j++) {
      s1 += matrix[2 * i * MATRIX_DIM + j]! * nibbles[j]!;
      s2 += matrix[(2 * i + 1) * MATRIX_DIM + j]! * nibbles[j]!;
    }
    mixed[i] = (((s1 >> 10) << 4) | (s2 >> 10)) ^ hash[i]!;
  }
  return mixed;
}
