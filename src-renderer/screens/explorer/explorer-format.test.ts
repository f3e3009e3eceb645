import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeExplorerError,
  formatBits,
  formatTime,
  hexByteLength,
  mergeLiveRows,
  netSompi,
  plural,
  searchTarget,
  splitOutpoint,
} from './explorer-format.ts';

const id = 'ab'.repeat(32);

describe('explorer wording', () => {
  it('says plainly that a block or transaction is unknown, without a retry', () => {
    const block = describeExplorerError({ code: 'NOT_FOUND', message: 'no such block' }, 'block', id);
    assert.equal(block.message, `This node does not know block ${id}.`);
    assert.equal(block.retry, false);
    assert.match(block.hint ?? '', /mistyped/);
    const transaction = describeExplorerError({ code: 'UNKNOWN_TRANSACTION', message: 'x' }, 'transaction', id);
    assert.equal(transaction.message, `This node does not know transaction ${id}.`);
    assert.equal(describeExplorerError({ code: 'UNKNOWN_BLOCK', message: 'x' }, 'block', id).retry, false);
  });

  it('names a malformed id, and offers a retry when the node did not answer', () => {
    const bad = describeExplorerError({ code: 'BAD_PARAMS', message: 'hash must be 64 hex digits' }, 'block', 'xyz');
    assert.equal(bad.message, '“xyz” is not a block hash (64 hex digits): hash must be 64 hex digits');
    const address = describeExplorerError(
      { code: 'BAD_ADDRESS_PREFIX', message: 'wrong network' },
      'address',
      'kaspa:q',
    );
    assert.match(address.message, /not an address this node can read: wrong network/);
    const lost = describeExplorerError({ code: 'CONNECTION_LOST', message: 'the link dropped' }, 'transaction', id);
    assert.equal(lost.retry, true);
    assert.equal(lost.message, 'Could not load the transaction: the link dropped');
  });

  it('formats bits, times, counts and amounts', () => {
    assert.equal(formatBits(0x1e7fffff), '0x1e7fffff');
    assert.equal(formatBits(0x207fffff), '0x207fffff');
    assert.match(formatTime(Date.UTC(2024, 0, 2, 3, 4, 5)), /^2024-01-0[12] \d\d:04:05$/);
    assert.equal(formatTime(Number.NaN), 'unknown');
    assert.equal(plural(1, 'confirmation'), '1 confirmation');
    assert.equal(plural(1234, 'confirmation'), '1,234 confirmations');
    assert.equal(netSompi('100', '250'), '-150');
    assert.equal(netSompi('29000000000000000000', '1'), '28999999999999999999');
    assert.equal(hexByteLength('00ff10'), 3);
  });

  it('splits outpoints and routes search answers', () => {
    assert.deepEqual(splitOutpoint(`${id}:3`), { transactionId: id, index: 3 });
    assert.equal(splitOutpoint('garbage'), null);
    assert.deepEqual(searchTarget({ kind: 'block', id }), ['block', id]);
    assert.deepEqual(searchTarget({ kind: 'transaction', id }), ['tx', id]);
    assert.deepEqual(searchTarget({ kind: 'address', id: 'dagsim:qq' }), ['address', 'dagsim:qq']);
    assert.equal(searchTarget({ kind: 'none' }), null);
  });

  it('merges live blocks over the seed: each once, newest first, at most the row count', () => {
    const row = (hash: string, daaScore: number, transactionCount = 1) => ({
      hash,
      daaScore,
      blueScore: daaScore,
      transactionCount,
      timestamp: daaScore * 1000,
    });
    const seed = [row('s3', 3), row('s2', 2), row('s1', 1)];
    const live = [row('l5', 5), row('s3', 3, 9), row('l4', 4)];
    assert.deepEqual(
      mergeLiveRows(live, seed, 4).map((each) => each.hash),
      ['l5', 'l4', 's3', 's2'],
    );
    assert.equal(mergeLiveRows(live, seed, 10).find((each) => each.hash === 's3')?.transactionCount, 9, 'live wins');
    assert.deepEqual(mergeLiveRows([], [], 5), []);
  });
});
