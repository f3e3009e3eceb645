import { chacha20 } from '@noble/ciphers/chacha.js';
import type { Hash } from '../consensus/model/hash.ts';
import { DecodeError } from '../errors.ts';
import { domainHash, HashDomain } from './domain-hash.ts';

/**
 * MuHash: Kaspa's rolling UTXO-set commitment (kaspanet/go-muhash, rusty-kaspa crypto/muhash).
 * A set is the product of its elements in the multiplicative group mod p = 2^3072 - 1103717, kept
 * as numerator / denominator so that add and remove are one multiplication each; the single
 * modular inverse is paid only when the value is serialized.
 */

/** Bytes of a serialized MuHash (one 3072-bit group element, little-endian). */
export const MUHASH_SERIALIZED_SIZE = 384;

const BITS = 3072n;
const PRIME_DIFF = 1103717n;
const PRIME = (1n << BITS) - PRIME_DIFF;
const LOW_MASK = (1n << BITS) - 1n;
const HEX_DIGITS = MUHASH_SERIALIZED_SIZE * 2;

const ZERO_STREAM = new Uint8Array(MUHASH_SERIALIZED_SIZE);
const ZERO_NONCE = new Uint8Array(12);

/**
 * a·b mod p for a < p, b < 2^3072. Since 2^3072 ≡ PRIME_DIFF (mod p), the high half folds down
 * as hi·PRIME_DIFF + lo: the first fold leaves < 2^3072·(PRIME_DIFF+1), the second < 2^3072 + 2^41,
 * so one conditional subtraction finishes. About 2.5x faster than a generic `% PRIME`.
 */
function mulMod(a: bigint, b: bigint): bigint {
  const x = a * b;
  let r = (x >> BITS) * PRIME_DIFF + (x & LOW_MASK);
  r = (r >> BITS) * PRIME_DIFF + (r & LOW_MASK);
  return r >= PRIME ? r - PRIME : r;
}

function numberBitLength(n: number): number {
  return n >= 2 ** 32 ? 64 - Math.clz32(Math.floor(n / 2 ** 32)) : 32 - Math.clz32(n);
}

/** Bit length of x, given x < 2^atMost; reads only the top 52 bits, not the whole number. */
function bitLength(x: bigint, atMost: number): number {
  for (;;) {
    const shift = Math.max(atMost - 52, 0);
    const top = Number(x >> BigInt(shift));
    if (top > 0 || shift === 0) return shift + numberBitLength(top);
    atMost = shift;
  }
}

/** Bits of the leading "digits" in Lehmer's steps: keeps every intermediate below 2^50, exact in a double. */
const LEHMER_DIGIT_BITS = 48;

/**
 * a^-1 mod p by the extended Euclidean algorithm with Lehmer's acceleration (Knuth TAOCP 4.5.2,
 * Algorithm L): runs of quotients are found from the leading 48 bits in doubles, then applied to
 * the big numbers as one 2x2 matrix. Measured on 3072-bit values: ~0.13 ms, against ~0.5 ms for
 * plain BigInt Euclid and ~15 ms for a Fermat a^(p-2). Maps 0 to 0, as a^(p-2) would.
 */
function invMod(a: bigint): bigint {
  let r0 = PRIME;
  let r1 = a;
  let t0 = 0n;
  let t1 = 1n;
  let bits = 3072;
  while (r1 !== 0n) {
    bits = bitLength(r0, bits);
    if (bits > 64) {
      const shift = BigInt(bits - LEHMER_DIGIT_BITS);
      let x = Number(r0 >> shift);
      let y = Number(r1 >> shift);
      let A = 1;
      let B = 0;
      let C = 0;
      let D = 1;
      while (y + C !== 0 && y + D !== 0) {
        const q = Math.floor((x + A) / (y + C));
        if (q !== Math.floor((x + B) / (y + D))) break;
        let s = A - q * C;
        A = C;
        C = s;
        s = B - q * D;
        B = D;
        D = s;
        s = x - q * y;
        x = y;
        y = s;
      }
      if (B !== 0) {
        const bA = BigInt(A);
        const bB = BigInt(B);
        const bC = BigInt(C);
        const bD = BigInt(D);
        const nr0 = bA * r0 + bB * r1;
        r1 = bC * r0 + bD * r1;
        r0 = nr0;
        const nt0 = bA * t0 + bB * t1;
        t1 = bC * t0 + bD * t1;
        t0 = nt0;
        continue;
      }
    }
    // One plain Euclid step: small numbers, or a quotient too large for the leading digits.
    const q = r0 / r1;
    const r = r0 - q * r1;
    r0 = r1;
    r1 = r;
    const t = t0 - q * t1;
    t0 = t1;
    t1 = t;
  }
  t0 %= PRIME;
  return t0 < 0n ? t0 + PRIME : t0;
}

/** Little-endian bytes to bigint; `bytes` is reversed in place, so pass a scratch copy. */
function fromLeBytesInPlace(bytes: Uint8Array): bigint {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).reverse();
  return BigInt(`0x${buffer.toString('hex')}`);
}

function toLeBytes(value: bigint): Uint8Array {
  const buffer = Buffer.from(value.toString(16).padStart(HEX_DIGITS, '0'), 'hex').reverse();
  return new Uint8Array(buffer); // a copy: small Buffers share Node's pool
}

/** The group element of `data`: ChaCha20 keystream keyed by its MuHashElement hash, read little-endian. */
function dataToElement(data: Uint8Array): bigint {
  const key = domainHash(HashDomain.MuHashElement, data);
  return fromLeBytesInPlace(chacha20(key, ZERO_NONCE, ZERO_STREAM));
}

export class MuHash {
  #numerator = 1n;
  #denominator = 1n;

  /** Adds one element (any byte string) to the set. */
  add(data: Uint8Array): this {
    this.#numerator = mulMod(this.#numerator, dataToElement(data));
    return this;
  }

  /** Removes one element; removing before adding is fine, only the final multiset counts. */
  remove(data: Uint8Array): this {
    this.#denominator = mulMod(this.#denominator, dataToElement(data));
    return this;
  }

  /** Merges another set into this one, as if its adds and removes had been applied here. */
  combine(other: MuHash): this {
    this.#numerator = mulMod(this.#numerator, other.#numerator);
    this.#denominator = mulMod(this.#denominator, other.#denominator);
    return this;
  }

  /** numerator / denominator mod p, 384 bytes little-endian. Keeps the normalized form, so repeats are cheap. */
  serialize(): Uint8Array {
    if (this.#denominator !== 1n) {
      this.#numerator = mulMod(this.#numerator, invMod(this.#denominator));
      this.#denominator = 1n;
    }
    return toLeBytes(this.#numerator);
  }

  /** The 32-byte commitment: MuHashFinalize-keyed BLAKE2b of the serialization. */
  finalize(): Hash {
    return domainHash(HashDomain.MuHashFinalize, this.serialize());
  }

  clone(): MuHash {
    const copy = new MuHash();
    copy.#numerator = this.#numerator;
    copy.#denominator = this.#denominator;
    return copy;
  }

  /** Reads a serialization; a value >= p is not a group element and is refused (go-muhash errOverflow). */
  static deserialize(bytes: Uint8Array): MuHash {
    if (bytes.length < MUHASH_SERIALIZED_SIZE) {
      throw new DecodeError('TRUNCATED', `MuHash needs ${MUHASH_SERIALIZED_SIZE} bytes, got ${bytes.length}`);
    }
    if (bytes.length > MUHASH_SERIALIZED_SIZE) {
      throw new DecodeError('LIMIT_EXCEEDED', `MuHash is ${MUHASH_SERIALIZED_SIZE} bytes, got ${bytes.length}`);
    }
    const value = fromLeBytesInPlace(bytes.slice());
    if (value >= PRIME) throw new DecodeError('BAD_VALUE', 'MuHash value overflows the field (>= p)');
    const muhash = new MuHash();
    muhash.#numerator = value;
    return muhash;
  }
}
