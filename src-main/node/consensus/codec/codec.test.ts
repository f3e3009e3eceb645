import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { DecodeError } from '../../errors.ts';
import { readJsonDagStream } from '../../replay/json-dag-stream.ts';
import { randomBytesFrom, seededRandom } from '../../test-support/seeded-random.ts';
import { ERA1_STREAMS, ERA2_STREAMS, vectorPath } from '../../test-support/vectors.ts';
import { headerHash } from '../hashing/header-hash.ts';
import { transactionHash, transactionId } from '../hashing/tx-hash.ts';
import { type Block, decodeBlock, encodeBlock } from './block-codec.ts';
import { decodeHeader, encodeHeader } from './header-codec.ts';
import { decodeTransaction, encodeTransaction, TX_LIMITS } from './tx-codec.ts';

const txStream = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string)).blocks;
const massStream = readJsonDagStream(vectorPath(ERA2_STREAMS[2] as string)).blocks;
const busiest = txStream.reduce((a, b) => (b.transactions.length > a.transactions.length ? b : a));

function decodeErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DecodeError) return error.code;
    throw new Error(`expected a DecodeError, got ${String(error)}`, { cause: error });
  }
  return 'NO_ERROR';
}

describe('binary codecs', () => {
  it('round-trips every header and transaction of real streams, keeping hashes and IDs', () => {
    for (const block of [...txStream, ...massStream]) {
      const header = decodeHeader(encodeHeader(block.header));
      assert.deepEqual(header, block.header);
      assert.deepEqual(headerHash(header), block.expectedHash);
      for (const tx of block.transactions) {
        const back = decodeTransaction(encodeTransaction(tx));
        assert.deepEqual(back, tx);
        assert.deepEqual(transactionId(back), transactionId(tx));
        assert.deepEqual(transactionHash(back), transactionHash(tx));
      }
    }
  });

  it('round-trips a whole block', () => {
    const block: Block = { header: busiest.header, transactions: busiest.transactions };
    assert.ok(block.transactions.length > 5);
    assert.deepEqual(decodeBlock(encodeBlock(block)), block);
  });

  it('reports every truncation of a block as TRUNCATED', () => {
    const bytes = encodeBlock({ header: busiest.header, transactions: busiest.transactions.slice(0, 3) });
    for (let length = 0; length < bytes.length; length++) {
      assert.equal(
        decodeErrorCode(() => decodeBlock(bytes.subarray(0, length))),
        'TRUNCATED',
        `length ${length}`,
      );
    }
  });

  it('refuses trailing bytes', () => {
    const header = encodeHeader(busiest.header);
    assert.equal(
      decodeErrorCode(() => decodeHeader(Uint8Array.from([...header, 0]))),
      'TRAILING_BYTES',
    );
    const tx = encodeTransaction(busiest.transactions[1] as Block['transactions'][number]);
    assert.equal(
      decodeErrorCode(() => decodeTransaction(Uint8Array.from([...tx, 1, 2]))),
      'TRAILING_BYTES',
    );
  });

  it('refuses counts and lengths over their limits before allocating', () => {
    // A transaction claiming 2^40 inputs.
    const hugeCount = new ByteWriter()
      .u16(0)
      .u64(2 ** 40)
      .finish();
    assert.equal(
      decodeErrorCode(() => decodeTransaction(hugeCount)),
      'LIMIT_EXCEEDED',
    );
    // A count under the limit that the remaining bytes cannot hold.
    const emptyInputs = new ByteWriter().u16(0).u64(5_000).finish();
    assert.equal(
      decodeErrorCode(() => decodeTransaction(emptyInputs)),
      'TRUNCATED',
    );
    // An oversized payload length.
    const tx = { ...(busiest.transactions[0] as Block['transactions'][number]) };
    tx.payload = new Uint8Array(TX_LIMITS.maxPayloadLength + 1);
    assert.equal(
      decodeErrorCode(() => decodeTransaction(encodeTransaction(tx))),
      'LIMIT_EXCEEDED',
    );
    // A block over the byte limit.
    assert.equal(
      decodeErrorCode(() => decodeBlock(new Uint8Array(9 * 1024 * 1024))),
      'LIMIT_EXCEEDED',
    );
    // Scores past 2^53 cannot belong to a valid block.
    const header = { ...busiest.header, daaScore: 0, blueScore: 7, blueWork: 0xe0n };
    const bytes = encodeHeader(header);
    // Counted from the end: pruning point, one blue-work byte, its u64 length, blue score, DAA score.
    const daaOffset = bytes.length - 32 - 1 - 8 - 8 - 8;
    const view = new DataView(bytes.buffer);
    assert.equal(bytesToHex(bytes.subarray(daaOffset, daaOffset + 8)), '0000000000000000');
    view.setBigUint64(daaOffset, 2n ** 60n, true);
    assert.equal(
      decodeErrorCode(() => decodeHeader(bytes)),
      'LIMIT_EXCEEDED',
    );
  });

  it('refuses a non-minimal blue work encoding, which would hash differently', () => {
    const header = { ...busiest.header, blueWork: 0xe0n };
    const bytes = encodeHeader(header);
    const at = bytes.length - 32 - 1; // the single blue-work byte
    const padded = Uint8Array.from([...bytes.subarray(0, at - 8), 2, 0, 0, 0, 0, 0, 0, 0, 0, ...bytes.subarray(at)]);
    assert.equal(
      decodeErrorCode(() => decodeHeader(padded)),
      'BAD_VALUE',
    );
  });

  it('survives random and mutated input with typed errors only', () => {
    const random = seededRandom(0xda6);
    const seeds = [
      encodeHeader(busiest.header),
      encodeTransaction(busiest.transactions[1] as Block['transactions'][number]),
      encodeBlock({ header: busiest.header, transactions: busiest.transactions.slice(0, 2) }),
    ];
    const decoders = [decodeHeader, decodeTransaction, decodeBlock];
    let decodedAnyway = 0;
    for (let round = 0; round < 3000; round++) {
      const which = round % 3;
      const seed = seeds[which] as Uint8Array;
      let input: Uint8Array;
      if (round % 2 === 0) {
        input = randomBytesFrom(random, Math.floor(random() * 600));
      } else {
        input = seed.slice();
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
          input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
        }
      }
      try {
        (decoders[which] as (b: Uint8Array) => unknown)(input);
        decodedAnyway++;
      } catch (error) {
        assert.ok(error instanceof DecodeError, `round ${round}: ${String(error)}`);
      }
    }
    // Flipping bytes inside hashes or values still decodes: the fuzzer did reach the happy path.
    assert.ok(decodedAnyway > 0);
  });
});
