const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Growable little-endian writer for Kaspa's consensus serializations
 * (integers LE, variable bytes as u64 length + data).
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  get length(): number {
    return this.#len;
  }

  #reserve(n: number): void {
    const need = this.#len + n;
    if (need <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.#reserve(1);
    this.#buf[this.#len++] = v;
    return this;
  }

  u16(v: number): this {
    this.#reserve(2);
    this.#view.setUint16(this.#len, v, true);
    this.#len += 2;
    return this;
  }

  u32(v: number): this {
    this.#reserve(4);
    this.#view.setUint32(this.#len, v, true);
    this.#len += 4;
    return this;
  }

  /** Accepts a safe integer or a bigint in [0, 2^64). */
  u64(v: number | bigint): this {
    this.#reserve(8);
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`u64 out of range: ${v}`);
      this.#view.setUint32(this.#len, v >>> 0, true);
      this.#view.setUint32(this.#len + 4, Math.floor(v / 0x1_0000_0000), true);
    } else {
      if (v < 0n || v > U64_MAX) throw new RangeError(`u64 out of range: ${v}`);
      this.#view.setBigUint64(this.#len, v, true);
    }
    this.#len += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** u64 length prefix, then the bytes. */
  varBytes(b: Uint8Array): this {
    return this.u64(b.length).bytes(b);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
