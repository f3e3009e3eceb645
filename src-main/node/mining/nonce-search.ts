import { type PowState } from '../crypto/pow/kheavyhash.ts';

const TWO_32 = 0x1_0000_0000;

/** Where a worker's search stands: the next nonce as u32 halves, and the step between nonces. */
export class NonceCursor {
  lo: number;
  hi: number;
  readonly stride: number;

  constructor(start: bigint, stride: number) {
    if (start < 0n || start >= 1n << 64n) throw new RangeError('the start nonce must be a u64');
    if (!Number.isInteger(stride) || stride < 1 || stride >= TWO_32) {
      throw new RangeError('the nonce stride must be an integer from 1 to 2^32 - 1');
    }
    this.lo = Number(start & 0xffff_ffffn);
    this.hi = Number(start >> 32n);
    this.stride = stride;
  }

  get nonce(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Steps to the next nonce, wrapping at 2^64. */
  advance(): void {
    this.lo += this.stride;
    if (this.lo >= TWO_32) {
      this.lo -= TWO_32;
      this.hi = (this.hi + 1) >>> 0;
    }
  }
}

/**
 * Hashes up to `count` nonces from the cursor on, leaving it after the last one tried. Returns how
 * many were hashed and the first nonce whose hash is at most `targetLe`, if any.
 */
export function searchNonces(
  state: PowState,
  targetLe: Uint8Array,
  cursor: NonceCursor,
  count: number,
): { hashes: number; nonce?: bigint } {
  for (let i = 0; i < count; i++) {
    const found = state.meetsTarget(cursor.lo, cursor.hi, targetLe);
    const nonce = found ? cursor.nonce : undefined;
    cursor.advance();
    if (nonce !== undefined) return { hashes: i + 1, nonce };
  }
  return { hashes: count };
}
