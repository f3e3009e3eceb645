/**
 * Compact "bits" <-> target, Bitcoin's nBits encoding as Kaspa uses it: exponent = bits >> 24,
 * a 23-bit mantissa and a sign bit (0x00800000). Decoding follows rusty-kaspa
 * (math from_compact_target_bits): for exponents up to 3 the mantissa is shifted right first;
 * a mantissa with the sign bit set means target zero. Targets never go negative.
 */
export function compactToTarget(bits: number): bigint {
  const exponent = bits >>> 24;
  let mantissa = bits & 0xffffff;
  let shift = 0;
  if (exponent <= 3) mantissa >>>= 8 * (3 - exponent);
  else shift = 8 * (exponent - 3);
  if (mantissa > 0x7fffff) return 0n;
  return BigInt(mantissa) << BigInt(shift);
}

/** Bits needed to write a non-negative integer (0 for zero). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The compact form of a non-negative target (kaspad difficulty.BigToCompact). */
export function targetToCompact(target: bigint): number {
  if (target < 0n) throw new RangeError('a target cannot be negative');
  if (target === 0n) return 0;
  let exponent = Math.ceil(bitLength(target) / 8);
  let mantissa = exponent <= 3 ? Number(target) << (8 * (3 - exponent)) : Number(target >> BigInt(8 * (exponent - 3)));
  // A mantissa with its top bit set would read as negative: move one byte into the exponent.
  if (mantissa & 0x800000) {
    mantissa >>>= 8;
    exponent++;
  }
  return ((exponent << 24) | mantissa) >>> 0;
}

const TWO_256 = 1n << 256n;

/** Expected hashes to find a block at this target: 2^256 / (target + 1) (kaspad CalcWork). */
export function workFromTarget(target: bigint): bigint {
  return target < 0n ? 0n : TWO_256 / (target + 1n);
}

export function workFromBits(bits: number): bigint {
  return workFromTarget(compactToTarget(bits));
}
