import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { hashMerkleRoot } from '../consensus/hashing/merkle.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { DecodeError } from '../errors.ts';
import { ERA1_STREAMS, ERA2_STREAMS, ERA3_STREAMS, vectorPath } from '../test-support/vectors.ts';
import { gunzipFirstMember } from './gzip.ts';
import { parseJsonDagStream, readJsonDagStream } from './json-dag-stream.ts';

/** Counts the blocks whose computed value differs from the stated one; lists the first few. */
function mismatches<T>(items: T[], computed: (item: T) => string, stated: (item: T) => string): string[] {
  return items.filter((item) => computed(item) !== stated(item)).map((item) => stated(item));
}

describe('Kaspa recorded block streams', () => {
  for (const stream of [...ERA1_STREAMS, ...ERA2_STREAMS]) {
    it(`every header hashes to its stated hash and every body gives its merkle root: ${stream}`, () => {
      const { blocks } = readJsonDagStream(vectorPath(stream));
      assert.ok(blocks.length > 260, `expected a real stream, got ${blocks.length} blocks`);
      const badHashes = mismatches(
        blocks,
        (b) => bytesToHex(headerHash(b.header)),
        (b) => bytesToHex(b.expectedHash),
      );
      assert.deepEqual(badHashes.slice(0, 5), [], `${badHashes.length} header hashes differ`);
      const badRoots = mismatches(
        blocks,
        (b) => bytesToHex(hashMerkleRoot(b.transactions)),
        (b) => bytesToHex(b.header.hashMerkleRoot),
      );
      assert.deepEqual(badRoots.slice(0, 5), [], `${badRoots.length} merkle roots differ`);
    });
  }

  // Toccata (era 3) changes transaction hashing, which legacy dagwallet does not implement;
  // its version-2 headers still hash with the same preimage.
  for (const stream of ERA3_STREAMS) {
    it(`every version-2 header hashes to its stated hash: ${stream}`, () => {
      const { blocks } = readJsonDagStream(vectorPath(stream));
      assert.ok(blocks.some((b) => b.header.version === 2));
      const bad = mismatches(
        blocks,
        (b) => bytesToHex(headerHash(b.header)),
        (b) => bytesToHex(b.expectedHash),
      );
      assert.deepEqual(bad.slice(0, 5), []);
    });
  }

  it('reads the parameters line and keeps u64 nonces exact', () => {
    const era1 = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string));
    assert.equal(era1.params, null);
    assert.ok(era1.blocks.some((b) => b.header.nonce > BigInt(Number.MAX_SAFE_INTEGER)));
    const era2 = readJsonDagStream(vectorPath(ERA2_STREAMS[2] as string));
    const blockrate = era2.params?.blockrate as { ghostdag_k: number } | undefined;
    assert.equal(blockrate?.ghostdag_k, 20);
  });

  it('tolerates bytes after the first gzip member, as the 5000-block stream needs', () => {
    const member = gzipSync(Buffer.from('{"a":1}\n'));
    const withGarbage = Buffer.concat([member, Buffer.from('not gzip at all')]);
    assert.equal(gunzipFirstMember(withGarbage).toString(), '{"a":1}\n');
  });

  it('rejects malformed input with typed errors', () => {
    assert.throws(() => gunzipFirstMember(Buffer.from('plain text, no gzip here')), DecodeError);
    const truncated = gzipSync(Buffer.from('x'.repeat(1000))).subarray(0, 20);
    assert.throws(() => gunzipFirstMember(truncated), DecodeError);
    assert.throws(() => parseJsonDagStream('{"Header": 5}'), DecodeError);
    assert.throws(() => parseJsonDagStream('{"x":1}\n{"y":2}'), DecodeError);
    assert.throws(() => parseJsonDagStream('{not json'), DecodeError);
    const goodLine = gunzipFirstMember(readFileSync(vectorPath(ERA1_STREAMS[0] as string)))
      .toString()
      .split('\n')[1] as string;
    const mutations = [
      goodLine.replace(/"Bits":\d+/, '"Bits":-1'),
      goodLine.replace(/"HashMerkleRoot":"[0-9a-f]+"/, '"HashMerkleRoot":"abc"'),
      goodLine.replace(/"Nonce":\d+/, '"Nonce":184467440737095516160'),
      goodLine.replace(/"BlueWork":"[0-9a-f]+"/, '"BlueWork":"zz"'),
      goodLine.slice(0, goodLine.length / 2),
    ];
    for (const line of mutations) assert.throws(() => parseJsonDagStream(line), DecodeError, line.slice(0, 80));
  });
});
