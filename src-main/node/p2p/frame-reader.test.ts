import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededBytes } from '../test-support/seeded-random.ts';
import { FrameReader, lengthPrefixed } from './frame-reader.ts';
import { MAX_FRAME_BYTES } from './wire/limits.ts';
import { WireError } from './wire/wire-error.ts';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function prefix(length: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, length);
  return bytes;
}

function wireErrorWithCode(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof WireError);
    assert.equal(error.code, code);
    return true;
  };
}

/** Frames of 1, 2, 5 and 300 bytes: lengths under and over one byte of prefix. */
const FRAMES = [Uint8Array.of(7), Uint8Array.of(1, 2), seededBytes(11, 5), seededBytes(12, 300)];
const STREAM = concat(FRAMES.map(lengthPrefixed));

describe('FrameReader', () => {
  it('lengthPrefixed writes a 4-byte big-endian length', () => {
    assert.deepEqual(lengthPrefixed(Uint8Array.of(9, 8, 7)), Uint8Array.of(0, 0, 0, 3, 9, 8, 7));
    assert.deepEqual(lengthPrefixed(new Uint8Array(0x0102)).subarray(0, 4), Uint8Array.of(0, 0, 1, 2));
  });

  it('reads several frames from one chunk, in order', () => {
    const reader = new FrameReader();
    assert.deepEqual(reader.push(STREAM), FRAMES);
    assert.equal(reader.buffered, 0);
  });

  it('reads the same frames however the stream is cut in two, at every byte boundary', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const reader = new FrameReader();
      const frames = [...reader.push(STREAM.subarray(0, cut)), ...reader.push(STREAM.subarray(cut))];
      assert.deepEqual(frames, FRAMES, `cut at byte ${cut}`);
      assert.equal(reader.buffered, 0);
    }
  });

  it('reads the same frames from a stream fed one byte at a time', () => {
    const reader = new FrameReader();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < STREAM.length; i++) {
      frames.push(...reader.push(STREAM.subarray(i, i + 1)));
      assert.ok(reader.buffered < 4 + 300, 'never more than one frame and its prefix waits');
    }
    assert.deepEqual(frames, FRAMES);
  });

  it('returns a frame only once its last byte is in, and keeps what follows it', () => {
    const reader = new FrameReader();
    const first = lengthPrefixed(Uint8Array.of(1, 2, 3));
    assert.deepEqual(reader.push(first.subarray(0, 3)), []);
    assert.equal(reader.buffered, 3);
    assert.deepEqual(reader.push(first.subarray(3, 6)), []);
    const next = lengthPrefixed(Uint8Array.of(4));
    assert.deepEqual(reader.push(concat([first.subarray(6), next.subarray(0, 2)])), [Uint8Array.of(1, 2, 3)]);
    assert.equal(reader.buffered, 2);
    assert.deepEqual(reader.push(next.subarray(2)), [Uint8Array.of(4)]);
    assert.deepEqual(reader.push(new Uint8Array(0)), []);
  });

  it('refuses a zero length as a malformed frame', () => {
    assert.throws(() => new FrameReader().push(prefix(0)), wireErrorWithCode('MALFORMED'));
    // Also when it follows a good frame in the same chunk.
    assert.throws(
      () => new FrameReader().push(concat([lengthPrefixed(Uint8Array.of(1)), prefix(0)])),
      wireErrorWithCode('MALFORMED'),
    );
  });

  it('refuses a length above the limit as soon as the prefix is in, before any body byte', () => {
    const reader = new FrameReader();
    const oversized = prefix(MAX_FRAME_BYTES + 1);
    assert.deepEqual(reader.push(oversized.subarray(0, 3)), [], 'three bytes of prefix are not yet a length');
    assert.throws(() => reader.push(oversized.subarray(3)), wireErrorWithCode('OVERSIZED'));
    assert.throws(() => new FrameReader().push(prefix(0xffff_ffff)), wireErrorWithCode('OVERSIZED'));
  });

  it('accepts a length of exactly the limit and waits for its body', () => {
    const reader = new FrameReader(10);
    assert.deepEqual(reader.push(prefix(10)), []);
    assert.equal(reader.buffered, 0);
    assert.deepEqual(reader.push(seededBytes(13, 10)), [seededBytes(13, 10)]);
    assert.throws(() => new FrameReader(10).push(prefix(11)), wireErrorWithCode('OVERSIZED'));
    assert.ok(MAX_FRAME_BYTES > 8 * 1024 * 1024, 'the default limit holds a maximum-size block');
    assert.deepEqual(new FrameReader().push(prefix(MAX_FRAME_BYTES)), []);
  });
});
