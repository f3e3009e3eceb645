import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytesFrom, seededRandom } from '../../test-support/seeded-random.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { SAMPLE_MESSAGES } from './test-messages.ts';
import { typedErrorCode } from './typed-error.ts';

const FRAMES = 5000;
const encoded = SAMPLE_MESSAGES.map(encodeMessage);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One mutation of `bytes`, of the kinds a broken or hostile peer produces. */
function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const at = Math.floor(random() * (bytes.length + 1));
  switch (Math.floor(random() * 7)) {
    case 0: {
      const out = Uint8Array.from(bytes);
      if (at < out.length) out[at] = (out[at] as number) ^ (1 << Math.floor(random() * 8));
      return out;
    }
    case 1: {
      const out = Uint8Array.from(bytes);
      if (at < out.length) out[at] = Math.floor(random() * 256);
      return out;
    }
    case 2:
      return concat(bytes.subarray(0, at), randomBytesFrom(random, 1 + Math.floor(random() * 16)), bytes.subarray(at));
    case 3:
      return concat(bytes.subarray(0, at), bytes.subarray(at + 1 + Math.floor(random() * 40)));
    case 4:
      return bytes.slice(0, at);
    case 5: {
      // A length or count field turned huge, or just past what is left.
      const out = Uint8Array.from(bytes);
      const value = random() < 0.5 ? 0xffff_ffff_ffff_ffffn : BigInt(Math.floor(random() * 70_000));
      if (at + 8 <= out.length) new DataView(out.buffer).setBigUint64(at, value, true);
      return out;
    }
    default:
      return concat(bytes, randomBytesFrom(random, 1 + Math.floor(random() * 8)));
  }
}

describe('wire codec fuzz', () => {
  it(`raises only typed errors on ${FRAMES} seeded random and mutated frames`, () => {
    const random = seededRandom(0x5eed_0006);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < FRAMES; i++) {
      let frame: Uint8Array;
      if (i % 4 === 0) {
        // Random bodies behind a known or unknown type byte.
        frame = randomBytesFrom(random, Math.floor(random() * 300));
        if (frame.length > 0) frame[0] = Math.floor(random() * 28);
      } else {
        frame = encoded[Math.floor(random() * encoded.length)] as Uint8Array;
        const rounds = 1 + Math.floor(random() * 3);
        for (let round = 0; round < rounds; round++) frame = mutate(frame, random);
      }
      let decoded: ReturnType<typeof decodeMessage> | undefined;
      const code = typedErrorCode(() => (decoded = decodeMessage(frame)));
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      // Whatever decodes has one encoding: the frame itself.
      if (decoded !== undefined) assert.deepEqual(encodeMessage(decoded), frame, `frame ${i} is not canonical`);
    }
    // The mix reached both the decoders' errors and successful decodes.
    for (const code of ['OK', 'TRUNCATED', 'TRAILING_BYTES', 'LIMIT_EXCEEDED', 'UNKNOWN_TYPE', 'MALFORMED']) {
      assert.ok((outcomes.get(code) ?? 0) > 0, `no frame ended ${code}: ${JSON.stringify([...outcomes])}`);
    }
  });
});
