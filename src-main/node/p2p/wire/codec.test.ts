import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCK_LIMITS } from '../../consensus/codec/block-codec.ts';
import { headerHash } from '../../consensus/hashing/header-hash.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { decodeMessage, encodeMessage, frameType } from './codec.ts';
import {
  IBD_BATCH_SIZE,
  MAX_ADDRESSES_PER_MESSAGE,
  MAX_BODY_BYTES,
  MAX_FRAME_BYTES,
  MAX_INV_PER_MESSAGE,
  MAX_MULTIADDR_BYTES,
  MAX_NETWORK_NAME_BYTES,
  MAX_REJECT_REASON_BYTES,
  MAX_USER_AGENT_BYTES,
} from './limits.ts';
import { MessageType, type WireMessage, type WireMessageType } from './messages.ts';
import { BUSIEST_BLOCK, SAMPLE_MESSAGES, SAMPLED_TYPES, SIMNET_BLOCKS } from './test-messages.ts';
import { typedErrorCode } from './typed-error.ts';

/** A frame of `type` with a body written by `body`, bypassing the encoder's own checks. */
function frame(type: WireMessageType, body: (w: ByteWriter) => void = () => {}): Uint8Array {
  const w = new ByteWriter();
  w.u8(MessageType[type]);
  body(w);
  return w.finish();
}

function concatByte(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

const ALL_TYPES = Object.keys(MessageType) as WireMessageType[];

describe('wire codec', () => {
  it('round-trips realistic messages of every type', () => {
    assert.deepEqual([...SAMPLED_TYPES].sort(), [...ALL_TYPES].sort());
    for (const message of SAMPLE_MESSAGES) {
      const bytes = encodeMessage(message);
      assert.equal(bytes[0], MessageType[message.type]);
      assert.equal(frameType(bytes), message.type);
      assert.ok(bytes.length - 1 <= MAX_BODY_BYTES[message.type], message.type);
      const back = decodeMessage(bytes);
      assert.deepEqual(back, message, message.type);
      assert.deepEqual(encodeMessage(back), bytes, `${message.type} re-encodes to the same bytes`);
    }
  });

  it('keeps block hashes through a Block frame, for simnet and Go-mined blocks', () => {
    for (const block of [...SIMNET_BLOCKS, BUSIEST_BLOCK]) {
      const back = decodeMessage(encodeMessage({ type: 'block', block }));
      assert.equal(back.type, 'block');
      assert.deepEqual(headerHash(back.block.header), headerHash(block.header));
    }
  });

  it('fails every truncation of every encoded message with a typed error', () => {
    for (const message of SAMPLE_MESSAGES) {
      const bytes = encodeMessage(message);
      for (let n = 0; n < bytes.length; n++) {
        const code = typedErrorCode(() => decodeMessage(bytes.subarray(0, n)));
        assert.notEqual(code, 'OK', `${message.type} truncated to ${n} of ${bytes.length} bytes decoded`);
      }
    }
  });

  it('rejects an empty frame, unknown types and trailing bytes', () => {
    assert.equal(
      typedErrorCode(() => decodeMessage(new Uint8Array())),
      'MALFORMED',
    );
    for (const typeByte of [0, 26, 0x7f, 0xff]) {
      assert.equal(
        typedErrorCode(() => decodeMessage(Uint8Array.of(typeByte))),
        'UNKNOWN_TYPE',
      );
    }
    const addresses = encodeMessage({ type: 'addresses', addresses: [] });
    assert.equal(
      typedErrorCode(() => decodeMessage(concatByte(addresses))),
      'TRAILING_BYTES',
    );
    const block = encodeMessage({ type: 'block', block: SIMNET_BLOCKS[0] as NonNullable<(typeof SIMNET_BLOCKS)[0]> });
    assert.equal(
      typedErrorCode(() => decodeMessage(concatByte(block))),
      'TRAILING_BYTES',
    );
    const headers = frame('headers', (w) => w.u64(0).u8(7));
    assert.equal(
      typedErrorCode(() => decodeMessage(headers)),
      'TRAILING_BYTES',
    );
  });

  it('refuses oversized frames and bodies before decoding them', () => {
    assert.equal(MAX_FRAME_BYTES, 1 + BLOCK_LIMITS.maxBlockBytes);
    // Garbage bodies one byte over the limit: a decode would fail differently (bad counts, truncation).
    const over = (type: WireMessageType): Uint8Array => {
      const bytes = new Uint8Array(1 + MAX_BODY_BYTES[type] + 1).fill(0xff);
      bytes[0] = MessageType[type];
      return bytes;
    };
    for (const type of ALL_TYPES)
      assert.equal(
        typedErrorCode(() => decodeMessage(over(type))),
        'OVERSIZED',
        type,
      );
    assert.equal(
      typedErrorCode(() => decodeMessage(new Uint8Array(MAX_FRAME_BYTES + 1))),
      'OVERSIZED',
    );
    // A Ping of 9 body bytes is refused by size, not read as a nonce with a trailing byte.
    assert.equal(
      typedErrorCode(() => decodeMessage(frame('ping', (w) => w.u64(1n).u8(0)))),
      'OVERSIZED',
    );
  });

  it('sizes the body limits of the largest valid messages exactly', () => {
    const hash = new Uint8Array(32);
    const largest: WireMessage[] = [
      {
        ...(SAMPLE_MESSAGES[0] as WireMessage & { type: 'version' }),
        network: 'n'.repeat(MAX_NETWORK_NAME_BYTES),
        userAgent: 'u'.repeat(MAX_USER_AGENT_BYTES),
      },
      {
        type: 'addresses',
        addresses: Array.from({ length: MAX_ADDRESSES_PER_MESSAGE }, () => ({
          multiaddr: 'm'.repeat(MAX_MULTIADDR_BYTES),
          lastSeen: Number.MAX_SAFE_INTEGER,
        })),
      },
      { type: 'invTransactions', ids: Array(MAX_INV_PER_MESSAGE).fill(hash) },
      { type: 'requestIbdBlocks', hashes: Array(IBD_BATCH_SIZE).fill(hash) },
      { type: 'requestIbdChainBlockLocator', lowHash: hash, highHash: hash },
      { type: 'reject', reason: 'r'.repeat(MAX_REJECT_REASON_BYTES) },
    ];
    for (const message of largest) {
      const bytes = encodeMessage(message);
      assert.equal(bytes.length - 1, MAX_BODY_BYTES[message.type], message.type);
      assert.equal(decodeMessage(bytes).type, message.type);
    }
  });

  it('rejects counts over their limit and counts the bytes cannot hold', () => {
    const countOnly = (type: WireMessageType, count: number | bigint): string =>
      typedErrorCode(() => decodeMessage(frame(type, (w) => w.u64(count))));
    assert.equal(countOnly('invTransactions', MAX_INV_PER_MESSAGE + 1), 'LIMIT_EXCEEDED');
    assert.equal(countOnly('requestIbdBlocks', IBD_BATCH_SIZE + 1), 'LIMIT_EXCEEDED');
    assert.equal(countOnly('addresses', MAX_ADDRESSES_PER_MESSAGE + 1), 'LIMIT_EXCEEDED');
    assert.equal(countOnly('headers', 0xffff_ffff_ffff_ffffn), 'LIMIT_EXCEEDED');
    assert.equal(countOnly('invTransactions', 1000), 'TRUNCATED');
    assert.equal(countOnly('addresses', 1000), 'TRUNCATED');
    assert.equal(countOnly('headers', 2), 'TRUNCATED');
    assert.equal(countOnly('blockLocator', 1), 'TRUNCATED');
  });

  it('rejects over-long and non-UTF-8 text, and non-canonical flags', () => {
    const reject = (bytes: number[]): string =>
      typedErrorCode(() => decodeMessage(frame('reject', (w) => w.varBytes(Uint8Array.from(bytes)))));
    assert.equal(reject([0xff, 0xfe]), 'MALFORMED');
    assert.equal(reject([0xc0, 0x80]), 'MALFORMED', 'overlong NUL');
    assert.equal(reject([0xed, 0xa0, 0x80]), 'MALFORMED', 'encoded surrogate');
    assert.equal(reject([0xe2, 0x9c]), 'MALFORMED', 'cut multi-byte character');
    assert.equal(reject([0xef, 0xbb, 0xbf, 0x41]), 'OK', 'a BOM is text');
    const version = encodeMessage(SAMPLE_MESSAGES[0] as WireMessage);
    const longAgent = frame('version', (w) => {
      w.u32(1).varBytes(new TextEncoder().encode('dagwallet-simnet'));
      w.varBytes(new Uint8Array(MAX_USER_AGENT_BYTES + 1).fill(0x61));
    });
    assert.equal(
      typedErrorCode(() => decodeMessage(longAgent)),
      'LIMIT_EXCEEDED',
    );
    const badFlag = Uint8Array.from(version);
    badFlag[badFlag.length - 1] = 2;
    assert.equal(
      typedErrorCode(() => decodeMessage(badFlag)),
      'MALFORMED',
    );
    const badOptional = frame('requestIbdChainBlockLocator', (w) => w.u8(2).u8(0));
    assert.equal(
      typedErrorCode(() => decodeMessage(badOptional)),
      'MALFORMED',
    );
  });

  it('refuses to encode what a peer would refuse', () => {
    const hash = new Uint8Array(32);
    const invalid = (message: WireMessage): string => typedErrorCode(() => encodeMessage(message));
    assert.equal(
      invalid({ type: 'requestIbdBlocks', hashes: Array(IBD_BATCH_SIZE + 1).fill(hash) }),
      'INVALID_MESSAGE',
    );
    assert.equal(invalid({ type: 'invRelayBlock', hash: new Uint8Array(31) }), 'INVALID_MESSAGE');
    assert.equal(invalid({ type: 'reject', reason: 'x'.repeat(1025) }), 'INVALID_MESSAGE');
    assert.equal(invalid({ type: 'reject', reason: 'lone \ud800 surrogate' }), 'INVALID_MESSAGE');
    assert.equal(invalid({ type: 'ping', nonce: -1n }), 'INVALID_MESSAGE');
    assert.equal(invalid({ type: 'requestBlockLocator', highHash: hash, limit: 2 ** 32 }), 'INVALID_MESSAGE');
    const version = { ...(SAMPLE_MESSAGES[0] as WireMessage & { type: 'version' }) };
    assert.equal(invalid({ ...version, id: new Uint8Array(15) }), 'INVALID_MESSAGE');
    assert.equal(invalid({ ...version, timestamp: -1 }), 'INVALID_MESSAGE');
  });
});
