import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { bytesToHex } from '../encoding/hex.ts';
import { type JsonDagStream, readJsonDagStream } from '../replay/json-dag-stream.ts';
import { ERA1_STREAMS, vectorPath } from '../test-support/vectors.ts';
import { compactToTarget } from './difficulty/compact.ts';
import { type BlockHeader, directParents } from './model/header.ts';
import { blockLevel, checkProofOfWork, headerBlockLevel } from './pow.ts';

/** Devnet's max block level (Go dagconfig MaxBlockLevel 250), which mined these streams. */
const DEVNET_MAX_BLOCK_LEVEL = 250;
/** The easiest target: roughly half of all nonces meet it. */
const EASY_BITS = 0x207fffff;

describe('header proof of work on real Go-mined era-1 blocks', () => {
  let txStream: JsonDagStream;
  let notxStream: JsonDagStream;
  before(() => {
    txStream = readJsonDagStream(vectorPath(ERA1_STREAMS[0]!));
    notxStream = readJsonDagStream(vectorPath(ERA1_STREAMS[1]!));
  });

  it('accepts every block of goref-905-tx-265-blocks', () => {
    assert.equal(txStream.blocks.length, 265);
    for (const [i, block] of txStream.blocks.entries()) {
      const { valid, powValue } = checkProofOfWork(block.header);
      assert.ok(valid, `block ${i} ${bytesToHex(block.expectedHash)} fails PoW (${powValue.toString(16)})`);
    }
  });

  it('accepts every block of goref-notx-5000-blocks, including those after the DAA raised difficulty', () => {
    assert.ok(notxStream.blocks.length >= 4000);
    let harder = 0;
    for (const [i, block] of notxStream.blocks.entries()) {
      const { valid, powValue } = checkProofOfWork(block.header);
      assert.ok(valid, `block ${i} fails PoW (${powValue.toString(16)})`);
      if (block.header.bits !== EASY_BITS) harder++;
    }
    assert.ok(harder > 1000, 'the stream should include blocks mined at tighter targets');
  });

  it('rejects a plausible fraction of nonce-tampered copies', () => {
    const easy = notxStream.blocks.filter((b) => b.header.bits === EASY_BITS && directParents(b.header).length > 0);
    const target = compactToTarget(EASY_BITS);
    let failed = 0;
    for (const block of easy.slice(0, 200)) {
      const tampered: BlockHeader = {
        ...block.header,
        nonce: (block.header.nonce + 1n) & 0xffff_ffff_ffff_ffffn,
      };
      const { valid, powValue } = checkProofOfWork(tampered);
      assert.equal(valid, powValue <= target);
      assert.notEqual(powValue, checkProofOfWork(block.header).powValue);
      if (!valid) failed++;
    }
    assert.ok(failed >= 50 && failed <= 150, `expected 25–75 % of 200 tampered nonces to fail, got ${failed}`);
  });

  it('rejects a real block whose bits claim a target it did not meet', () => {
    const block = txStream.blocks[1]!;
    assert.equal(checkProofOfWork({ ...block.header, bits: 0x1d00ffff }).valid, false);
  });

  it('levels every block exactly as the highest level later headers list it at', () => {
    // A block of level L can be a parent at levels 0..L only, and stays a tip of the level-L DAG
    // until a later header names it there: the deepest level it is referenced at is its level.
    for (const stream of [txStream, notxStream]) {
      const deepest = new Map<string, number>();
      for (const { header } of stream.blocks) {
        header.parents.forEach((level, l) => {
          for (const parent of level) {
            const key = bytesToHex(parent);
            deepest.set(key, Math.max(deepest.get(key) ?? 0, l));
          }
        });
      }
      let compared = 0;
      let raised = 0;
      for (const { header, expectedHash } of stream.blocks) {
        if (directParents(header).length === 0) continue;
        const seen = deepest.get(bytesToHex(expectedHash));
        if (seen === undefined) continue; // the last tips are nobody's parent yet
        const level = headerBlockLevel(header, DEVNET_MAX_BLOCK_LEVEL);
        assert.equal(level, seen, `level of ${bytesToHex(expectedHash)}`);
        compared++;
        if (level > 0) raised++;
      }
      assert.ok(compared >= stream.blocks.length - 10);
      assert.ok(raised > 0, 'some blocks should sit above level 0');
    }
  });

  it('puts genesis at the max block level', () => {
    const genesis = txStream.blocks[0]!.header;
    assert.equal(genesis.parents.length, 0);
    assert.equal(headerBlockLevel(genesis, DEVNET_MAX_BLOCK_LEVEL), DEVNET_MAX_BLOCK_LEVEL);
  });
});

describe('blockLevel', () => {
  it('is max(0, maxBlockLevel - bitlen(pow value))', () => {
    assert.equal(blockLevel(0n, 250), 250);
    assert.equal(blockLevel(1n, 250), 249);
    assert.equal(blockLevel((1n << 200n) - 1n, 250), 50);
    assert.equal(blockLevel(1n << 200n, 250), 49);
    assert.equal(blockLevel((1n << 250n) - 1n, 250), 0);
    assert.equal(blockLevel(1n << 255n, 250), 0);
    assert.equal(blockLevel((1n << 256n) - 1n, 225), 0);
  });
});
