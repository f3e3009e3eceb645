import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { bytesToHex, hexToBytes } from '../../encoding/hex.ts';
import { DecodeError } from '../../errors.ts';
import { readVectorJson } from '../../test-support/vectors.ts';
import { generateMatrix } from './heavy-matrix.ts';
import { heavyHash, leBytesAtMost, leBytesToBigInt, PowState, targetToLeBytes } from './kheavyhash.ts';
import { referenceHeavyMix } from '../../test-support/heavy-mix-reference.ts';
import { seededBytes } from '../../test-support/seeded-random.ts';

type HeavyHashVector = {
  go_input_bytes_hex: string;
  matrix: number[][];
  expected_hex: string;
} & Record<string, unknown>;

const vectors = readVectorJson<{ heavy_hash_test: HeavyHashVector }>('transcribed', 'pow_kheavyhash.json');

const utf8 = (text: string) => new TextEncoder().encode(text);

/** kHeavyHash written the obvious way on noble's cshake256: the reference for the fast path. */
function referencePow(prePowHash: Uint8Array, timestamp: bigint, nonce: bigint, matrix: Uint8Array): Uint8Array {
  const input = new Uint8Array(80);
  input.set(prePowHash);
  const view = new DataView(input.buffer);
  view.setBigUint64(32, timestamp, true);
  view.setBigUint64(72, nonce, true);
  const powHash = cshake256(input, {
    personalization: utf8('ProofOfWorkHash'),
    dkLen: 32,
  });
  const mixed = referenceHeavyMix(matrix, powHash);
  return cshake256(mixed, { personalization: utf8('HeavyHash'), dkLen: 32 });
}

describe('kHeavyHash (transcribed/pow_kheavyhash.json)', () => {
  const v = vectors.heavy_hash_test;
  const matrix = new Uint8Array(v.matrix.flat());
  // The key carries its own explanation: "input_hash_hex (= cSHAKE256_ProofOfWorkHash(c1ecfdfc))".
  const inputKey = Object.keys(v).find((k) => k.startsWith('input_hash_hex'));
  assert.ok(inputKey, 'vector file lost its input_hash_hex key');
  const inputHash = hexToBytes(v[inputKey] as string);

  it('heavy-hashes the Rust 32-byte input with the fixed matrix', () => {
    assert.equal(bytesToHex(heavyHash(matrix, inputHash)), v.expected_hex);
  });

  it('heavy-hashes the Go input bytes: cSHAKE256("ProofOfWorkHash") first', () => {
    const powHash = cshake256(hexToBytes(v.go_input_bytes_hex), {
      personalization: utf8('ProofOfWorkHash'),
      dkLen: 32,
    });
    assert.deepEqual(powHash, inputHash);
    assert.equal(bytesToHex(heavyHash(matrix, powHash)), v.expected_hex);
  });

  it('PowState.hashNonce equals the reference built on noble cshake256', () => {
    for (let trial = 0; trial < 40; trial++) {
      const pre = seededBytes(100 + trial, 32);
      const extra = new DataView(seededBytes(200 + trial, 16).buffer);
      const timestamp = extra.getBigUint64(0, true) >> 11n; // below 2^53: a JS-number timestamp
      const nonce = extra.getBigUint64(8, true); // the full u64 range
      const matrix = generateMatrix(pre);
      const state = new PowState(pre, Number(timestamp));
      assert.deepEqual(state.matrix, matrix);
      const expected = referencePow(pre, timestamp, nonce, matrix);
      assert.deepEqual(state.hashNonce(nonce), expected);
      assert.deepEqual(state.hashNonceHalves(Number(nonce & 0xffff_ffffn), Number(nonce >> 32n)), expected);
      // And a small nonce given as a number.
      assert.deepEqual(state.hashNonce(trial), referencePow(pre, timestamp, BigInt(trial), matrix));
    }
  });

  it('compares little-endian values against targets without BigInt', () => {
    const samples: bigint[] = [0n, 1n, 255n, 256n, (1n << 255n) - 1n, 1n << 255n, (1n << 256n) - 1n];
    for (let i = 0; i < 40; i++) samples.push(leBytesToBigInt(seededBytes(300 + i, 32)) >> BigInt(i * 6));
    for (const a of samples) {
      const aBytes = targetToLeBytes(a);
      assert.equal(leBytesToBigInt(aBytes), a);
      for (const b of samples) assert.equal(leBytesAtMost(aBytes, targetToLeBytes(b)), a <= b, `${a} <= ${b}`);
    }
    assert.deepEqual(targetToLeBytes(1n << 300n), new Uint8Array(32).fill(0xff));
  });

  it('meetsTarget agrees with the bigint comparison', () => {
    const pre = seededBytes(400, 32);
    const state = new PowState(pre, 1_700_000_000_000);
    const target = 1n << 255n;
    const targetLe = targetToLeBytes(target);
    let passed = 0;
    for (let nonce = 0; nonce < 200; nonce++) {
      const meets = state.meetsTarget(nonce, 0, targetLe);
      assert.equal(meets, leBytesToBigInt(state.hashNonce(nonce)) <= target);
      if (meets) passed++;
    }
    assert.ok(passed > 60 && passed < 140, `about half of 200 nonces should meet 2^255, got ${passed}`);
  });

  it('refuses malformed input with DecodeError', () => {
    const pre = seededBytes(500, 32);
    assert.throws(() => new PowState(new Uint8Array(31), 0), DecodeError);
    assert.throws(() => new PowState(pre, -1), DecodeError);
    assert.throws(() => new PowState(pre, 1n << 64n), DecodeError);
    const state = new PowState(pre, 0);
    assert.throws(() => state.hashNonce(-1n), DecodeError);
    assert.throws(() => state.hashNonce(1n << 64n), DecodeError);
    assert.throws(() => state.hashNonce(0.5), DecodeError);
    assert.throws(() => heavyHash(generateMatrix(pre), new Uint8Array(33)), DecodeError);
    assert.throws(() => targetToLeBytes(-1n), DecodeError);
  });
});
