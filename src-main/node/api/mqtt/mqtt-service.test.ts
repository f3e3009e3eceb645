import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, connectAsync, type IConnackPacket } from 'mqtt';
import type { BlockJson, TransactionJson } from '../../../../src-shared/api.ts';
import { resolveConfig } from '../../config/config.ts';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { DagwalletNode } from '../../node.ts';
import { testAddress, testKey } from '../../test-support/test-keys.ts';
import { explorerViews } from '../explorer-api-handlers.ts';
import { ENDPOINT_FILE, type NodeEndpoint } from '../node-endpoint.ts';
import { REFUSED_PUBLISH_MESSAGE } from './embedded-broker.ts';
import { MqttError } from './mqtt-error.ts';
import { FundedNode, Subscriber, until } from './mqtt-test-support.ts';
import {
  ALL_TOPIC_FILTERS,
  type SelectedParentChainJson,
  type SelectedTipJson,
  type UnacceptedTransactionJson,
} from './mqtt-topics.ts';

const [miner, bob, carol] = [testKey('miner'), testKey('bob'), testKey('carol')];
const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));
const KAS = 100_000_000n;

/** The fields of a published block that later blocks do not change. */
function settled(block: BlockJson): Partial<BlockJson> {
  const { hash, parents, timestamp, daaScore, blueScore, blueWork, transactions, selectedParent, utxoStatus } = block;
  return { hash, parents, timestamp, daaScore, blueScore, blueWork, transactions, selectedParent, utxoStatus };
}

/** The fields of a published transaction that do not depend on when it was published. */
function settledTx(tx: TransactionJson): Partial<TransactionJson> {
  const { transactionId: id, hash, inputs, outputs, fee, mass, isCoinbase, payload } = tx;
  return { transactionId: id, hash, inputs, outputs, fee, mass, isCoinbase, payload };
}

describe('MQTT with the embedded broker', () => {
  let funded: FundedNode;
  let subscriber: Subscriber;

  before(async () => {
    funded = await FundedNode.start({ coins: 2 });
    subscriber = await Subscriber.connect(funded.node.mqttUrl as string, ALL_TOPIC_FILTERS);
  });
  after(async () => {
    await subscriber.close();
    await funded.close();
  });

  it('listens on 127.0.0.1 (port 0 took a free one) and says where', () => {
    const { node } = funded;
    assert.match(node.mqttUrl ?? '', /^mqtt:\/\/127\.0\.0\.1:[1-9]\d*$/);
    assert.equal(node.mqtt?.embedded, true);
    assert.ok(
      node.log.lines().some((line) => line.message === `MQTT: embedded broker at ${node.mqttUrl}`),
      'the start is logged with the address',
    );
  });

  it("publishes each block, its transactions per address, then the chain's move and the new tip (Kasparov's topics)", async () => {
    const { node } = funded;
    const views = explorerViews(node);
    const payBob = funded.pay(funded.coins[0] as (typeof funded.coins)[number], [
      { value: 5n * KAS, scriptPublicKey: bob.script },
    ]);
    const b1 = await funded.mine({ transactions: [payBob] });
    const b2 = await funded.mine();
    await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === b2);

    const blocks = subscriber.on('dag/blocks') as BlockJson[];
    assert.deepEqual(
      blocks.map((block) => block.hash),
      [b1, b2],
    );
    for (const block of blocks) assert.deepEqual(settled(block), settled(views.blockJson(block.hash)));
    assert.deepEqual(
      blocks.map((block) => [block.isChainBlock, block.children]),
      [
        [true, []],
        [true, []],
      ],
      'as they were when each arrived: the sink, childless',
    );

    const bobAddress = testAddress(bob);
    const minerAddress = testAddress(miner);
    const now = views.transactionJson(idOf(payBob), payBob, node.transactionIndex.acceptance(idOf(payBob)), false);
    const included = subscriber.on(`transactions/${bobAddress}`) as TransactionJson[];
    assert.deepEqual(included.map(settledTx), [settledTx(now)]);
    assert.deepEqual(
      [included[0]?.status, included[0]?.blocks, included[0]?.acceptingBlock],
      ['unaccepted', [b1], null],
      'held by b1, accepted by nothing yet',
    );
    assert.deepEqual(
      included[0]?.inputs.map((input) => [input.address, input.amount]),
      [[minerAddress, funded.coins[0]?.entry.amount.toString()]],
      'the input with the address and amount it spends',
    );
    const accepted = subscriber.on(`transactions/accepted/${bobAddress}`) as TransactionJson[];
    assert.deepEqual(accepted.map(settledTx), [settledTx(now)]);
    assert.deepEqual([accepted[0]?.status, accepted[0]?.acceptingBlock], ['accepted', b2]);
    // The miner is on both sides of the payment (input and change): one message per address, not per side.
    assert.equal(
      (subscriber.on(`transactions/${minerAddress}`) as TransactionJson[]).filter(
        (tx) => tx.transactionId === idOf(payBob),
      ).length,
      1,
    );
    assert.deepEqual(subscriber.on(`transactions/unaccepted/${bobAddress}`), []);

    const chains = subscriber.on('dag/selected-parent-chain') as SelectedParentChainJson[];
    assert.deepEqual(chains.slice(-2), [
      {
        removedBlockHashes: [],
        addedBlocks: [{ hash: b1, acceptedTransactionIds: node.consensus.acceptedTransactions(b1).map(idOf) }],
      },
      {
        removedBlockHashes: [],
        addedBlocks: [{ hash: b2, acceptedTransactionIds: node.consensus.acceptedTransactions(b2).map(idOf) }],
      },
    ]);
    assert.ok(chains.at(-1)?.addedBlocks[0]?.acceptedTransactionIds.includes(idOf(payBob)));
    const header = node.consensus.header(b2);
    assert.deepEqual(subscriber.on('dag/selected-tip').at(-1), {
      blockHash: b2,
      blueScore: node.consensus.ghostdagData(b2)?.blueScore,
      daaScore: header?.daaScore,
      timestamp: header?.timestamp,
    });

    // b2's import, in order: the block, its transactions, what the chain accepted, the chain, the tip.
    const at = (topic: string, test: (json: never) => boolean = () => true) =>
      subscriber.messages.findIndex((message) => message.topic === topic && test(message.json as never));
    const order = [
      at('dag/blocks', (block: BlockJson) => block.hash === b2),
      at(`transactions/${minerAddress}`, (tx: TransactionJson) => tx.blocks.includes(b2)),
      at(`transactions/accepted/${bobAddress}`),
      at('dag/selected-parent-chain', (chain: SelectedParentChainJson) => chain.addedBlocks[0]?.hash === b2),
      at('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === b2),
    ];
    assert.ok(
      order.every((index) => index >= 0) && order.join() === [...order].sort((x, y) => x - y).join(),
      `${order}`,
    );
    assert.equal(funded.node.mqtt?.stats().dropped, 0);
  });

  it("refuses a client's publish to the node's topics: the client is cut off and nobody receives it", async () => {
    const { node } = funded;
    const spoofer = await connectAsync(node.mqttUrl as string, { reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => spoofer.once('close', () => resolve()));
    const refusedBefore = node.mqtt?.refusedPublishes ?? 0;
    spoofer.publish('dag/blocks', JSON.stringify({ hash: 'f'.repeat(64) }), { qos: 0 });
    await closed;
    assert.equal(node.mqtt?.refusedPublishes, refusedBefore + 1);
    assert.match(REFUSED_PUBLISH_MESSAGE, /only subscribe/);
    await spoofer.endAsync(true);
    // The next block is what subscribers get on dag/blocks: the spoof never went out.
    const seen = subscriber.on('dag/blocks').length;
    const next = await funded.mine();
    await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === next);
    assert.deepEqual(
      (subscriber.on('dag/blocks') as BlockJson[]).slice(seen).map((block) => block.hash),
      [next],
    );
    assert.ok(!subscriber.messages.some((message) => JSON.stringify(message.json).includes('f'.repeat(64))));
  });

  it('keeps no session for a client that asked for one: nothing is collected for it while it is away', async () => {
    const { node } = funded;
    const options = { clientId: 'dagwallet-test-away', clean: false, reconnectPeriod: 0 };
    const away = await connectAsync(node.mqttUrl as string, options);
    await away.subscribeAsync('dag/#', { qos: 1 });
    await away.endAsync();
    const missed = await funded.mine();
    await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === missed);
    const back = connect(node.mqttUrl as string, options);
    try {
      const received: { topic: string; hash: string }[] = [];
      back.on('message', (topic, payload) =>
        received.push({ topic, hash: (JSON.parse(payload.toString()) as BlockJson).hash }),
      );
      const connack = await new Promise<IConnackPacket>((resolve) => back.once('connect', resolve));
      assert.equal(connack.sessionPresent, false, 'no session was kept: no subscription, no messages kept for it');
      await back.subscribeAsync('dag/blocks', { qos: 1 });
      const next = await funded.mine();
      await until('the next block', () => (received.length > 0 ? true : undefined));
      assert.deepEqual(received, [{ topic: 'dag/blocks', hash: next }], 'from now on, and only that');
    } finally {
      await back.endAsync(true);
    }
  });

  it('a reorganisation publishes transactions/unaccepted/<address> before transactions/accepted/<address> for a moved payment', async () => {
    const { node } = funded;
    const carolAddress = testAddress(carol);
    const payCarol = funded.pay(funded.coins[1] as (typeof funded.coins)[number], [
      { value: 3n * KAS, scriptPublicKey: carol.script },
    ]);
    const fork = node.consensus.sink();
    const a1 = await funded.mine({ parents: [fork], transactions: [payCarol] });
    const a2 = await funded.mine({ parents: [a1] });
    const branch = [await funded.mine({ parents: [fork], transactions: [payCarol] })];
    for (let i = 0; i < 2; i++) branch.push(await funded.mine({ parents: [branch.at(-1) as BlockKey] }));
    await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === branch[2]);
    assert.equal(node.consensus.sink(), branch[2]);

    const about = (topic: string) =>
      subscriber.messages
        .map((message, index) => ({ ...message, index }))
        .filter(
          (message) => message.topic === topic && (message.json as TransactionJson).transactionId === idOf(payCarol),
        );
    for (const address of [carolAddress, testAddress(miner)]) {
      const unaccepted = about(`transactions/unaccepted/${address}`);
      const accepted = about(`transactions/accepted/${address}`);
      assert.equal(unaccepted.length, 1, `one unaccepted for ${address}`);
      assert.equal(accepted.length, 2, `accepted by a2, then again on the heavier branch, for ${address}`);
      const [first, again] = accepted as [(typeof accepted)[number], (typeof accepted)[number]];
      assert.equal((first.json as TransactionJson).acceptingBlock, a2);
      assert.equal(
        (unaccepted[0]?.json as UnacceptedTransactionJson).unacceptedBy,
        a2,
        'names the block that let it go',
      );
      const switched = unaccepted[0]?.index as number;
      assert.ok(first.index < switched && switched < again.index, `${first.index} < ${switched} < ${again.index}`);
      // Published once the switch is done: the payload says where the payment stands now.
      assert.equal((again.json as TransactionJson).acceptingBlock, branch[1]);
    }
    const reorg = subscriber.messages.findIndex(
      (message) =>
        message.topic === 'dag/selected-parent-chain' &&
        (message.json as SelectedParentChainJson).removedBlockHashes.length > 0,
    );
    const json = subscriber.messages[reorg]?.json as SelectedParentChainJson;
    assert.deepEqual(json.removedBlockHashes, [a2, a1]);
    assert.equal(json.addedBlocks[0]?.hash, branch[0]);
    assert.ok(reorg > (about(`transactions/accepted/${carolAddress}`)[1]?.index as number));
  });
});

describe('MQTT settings at start', () => {
  it('builds nothing while no client is connected to the embedded broker', async () => {
    const funded = await FundedNode.start({ coins: 0 });
    try {
      await funded.mine();
      assert.deepEqual(funded.node.mqtt?.stats(), { published: 0, queued: 0, dropped: 0, failed: 0 });
      const subscriber = await Subscriber.connect(funded.node.mqttUrl as string, ['dag/blocks']);
      try {
        const hash = await funded.mine();
        assert.deepEqual(
          ((await subscriber.waitFor('dag/blocks')) as BlockJson).hash,
          hash,
          'the first block after the client came',
        );
      } finally {
        await subscriber.close();
      }
    } finally {
      await funded.close();
    }
  });

  it('writes the broker to the endpoint file; a taken port fails the start with PORT_IN_USE; off is off', async () => {
    const first = await FundedNode.start({ coins: 0 });
    const root = mkdtempSync(join(tmpdir(), 'dagwallet-mqtt-start-'));
    try {
      const port = Number(new URL(first.node.mqttUrl as string).port);
      const taken = resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false });
      await assert.rejects(
        DagwalletNode.start({ ...taken, mqtt: { broker: 'embedded', port } }, { p2p: false, mqtt: true }),
        (error) => error instanceof MqttError && error.code === 'PORT_IN_USE' && /--mqtt-port/.test(error.message),
      );
      const node = await DagwalletNode.start(
        { ...taken, mqtt: { broker: 'embedded', port: 0 } },
        { p2p: false, mqtt: true },
      );
      try {
        const endpoint = JSON.parse(readFileSync(join(node.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint;
        assert.equal(endpoint.mqtt, node.mqttUrl);
      } finally {
        await node.close();
      }
      const off = await DagwalletNode.start({ ...taken, mqtt: { broker: 'off', port: 0 } }, { p2p: false, mqtt: true });
      try {
        assert.equal(off.mqttUrl, undefined);
        assert.ok(off.log.lines().some((line) => line.message === 'MQTT off'));
        const endpoint = JSON.parse(readFileSync(join(off.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint;
        assert.equal(endpoint.mqtt, undefined);
      } finally {
        await off.close();
      }
      // Without the option, a node embedded in a program (a test, many at once) leaves MQTT alone.
      const quiet = await DagwalletNode.start({ ...taken, mqtt: { broker: 'embedded', port } }, { p2p: false });
      try {
        assert.equal(quiet.mqtt, undefined);
        assert.ok(!quiet.log.lines().some((line) => line.message.startsWith('MQTT')));
      } finally {
        await quiet.close();
      }
    } finally {
      await first.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
