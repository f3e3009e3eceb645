import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { nodeApiHandlers } from '../api/node-api-handlers.ts';
import type { DagwalletNode } from '../node.ts';
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

  it('the node API lists peers, bans, unbans and adds peers, refusing bad input with typed errors', async () => {
    const [a, b] = network.nodes as [DagwalletNode, DagwalletNode];
    const api = nodeApiHandlers(b);
    const info = await api.getInfo({});
    assert.ok(info.peerCount >= 1);
    assert.equal(info.sync, null);
    const peers = await api.getConnectedPeerInfo({});
    const toA = peers.find((peer) => peer.peerId === a.p2p?.peerId);
    assert.ok(toA, 'A is listed');
    assert.equal(toA.direction, 'outbound');
    assert.equal(toA.userAgent, '/dagwallet:test/');
    assert.equal(toA.selectedTip.length, 64);

    const ban = await api.ban({ peerId: toA.peerId, reason: 'testing bans', durationMs: 60_000 });
    assert.equal(ban.peerId, toA.peerId);
    assert.equal(ban.ip, null, 'loopback addresses are never banned');
    await until('A to be disconnected', () =>
      b.p2p?.peers().every((peer) => peer.peerId !== toA.peerId) ? true : undefined,
    );
    assert.deepEqual(
      (await api.getPeerAddresses({})).bans.map((record) => record.reason),
      ['testing bans'],
    );
    assert.deepEqual(await api.unban({ target: toA.peerId }), { removed: true });
    assert.deepEqual((await api.getPeerAddresses({})).bans, []);
    await until('B to redial A, a configured peer, once the ban is lifted', () =>
      b.p2p?.peers().some((peer) => peer.peerId === toA.peerId) ? true : undefined,
    );

    await assert.rejects(api.addPeer({ address: 'not a multiaddr' }), { code: 'BAD_ADDRESS' });
    await assert.rejects(api.addPeer({ address: '/ip4/127.0.0.1/udp/1' }), { code: 'BAD_ADDRESS' });
    await assert.rejects(api.ban({ peerId: 'nobody' }), { name: 'PeerStoreError' });
    await assert.rejects(api.ban({ peerId: toA.peerId, durationMs: -5 }), { code: 'BAD_PARAMS' });
  });
});
