import { keccakP } from '@noble/hashes/sha3.js';
import { DecodeError } from '../../errors.ts';
import { generateMatrix, type HeavyMatrix, heavyMix, packMatrix } from './heavy-matrix.ts';

/**
 * kHeavyHash, Kaspa's proof of work (rusty-kaspa consensus/pow/src/lib.rs and
 * crypto/hashes/src/pow_hashers.rs; kaspad domain/consensus/utils/pow/pow.go):
 *
 *   pow_hash = cSHAKE256(N="", S="ProofOfWorkHash", pre_pow_hash ‖ timestamp u64 LE ‖ 32 zero bytes ‖ nonce u64 LE)
 *   value    = cSHAKE256(N="", S="HeavyHash", heavyMix(matrix, pow_hash)), read as a little-endian u256
 *
 * Both messages fit in one 136-byte cSHAKE256 block, so each hash is exactly one Keccak-f[1600]
 * permutation over a state prepared here: the personalization block is absorbed once per
 * process, the 72 nonce-independent bytes once per header, and a nonce then costs two
 * permutations, one matrix product and no allocation. Tests check this sponge against noble's
 * cshake256.
 */

/** Keccak-f[1600], 24 rounds, on 25 lanes held as 50 little-endian u32 halves (noble's layout). */
function keccakF1600(state: Uint32Array): void {
  keccakP(state, 24);
}

const RATE = 136;
/** cSHAKE's domain bits 00 plus the first pad bit; pad10*1's closing bit ends the rate block. */
const CSHAKE_SUFFIX = 0x04;
const PAD_END_WORD = (RATE - 1) >>> 2;
const PAD_END_BIT = 0x80 << (8 * ((RATE - 1) & 3));

/** The sponge state after absorbing bytepad(encode_string(N="") ‖ encode_string(S), 136). */
function personalizedState(personalization: string): Uint32Array {
  const s = new TextEncoder().encode(personalization);
  // left_encode(x) for x < 256 is the two bytes [1, x]; both our strings are far shorter.
  if (8 * s.length >= 256) throw new RangeError('personalization too long for this encoder');
  const block = new Uint8Array(RATE);
  block.set([1, RATE, 1, 0, 1, 8 * s.length]);
  block.set(s, 6);
  const state = new Uint32Array(50);
  xorBytesIntoWords(state, block, 0);
  keccakF1600(state);
  return state;
}

/** XORs bytes into the state at byte offset `at`; state words are little-endian lane halves. */
function xorBytesIntoWords(state: Uint32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < bytes.length; i++) {
    const pos = at + i;
    state[pos >>> 2]! ^= bytes[i]! << (8 * (pos & 3));
  }
}

/** The first 32 bytes of the state: the digest. */
function digestInto(state: Uint32Array, out: Uint8Array): void {
  for (let w = 0, o = 0; w < 8; w++, o += 4) {
    const v = state[w]!;
    out[o] = v;
    out[o + 1] = v >>> 8;
    out[o + 2] = v >>> 16;
    out[o + 3] = v >>> 24;
  }
}

const POW_HASH_BASE = personalizedState('ProofOfWorkHash');
const HEAVY_HASH_BASE = personalizedState('HeavyHash');

function u64Halves(value: number | bigint, what: string): [lo: number, hi: number] {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << 64n) throw new DecodeError('BAD_VALUE', `${what} out of u64 range`);
    return [Number(value & 0xffff_ffffn), Number(value >> 32n)];
  }
  if (!Number.isSafeInteger(value) || value < 0) throw new DecodeError('BAD_VALUE', `${what} must be a safe u64`);
  return [value >>> 0, Math.floor(value / 0x1_0000_0000)];
}

function checkHash(hash: Uint8Array, what: string): void {
  if (hash.length !== 32) throw new DecodeError('BAD_VALUE', `${what} must be 32 bytes, got ${hash.length}`);
}

/** cSHAKE256(S="HeavyHash") of 32 bytes, computed in the scratch state `work`. */
function heavyHashFinal(work: Uint32Array, mixed: Uint8Array, out: Uint8Array): void {
  work.set(HEAVY_HASH_BASE);
  for (let w = 0, i = 0; w < 8; w++, i += 4) {
    work[w]! ^= mixed[i]! | (mixed[i + 1]! << 8) | (mixed[i + 2]! << 16) | (mixed[i + 3]! << 24);
  }
  work[8]! ^= CSHAKE_SUFFIX;
  work[PAD_END_WORD]! ^= PAD_END_BIT;
  keccakF1600(work);
  digestInto(work, out);
}

/**
 * The per-header PoW state (rusty-kaspa pow::State): built once from pre_pow_hash, timestamp
 * and matrix; `hashNonce` is then the mining inner loop.
 */
export class PowState {
  readonly matrix: HeavyMatrix;
  private readonly packed: Int32Array;
  /** ProofOfWorkHash state with pre_pow_hash ‖ timestamp ‖ zeros absorbed and the padding in place. */
  private readonly base = new Uint32Array(50);
  private readonly work = new Uint32Array(50);
  private readonly powHash = new Uint8Array(32);
  private readonly mixed = new Uint8Array(32);
  private readonly out = new Uint8Array(32);

  /** `matrix` may be passed when the caller already has it (tests, a miner reusing a template). */
  constructor(prePowHash: Uint8Array, timestamp: number | bigint, matrix?: HeavyMatrix) {
    checkHash(prePowHash, 'pre-PoW hash');
    this.matrix = matrix ?? generateMatrix(prePowHash);
    this.packed = packMatrix(this.matrix);
    const [tsLo, tsHi] = u64Halves(timestamp, 'timestamp');
    const base = this.base;
    base.set(POW_HASH_BASE);
    xorBytesIntoWords(base, prePowHash, 0);
    base[8]! ^= tsLo;
    base[9]! ^= tsHi;
    // Bytes 40..71 are the 32 zero bytes; the nonce lands in words 18 and 19 on each call.
    base[80 >>> 2]! ^= CSHAKE_SUFFIX;
    base[PAD_END_WORD]! ^= PAD_END_BIT;
  }

  /**
   * The PoW value for a nonce given as u32 halves, as 32 little-endian bytes. The returned array
   * is overwritten by the next call: copy it to keep it.
   */
  hashNonceHalves(nonceLo: number, nonceHi: number): Uint8Array {
    const work = this.work;
    work.set(this.base);
    work[18]! ^= nonceLo;
    work[19]! ^= nonceHi;
    keccakF1600(work);
    digestInto(work, this.powHash);
    heavyMix(this.packed, this.powHash, this.mixed);
    heavyHashFinal(work, this.mixed, this.out);
    return this.out;
  }

  /** As hashNonceHalves, for a u64 nonce as a number or bigint. */
  hashNonce(nonce: number | bigint): Uint8Array {
    const [lo, hi] = u64Halves(nonce, 'nonce');
    return this.hashNonceHalves(lo, hi);
  }

  /** Whether a nonce meets a target given by targetToLeBytes: the mining test, without BigInt. */
  meetsTarget(nonceLo: number, nonceHi: number, targetLe: Uint8Array): boolean {
    return leBytesAtMost(this.hashNonceHalves(nonceLo, nonceHi), targetLe);
  }
}

/** The heavy-hash step alone: cSHAKE256(S="HeavyHash", heavyMix(matrix, hash)). */
export function heavyHash(matrix: HeavyMatrix, hash: Uint8Array): Uint8Array {
  checkHash(hash, 'hash');
  const mixed = new Uint8Array(32);
  heavyMix(packMatrix(matrix), hash, mixed);
  const out = new Uint8Array(32);
  heavyHashFinal(new Uint32Array(50), mixed, out);
  return out;
}

/** A target as 32 little-endian bytes; a target of 2^256 or more saturates (every hash passes). */
export function targetToLeBytes(target: bigint): Uint8Array {
  if (target < 0n) throw new DecodeError('BAD_VALUE', 'a target cannot be negative');
  const out = new Uint8Array(32);
  if (target >= 1n << 256n) return out.fill(0xff);
  for (let i = 0; i < 32; i++, target >>= 8n) out[i] = Number(target & 0xffn);
  return out;
}

/** value <= target for two 256-bit little-endian byte strings, compared from the top byte down. */
export function leBytesAtMost(value: Uint8Array, target: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const a = value[i]!;
    const b = target[i]!;
    if (a !== b) return a < b;
  }
  return true;
}

/** A little-endian byte string as a bigint (for levels, tests and display; not per nonce). */
export function leBytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
}
