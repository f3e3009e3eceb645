import { DecodeError } from '../errors.ts';

/**
 * Bounds-checked little-endian reader over untrusted bytes. Every read that would run past
 * the end throws `DecodeError('TRUNCATED')`; variable-length fields take an explicit limit.
 */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #pos = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.#bytes.length - this.#pos;
  }

  #need(n: number, what: string): void {
    if (this.remaining < n) {
      throw new DecodeError('TRUNCATED', `truncated input: need ${n} bytes for ${what}, have ${this.remaining}`);
    }
  }

  u8(what = 'u8'): number {
    this.#need(1, what);
    return this.#bytes[this.#pos++] as number;
  }

  u16(what = 'u16'): number {
    this.#need(2, what);
    const v = this.#view.getUint16(this.#pos, true);
    this.#pos += 2;
    return v;
  }

  u32(what = 'u32'): number {
    this.#need(4, what);
    const v = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return v;
  }

  u64(what = 'u64'): bigint {
    this.#need(8, what);
    const v = this.#view.getBigUint64(this.#pos, true);
    this.#pos += 8;
    return v;
  }

  /** A u64 that must be at most `max` (and so fits a JS number). */
  u64AtMost(max: number, what: string): number {
    const v = this.u64(what);
    if (v > BigInt(max)) throw new DecodeError('LIMIT_EXCEEDED', `${what} is ${v}, limit ${max}`);
    return Number(v);
  }

  bytes(n: number, what = 'bytes'): Uint8Array {
    this.#need(n, what);
    const out = this.#bytes.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** u64 length prefix (at most `maxLength`), then that many bytes. */
  varBytes(maxLength: number, what: string): Uint8Array {
    const n = this.u64AtMost(maxLength, `${what} length`);
    return this.bytes(n, what);
  }

  /** A u64 count whose items need at least `minItemSize` bytes each: bounded by `max` and by what is left. */
  count(max: number, minItemSize: number, what: string): number {
    const n = this.u64AtMost(max, `${what} count`);
    if (n * minItemSize > this.remaining) {
      throw new DecodeError('TRUNCATED', `${what} count ${n} exceeds the remaining ${this.remaining} bytes`);
    }
    return n;
  }

  expectEnd(what: string): void {
    if (this.remaining !== 0) {
      throw new DecodeError('TRAILING_BYTES', `${this.remaining} unexpected bytes after ${what}`);
    }
  }
}
