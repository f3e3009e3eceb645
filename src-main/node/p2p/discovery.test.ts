import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { DagwalletNode } from '../node.ts';
import { addressOf, TestNetwork, until, untilSameSink } from '../test-support/p2p-nodes.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';

const connectedTo = (node: DagwalletNode, other: DagwalletNode): boolean =>
  node.p2p?.peers().some((peer) => peer.peerId === other.p2p?.peerId) ?? false;

describe('finding peers', () => {
  const network = new TestNetwork();
  after(() => network.close());

  it('a node learns addresses from its peer, dials them, and finds them again after a restart without config', async () => {
    const a = await network.start('a');
    const b = await network.start('b', { peers: [addressOf(a)] });
    // C is told only of B; A's address reaches it in B's Addresses answer.
    let c = await network.start('c', { peers: [addressOf(b)], outboundPeers: 2 });
    await until('C to connect to A, which it only heard of', () => (connectedTo(c, a) ? true : undefined));
    assert.ok((c.p2p?.knownAddressCount() ?? 0) >= 2, 'both addresses are in its peer store');

    await c.close();
    c = await network.start('c', { outboundPeers: 2 });
    await until('C, restarted with no peers configured, to reconnect from its peer store', () =>
      connectedTo(c, a) && connectedTo(c, b) ? true : undefined,
    );
  });

  it('a block announced by two peers is downloaded once', async () => {
    const x = await network.start('x');
    const y = await network.start('y', { peers: [addressOf(x)] });
    const z = await network.start('z', { peers: [addressOf(x), addressOf(y)] });
    await until('the triangle', () => (x.p2p?.peers().length === 2 && y.p2p?.peers().length === 2 ? true : undefined));
    await untilSameSink([x, y, z]);
    const before = z.p2p?.stats.relayBlocksReceived ?? 0;
    for (let i = 0; i < 10; i++) {
      await x.submitBlock(mineSimnetBlock(x.consensus), 'local');
      await untilSameSink([x, y, z]);
    }
    assert.equal((z.p2p?.stats.relayBlocksReceived ?? 0) - before, 10, 'each block fetched from one peer only');
  });
});

describe('simultaneous dials', () => {
  const network = new TestNetwork();
  after(() => network.close());

  it('two nodes that dial each other at once end with one connection and stay in sync', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await network.start(`sim-a${round}`);
      const b = await network.start(`sim-b${round}`);
      b.p2p?.addPeer(addressOf(a));
      a.p2p?.addPeer(addressOf(b));
      await until('one connection each way settled', () =>
        a.p2p?.peers().length === 1 && b.p2p?.peers().length === 1 ? true : undefined,
      );
      await a.submitBlock(mineSimnetBlock(a.consensus), 'local');
      await untilSameSink([a, b]);
      // Still one connection a while later: the loser of the race does not come back and replace the winner.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(a.p2p?.peers().length, 1);
      assert.equal(b.p2p?.peers().length, 1);
      await a.close();
      await b.close();
    }
  });
});

describe('mDNS', () => {
  const network = new TestNetwork();
  after(() => network.close());

  it('two nodes on one LAN (here: loopback) find and connect to each other with no address given', async () => {
    const a = await network.start('lan-a', { mdns: true, outboundPeers: 4 });
    const b = await network.start('lan-b', { mdns: true, outboundPeers: 4 });
    await until(
      'mDNS discovery and a connection',
      () => (connectedTo(a, b) || connectedTo(b, a) ? true : undefined),
      30_000,
    );
  });
});
