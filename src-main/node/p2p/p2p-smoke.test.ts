import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { addressOf, TestNetwork, until, untilSameSink } from '../test-support/p2p-nodes.ts';

describe('two nodes over libp2p', () => {
  const network = new TestNetwork();
  after(() => network.close());

  it('connect, relay a block, and a late joiner syncs', async () => {
    const a = await network.start('a');
    const b = await network.start('b', { peers: [addressOf(a)] });
    await until('the handshake', () => (a.p2p?.peers().length === 1 && b.p2p?.peers().length === 1 ? true : undefined));
    for (let i = 0; i < 5; i++) {
      const outcome = await a.submitBlock(mineSimnetBlock(a.consensus), 'local');
      assert.equal(outcome.status, 'accepted');
    }
    await untilSameSink([a, b]);
    const c = await network.start('c', { peers: [addressOf(b)] });
    await untilSameSink([a, b, c]);
    assert.equal(c.consensus.blockCount(), a.consensus.blockCount());
  });
});
