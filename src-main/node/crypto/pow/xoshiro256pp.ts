import { DecodeError } from '../../errors.ts';

/**
 * xoshiro256++ (Blackman & Vigna), the generator kHeavyHash draws its matrix from
 * (rusty-kaspa consensus/pow/src/xoshiro.rs, kaspad domain/consensus/utils/pow/xoshiro.go).
 *
 * Each u64 word is kept as two int32 halves so the generator runs on plain 32-bit integer
 * arithmetic: BigInt would allocate on every step, and matrix generation is the bulk of a
 * header's PoW check. The state lives in an Int32Array laid out as [hi0, lo0, hi1, lo1, …].
 */
export class Xoshiro256pp {
  /** s0..s3 as (hi, lo) int32 pairs. */
  readonly state = new Int32Array(8);

  /** Seeds from four u64 words given as (hi, lo) pairs: [hi0, lo0, hi1, lo1, hi2, lo2, hi3, lo3]. */
  constructor(seedHiLo: ArrayLike<number>) {
    if (seedHiLo.length !== 8) throw new RangeError('xoshiro256++ needs 8 seed halves');
    for (let i = 0; i < 8; i++) this.state[i] = seedHiLo[i] as number;
  }

  /** Seeds with the four little-endian u64 words of a 32-byte hash, as kHeavyHash does. */
  static fromHash(hash: Uint8Array): Xoshiro256pp {
    if (hash.length !== 32)
      throw new DecodeError('BAD_VALUE', `xoshiro256++ seed must be 32 bytes, got ${hash.length}`);
    const halves = new Int32Array(8);
    for (let w = 0; w < 4; w++) {
      halves[2 * w + 1] = readLe32(hash, 8 * w);
      halves[2 * w] = readLe32(hash, 8 * w + 4);
    }
    return new Xoshiro256pp(halves);
  }

  /** Draws the next u64 into out[offset] (hi) and out[offset + 1] (lo), as int32 bit patterns. */
  nextHiLo(out: Int32Array | Uint32Array, offset = 0): void {
    this.fill(out, offset, 1);
  }

  /** Draws `count` u64s into out as consecutive (hi, lo) pairs starting at `offset`. */
  fill(out: Int32Array | Uint32Array, offset: number, count: number): void {
    const s = this.state;
    let h0 = s[0]!;
    let l0 = s[1]!;
    let h1 = s[2]!;
    let l1 = s[3]!;
    let h2 = s[4]!;
    let l2 = s[5]!;
    let h3 = s[6]!;
    let l3 = s[7]!;
    for (let n = 0, o = offset; n < count; n++, o += 2) {
      // result = rotl(s0 + s3, 23) + s0
      let sl = (l0 + l3) | 0;
      let sh = (h0 + h3 + (sl >>> 0 < l0 >>> 0 ? 1 : 0)) | 0;
      const rh = (sh << 23) | (sl >>> 9);
      const rl = (sl << 23) | (sh >>> 9);
      sl = (rl + l0) | 0;
      sh = (rh + h0 + (sl >>> 0 < rl >>> 0 ? 1 : 0)) | 0;
      out[o] = sh;
      out[o + 1] = sl;
      // t = s1 << 17
      const th = (h1 << 17) | (l1 >>> 15);
      const tl = l1 << 17;
      h2 ^= h0;
      l2 ^= l0;
      h3 ^= h1;
      l3 ^= l1;
      h1 ^= h2;
      l1 ^= l2;
      h0 ^= h3;
      l0 ^= l3;
      h2 ^= th;
      l2 ^= tl;
      // s3 = rotl(s3, 45): swap the halves (32) then rotate by 13.
      const nh = (l3 << 13) | (h3 >>> 19);
      l3 = (h3 << 13) | (l3 >>> 19);
      h3 = nh;
    }
    s[0] = h0;
    s[1] = l0;
    s[2] = h1;
    s[3] = l1;
    s[4] = h2;
    s[5] = l2;
    s[6] = h3;
    s[7] = l3;
  }

  /** The next u64 as a bigint: for tests and tools, not hot paths. */
  nextBigInt(): bigint {
    const pair = new Int32Array(2);
    this.fill(pair, 0, 1);
    return (BigInt(pair[0]! >>> 0) << 32n) | BigInt(pair[1]! >>> 0);
  }
}

function readLe32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}
