import { MAX_FRAME_BYTES } from './wire/limits.ts';
import { WireError } from './wire/wire-error.ts';

/** Each frame on the stream is a 4-byte big-endian length, then that many bytes (type byte + body). */
const LENGTH_BYTES = 4;

/** Prefixes a frame with its length for the stream. */
export function lengthPrefixed(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(LENGTH_BYTES + frame.length);
  new DataView(out.buffer).setUint32(0, frame.length);
  out.set(frame, LENGTH_BYTES);
  return out;
}

/**
 * Cuts a byte stream into frames as chunks arrive. A length above MAX_FRAME_BYTES (or zero) is
 * refused as soon as its 4 bytes are in, so a peer cannot make us buffer a huge frame.
 */
export class FrameReader {
  readonly #maxFrameBytes: number;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** Length of the frame being collected, once its prefix is complete. */
  #expected: number | undefined;

  constructor(maxFrameBytes = MAX_FRAME_BYTES) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Adds a chunk and returns the frames it completed, in order. Throws WireError on a bad length. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.#expected === undefined) {
        if (this.#buffered < LENGTH_BYTES) break;
        const prefix = this.#take(LENGTH_BYTES);
        const length = new DataView(prefix.buffer, prefix.byteOffset, LENGTH_BYTES).getUint32(0);
        if (length === 0) throw new WireError('MALFORMED', 'empty frame');
        if (length > this.#maxFrameBytes) {
          throw new WireError('OVERSIZED', `frame of ${length} bytes exceeds ${this.#maxFrameBytes}`);
        }
        this.#expected = length;
      }
      if (this.#buffered < this.#expected) break;
      frames.push(this.#take(this.#expected));
      this.#expected = undefined;
    }
    return frames;
  }

  /** Bytes received but not yet part of a whole frame. */
  get buffered(): number {
    return this.#buffered;
  }

  #take(count: number): Uint8Array {
    const first = this.#chunks[0] as Uint8Array;
    if (first.length >= count) {
      // The common case: the whole piece sits in one chunk, so no copy.
      const piece = first.subarray(0, count);
      if (first.length === count) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(count);
      this.#buffered -= count;
      return piece;
    }
    const piece = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.#chunks[0] as Uint8Array;
      const used = Math.min(chunk.length, count - filled);
      piece.set(chunk.subarray(0, used), filled);
      filled += used;
      if (used === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(used);
    }
    this.#buffered -= count;
    return piece;
  }
}
