import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BlockJson, TransactionJson } from '../../../../src-shared/api.ts';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { testAddress, testKey } from '../../test-support/test-keys.ts';
import { parseBrokerUrl } from './external-broker.ts';
import { MqttError } from './mqtt-error.ts';
import { FundedNode, freePort, Mosquitto, NO_MOSQUITTO, Subscriber, until } from './mqtt-test-support.ts';
import { ALL_TOPIC_FILTERS, type SelectedTipJson } from './mqtt-topics.ts';

const bob = testKey('bob');
const KAS = 100_000_000n;
/** Short delays between attempts, so a test waits a fraction of a second for the reconnect. */
const QUICK_RETRY = { retry: { initialMs: 50, maxMs: 400 } };

describe('parseBrokerUrl', () => {
  it('takes mqtt:// and mqtts:// URLs and keeps their credentials out of the URL it reports', () => {
    assert.deepEqual(parseBrokerUrl('mqtt://127.0.0.1:1883'), {
      url: 'mqtt://127.0.0.1:1883',
      username: undefined,
      password: undefined,
    });
    assert.deepEqual(parseBrokerUrl('mqtts://node%40home:p%3Ass@broker.example:8883/'), {
      url: 'mqtts://broker.example:8883',
      username: 'node@home',
      password: 'p:ss',
    });
  });

  it('refuses what is not a broker URL, saying why', () => {
    for (const [text, why] of [
      ['localhost:1883', /mqtt:\/\/ or mqtts:\/\//],
      ['http://broker:80', /not http:/],
      ['mqtt://broker:1883/topic', /no path/],
      ['mqtt://broker:1883?x=1', /no path, query/],
      ['not a url', /not a URL/],
    ] as const) {
      assert.throws(
        () => parseBrokerUrl(text),
        (error) => error instanceof MqttError && error.code === 'BAD_URL' && why.test(error.message),
        text,
      );
    }
  });
});

describe('MQTT to an external broker (Debian mosquitto)', { skip: NO_MOSQUITTO }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-mosquitto-'));
  let mosquitto: Mosquitto;

  before(async () => {
    mosquitto = new Mosquitto(await freePort(), dir);
    await mosquitto.start();
  });
  after(async () => {
    await mosquitto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes there: a subscriber of the broker gets blocks, transactions and the tip', async () => {
    const funded = await FundedNode.start({ mqtt: { broker: mosquitto.url }, tuning: QUICK_RETRY, coins: 1 });
    const subscriber = await Subscriber.connect(mosquitto.url, ALL_TOPIC_FILTERS);
    try {
      const { node } = funded;
      assert.equal(node.mqttUrl, mosquitto.url);
      assert.equal(node.mqtt?.embedded, false);
      await until('the node to connect', () => (node.mqtt?.connected ? true : undefined));
      assert.ok(node.log.lines().some((line) => line.message === `MQTT: connected to ${mosquitto.url}`));
      const pay = funded.pay(funded.coins[0] as (typeof funded.coins)[number], [
        { value: 2n * KAS, scriptPublicKey: bob.script },
      ]);
      const b1 = await funded.mine({ transactions: [pay] });
      const b2 = await funded.mine();
      await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === b2);
      assert.deepEqual(
        (subscriber.on('dag/blocks') as BlockJson[]).map((block) => block.hash),
        [b1, b2],
      );
      const id = bytesToHex(transactionId(pay));
      const bobAddress = testAddress(bob);
      await subscriber.waitFor(`transactions/accepted/${bobAddress}`);
      assert.deepEqual(
        (subscriber.on(`transactions/${bobAddress}`) as TransactionJson[]).map((tx) => [tx.transactionId, tx.status]),
        [[id, 'unaccepted']],
      );
      assert.deepEqual(
        (subscriber.on(`transactions/accepted/${bobAddress}`) as TransactionJson[]).map((tx) => [
          tx.transactionId,
          tx.acceptingBlock,
        ]),
        [[id, b2]],
      );
      await until('the broker to confirm everything', () => (node.mqtt?.stats().queued === 0 ? true : undefined));
      assert.deepEqual(node.mqtt?.stats().dropped, 0);
    } finally {
      await subscriber.close();
      await funded.close();
    }
  });

  it('a broker down at the start: blocks import regardless, and the messages flow once it is up', async () => {
    // A persistent subscriber: the broker keeps its subscription, and what is published meanwhile, across a restart.
    const persistent = { clientId: 'dagwallet-test-persistent', clean: false };
    const first = await Subscriber.connect(mosquitto.url, ALL_TOPIC_FILTERS, persistent);
    await first.close();
    await mosquitto.stop();

    const funded = await FundedNode.start({ mqtt: { broker: mosquitto.url }, tuning: QUICK_RETRY, coins: 0 });
    let subscriber: Subscriber | undefined;
    try {
      const { node } = funded;
      await until('a failed attempt to be logged', () =>
        node.log
          .lines()
          .find((line) => line.level === 'warn' && line.message.startsWith(`MQTT: cannot reach ${mosquitto.url}`)),
      );
      assert.equal(node.mqtt?.connected, false);
      // Imports never wait for the broker: each resolves 'accepted' while nothing can be published.
      const hashes = [await funded.mine(), await funded.mine(), await funded.mine()];
      assert.equal(node.consensus.sink(), hashes[2]);
      assert.ok((node.mqtt?.stats().queued ?? 0) > 0, 'messages wait for the broker');
      assert.equal(node.mqtt?.stats().published, 0);

      await mosquitto.start();
      await until('the node to reconnect and publish what waited', () =>
        node.mqtt?.connected && node.mqtt.stats().queued === 0 ? true : undefined,
      );
      assert.equal(node.mqtt?.stats().dropped, 0);
      subscriber = await Subscriber.connect(mosquitto.url, [], persistent);
      await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === hashes[2]);
      assert.deepEqual(
        (subscriber.on('dag/blocks') as BlockJson[]).map((block) => block.hash),
        hashes,
        'every block, in order',
      );
      // And what comes after the reconnect goes straight through.
      const later = await funded.mine();
      await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === later);
      assert.equal(
        node.log.lines().filter((line) => line.message.startsWith(`MQTT: cannot reach`)).length,
        1,
        'the outage is logged once, not once per attempt',
      );
    } finally {
      await subscriber?.client.unsubscribeAsync([...ALL_TOPIC_FILTERS]);
      await subscriber?.close();
      await funded.close();
    }
  });

  it('a connection lost while publishing: unconfirmed messages go again after the reconnect, none lost', async () => {
    const persistent = { clientId: 'dagwallet-test-lost', clean: false };
    const first = await Subscriber.connect(mosquitto.url, ALL_TOPIC_FILTERS, persistent);
    await first.close();
    const funded = await FundedNode.start({ mqtt: { broker: mosquitto.url }, tuning: QUICK_RETRY, coins: 0 });
    let subscriber: Subscriber | undefined;
    try {
      const { node } = funded;
      await until('the node to connect', () => (node.mqtt?.connected ? true : undefined));
      const before = await funded.mine();
      await until('the broker to confirm', () => (node.mqtt?.stats().queued === 0 ? true : undefined));
      await mosquitto.stop();
      const during = [await funded.mine(), await funded.mine()];
      await until('the loss to be noticed', () => (node.mqtt?.connected === false ? true : undefined));
      await mosquitto.start();
      const afterwards = await funded.mine();
      await until('everything confirmed after the reconnect', () =>
        node.mqtt?.connected && node.mqtt.stats().queued === 0 ? true : undefined,
      );
      subscriber = await Subscriber.connect(mosquitto.url, [], persistent);
      await subscriber.waitFor('dag/selected-tip', (tip: SelectedTipJson) => tip.blockHash === afterwards);
      assert.deepEqual(
        [...new Set((subscriber.on('dag/blocks') as BlockJson[]).map((block) => block.hash))],
        [before, ...during, afterwards],
        'every block once at least (QoS 1 may repeat one the broker had but had not confirmed), in order',
      );
      assert.equal(node.mqtt?.stats().dropped, 0);
      assert.ok(
        node.log
          .lines()
          .some((line) => line.level === 'warn' && line.message.startsWith(`MQTT: cannot reach ${mosquitto.url}`)),
      );
    } finally {
      await subscriber?.client.unsubscribeAsync([...ALL_TOPIC_FILTERS]);
      await subscriber?.close();
      await funded.close();
    }
  });

  it('a broker that stays away: the queue holds at most its limit, drops the oldest, counts them and warns once', async () => {
    const closedPort = await freePort();
    const funded = await FundedNode.start({
      mqtt: { broker: `mqtt://127.0.0.1:${closedPort}` },
      tuning: { ...QUICK_RETRY, queueLimit: 5 },
      coins: 0,
    });
    try {
      const { node } = funded;
      for (let i = 0; i < 4; i++) await funded.mine();
      const stats = node.mqtt?.stats();
      assert.ok(stats);
      assert.equal(stats.queued, 5);
      assert.equal(stats.published, 0);
      // Per block at least dag/blocks, the coinbase's address, the chain and the tip: 16 or more, 5 kept.
      assert.ok(stats.dropped >= 11, `${stats.dropped} dropped`);
      const warnings = node.log.lines().filter((line) => line.message.includes('dropping the oldest'));
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.level, 'warn');
    } finally {
      await funded.close();
    }
  });
});
