import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { bytesToHex } from '../encoding/hex.ts';
import type { DagwalletNode } from '../node.ts';
import { addressOf, TestNetwork, until, untilSameSink } from '../test-support/p2p-nodes.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { remine } from '../test-support/remine.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';

async function mineAt(node: DagwalletNode): Promise<string> {
  const outcome = await node.submitBlock(mineSimnetBlock(node.consensus), 'local');
  assert.equal(outcome.status, 'accepted');
  return outcome.hash;
}

/** A block from the node's own template, so it carries the node's pool transactions. */
async function mineTemplateAt(node: DagwalletNode): Promise<string> {
  const template = node.templates.build(testAddress(testKey('miner')));
  const outcome = await node.submitBlock(
    { header: remine(template.header), transactions: template.transactions },
    'local',
  );
  assert.equal(outcome.status, 'accepted');
  return outcome.hash;
}

function utxoCommitment(node: DagwalletNode): string {
  const multiset = node.consensus.sinkMultiset();
  assert.ok(multiset, 'the sink has a UTXO state');
  return bytesToHex(multiset.finalize());
}

describe('five nodes in a line', () => {
  const network = new TestNetwork();
  const nodes: DagwalletNode[] = [];
  let payment = '';
  let paymentTx: ReturnType<SimnetChain['sign']>;

  before(async () => {
    // Node 0 starts with a funded chain (coinbases to the test miner key, some mature).
    const chain = SimnetChain.open({ path: join(network.networkDir('n0'), 'consensus.sqlite') });
    chain.mineChain(chain.params.coinbaseMaturity + 10);
    const coin = chain.matureCoinbase();
    paymentTx = chain.sign([coin], [{ value: coin.entry.amount - 10_000n, scriptPublicKey: testKey('bob').script }]);
    payment = bytesToHex(transactionId(paymentTx));
    chain.close();
    nodes.push(await network.start('n0'));
    for (let i = 1; i < 5; i++)
      nodes.push(await network.start(`n${i}`, { peers: [addressOf(nodes[i - 1] as DagwalletNode)] }));
    await untilSameSink(nodes);
  });
  after(() => network.close());

  it('is a line: the ends are not connected to each other', () => {
    const [first, , , , last] = nodes as [DagwalletNode, DagwalletNode, DagwalletNode, DagwalletNode, DagwalletNode];
    assert.equal(first.p2p?.peers().length, 1);
    assert.equal(last.p2p?.peers().length, 1);
    for (const middle of nodes.slice(1, 4)) assert.equal(middle.p2p?.peers().length, 2);
  });

  it('a block mined at one end reaches the other end', async () => {
    const hash = await mineAt(nodes[0] as DagwalletNode);
    await until('the far end to hold the block', () => (nodes[4]?.consensus.store.bodies.has(hash) ? true : undefined));
    const back = await mineAt(nodes[4] as DagwalletNode);
    await until('the first node to hold the block from the far end', () =>
      nodes[0]?.consensus.store.bodies.has(back) ? true : undefined,
    );
    await untilSameSink(nodes);
  });

  it('a transaction sent at one end reaches the far end’s pool, and a block there confirms it everywhere', async () => {
    (nodes[0] as DagwalletNode).submitTransaction(paymentTx);
    await until('the far end’s pool to hold the payment', () => (nodes[4]?.mempool.has(payment) ? true : undefined));
    for (const node of nodes) assert.ok(node.mempool.has(payment), 'every node on the way holds it');
    await mineTemplateAt(nodes[4] as DagwalletNode);
    await untilSameSink(nodes);
    await until('every pool to drop the mined payment', () =>
      nodes.every((node) => !node.mempool.has(payment)) ? true : undefined,
    );
  });
});

describe('a partition heals', () => {
  const network = new TestNetwork();
  let a1: DagwalletNode, a2: DagwalletNode, b1: DagwalletNode, b2: DagwalletNode;
  after(() => network.close());

  it('two groups mine apart, then reconnect and agree on one sink and UTXO commitment', async () => {
    a1 = await network.start('a1');
    a2 = await network.start('a2', { peers: [addressOf(a1)] });
    b1 = await network.start('b1', { peers: [addressOf(a2)] });
    b2 = await network.start('b2', { peers: [addressOf(b1)] });
    const all = [a1, a2, b1, b2];
    for (let i = 0; i < 3; i++) await mineAt(a1);
    await untilSameSink(all);

    // Cut the only link between the groups.
    const bridge = addressOf(a2);
    assert.ok(b1.p2p?.removePeer(bridge));
    await until('the groups to separate', () => (a2.p2p?.peers().length === 1 ? true : undefined));

    for (let i = 0; i < 5; i++) await mineAt(a1);
    for (let i = 0; i < 8; i++) await mineAt(b2);
    await untilSameSink([a1, a2]);
    await untilSameSink([b1, b2]);
    assert.notEqual(a1.consensus.sink(), b1.consensus.sink(), 'the groups diverged');

    b1.p2p?.addPeer(bridge);
    const sink = await untilSameSink(all);
    const commitment = utxoCommitment(a1);
    for (const node of all) {
      assert.equal(node.consensus.sink(), sink);
      assert.equal(utxoCommitment(node), commitment);
      assert.equal(node.consensus.blockCount(), 1 + 3 + 5 + 8);
    }
  });
});

describe('a node between two strangers', () => {
  const network = new TestNetwork();
  after(() => network.close());

  it('syncs both branches one after the other, and both strangers then sync from it', async () => {
    for (const [name, payee] of [
      ['left', 'alice'],
      ['right', 'bob'],
    ] as const) {
      const chain = SimnetChain.open({ path: join(network.networkDir(name), 'consensus.sqlite') });
      chain.mineChain(300, { payTo: testKey(payee).script });
      chain.close();
    }
    const left = await network.start('left');
    const right = await network.start('right');
    const middle = await network.start('middle', { peers: [addressOf(left), addressOf(right)] });
    await untilSameSink([left, middle, right], 120_000);
    for (const node of [left, middle, right]) assert.equal(node.consensus.blockCount(), 1 + 300 + 300);
    assert.equal(utxoCommitment(left), utxoCommitment(right));
  });
});
