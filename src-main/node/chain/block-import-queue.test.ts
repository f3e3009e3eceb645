import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { remine } from '../test-support/remine.ts';
import { randomBytesFrom, seededRandom } from '../test-support/seeded-random.ts';
import { openSimnet, mineSimnetBlock } from '../test-support/simnet.ts';
import { BlockImportQueue, type ImportOutcome } from './block-import-queue.ts';

describe('block import queue', () => {
  const source = openSimnet();
  const target = openSimnet();
  after(() => {
    source.close();
    target.close();
  });

  it('imports in order, waits for missing parents and imports the children when they arrive', async () => {
    const blocks = [];
    for (let i = 0; i < 6; i++) {
      const block = mineSimnetBlock(source.consensus);
      source.consensus.insertBlock(block.header, block.transactions);
      blocks.push(block);
    }
    const queue = new BlockImportQueue(target.consensus);
    const seen: ImportOutcome[] = [];
    queue.onOutcome((outcome) => seen.push(outcome));

    // Children first: each waits for its parent.
    const early = await Promise.all(blocks.slice(3).map((block) => queue.submit(block, 'peer')));
    assert.deepEqual(
      early.map((o) => o.status),
      ['waiting', 'waiting', 'waiting'],
    );
    assert.equal(queue.waiting, 3);
    assert.ok(early.every((outcome) => queue.isWaiting(outcome.hash)));
    // The parents arrive: everything lands, children included, and the sinks agree.
    const late = await Promise.all(blocks.slice(0, 3).map((block) => queue.submit(block, 'peer')));
    assert.deepEqual(
      late.map((o) => o.status),
      ['accepted', 'accepted', 'accepted'],
    );
    await queue.close();
    assert.equal(queue.waiting, 0);
    assert.ok(!early.some((outcome) => queue.isWaiting(outcome.hash)));
    assert.equal(target.consensus.sink(), source.consensus.sink());
    assert.equal(seen.filter((o) => o.status === 'accepted').length, 6);
  });

  it('answers a known block as known and a broken block as rejected with its code, and keeps going', async () => {
    const queue = new BlockImportQueue(target.consensus);
    const block = mineSimnetBlock(target.consensus);
    // Re-mined after the change, so only the merkle root is wrong (not, half the time, the proof of work too).
    const broken = {
      header: remine({ ...block.header, hashMerkleRoot: new Uint8Array(32) }),
      transactions: block.transactions,
    };
    const [bad, good, again] = await Promise.all([
      queue.submit(broken, 'peer'),
      queue.submit(block, 'peer'),
      queue.submit(block, 'peer'),
    ]);
    assert.equal(bad?.status, 'rejected');
    assert.equal(bad?.status === 'rejected' && bad.error.code, 'BAD_MERKLE_ROOT');
    assert.equal(good?.status, 'accepted');
    assert.equal(again?.status, 'known');
    await queue.close();
    const closed = await queue.submit(block, 'peer');
    assert.equal(closed.status === 'rejected' && closed.error.code, 'SHUTTING_DOWN');
  });

  it('keeps a bounded number of blocks waiting for parents that never come, and forgets their parents too', async () => {
    const queue = new BlockImportQueue(target.consensus);
    const template = mineSimnetBlock(target.consensus);
    const random = seededRandom(7);
    const orphans = Array.from({ length: 1_050 }, () => ({
      header: remine({ ...template.header, parents: [[randomBytesFrom(random, 32)]] }),
      transactions: template.transactions,
    }));
    const outcomes = await Promise.all(orphans.map((block) => queue.submit(block, 'peer')));
    assert.ok(outcomes.every((outcome) => outcome.status === 'waiting'));
    assert.equal(queue.waiting, 1_000);
    assert.equal(queue.missingParents, 1_000, 'the parents of dropped blocks are not remembered');
    await queue.close();
  });
});
