/**
 * Test support for the MQTT tests (not used by the node): a simnet node with spendable coins, MQTT
 * subscribers that record what they receive, and Debian's mosquitto as an external broker.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { type ConfigFile, networkDir, resolveConfig } from '../../config/config.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction, TransactionOutput } from '../../consensus/model/transaction.ts';
import { DagwalletNode } from '../../node.ts';
import { type SpendableOutput, signTransaction } from '../../test-support/signing.ts';
import { SimnetChain } from '../../test-support/simnet-chain.ts';
import { mineSimnetBlock } from '../../test-support/simnet.ts';
import { testKey } from '../../test-support/test-keys.ts';
import { until } from '../../test-support/p2p-nodes.ts';
import type { MqttTuning } from './mqtt-service.ts';

export { until };

export const MOSQUITTO = '/usr/sbin/mosquitto';
/** Why the external-broker tests cannot run here, or false when they can. */
export const NO_MOSQUITTO = existsSync(MOSQUITTO) ? false : `${MOSQUITTO} is missing (apt-get install mosquitto)`;

const miner = testKey('miner');

/** A simnet node on a temporary folder whose miner key owns `coins` mature coinbase outputs. */
export class FundedNode {
  readonly node: DagwalletNode;
  readonly root: string;
  /** Mature coinbase outputs paying testKey('miner'), unspent at the start. */
  readonly coins: SpendableOutput[];

  private constructor(node: DagwalletNode, root: string, coins: SpendableOutput[]) {
    this.node = node;
    this.root = root;
    this.coins = coins;
  }

  /** Mines the funding chain on the node's own store, then starts the node on it (no API, no P2P). */
  static async start(
    options: { mqtt?: ConfigFile['mqtt']; mqttOn?: boolean; tuning?: MqttTuning; coins?: number } = {},
  ): Promise<FundedNode> {
    const root = mkdtempSync(join(tmpdir(), 'dagwallet-mqtt-'));
    const config = resolveConfig({
      network: 'simnet',
      dataDir: root,
      listen: [],
      mdns: false,
      mqtt: options.mqtt ?? { broker: 'embedded', port: 0 },
    });
    mkdirSync(networkDir(config), { recursive: true });
    const chain = SimnetChain.open({ path: join(networkDir(config), 'consensus.sqlite') });
    chain.mineChain(100 + (options.coins ?? 4) + 2);
    const coins = chain.matureCoinbaseOutputs().slice(0, options.coins ?? 4);
    chain.close();
    try {
      const node = await DagwalletNode.start(config, {
        rpc: false,
        p2p: false,
        mqtt: options.mqttOn ?? true,
        mqttTuning: options.tuning,
      });
      return new FundedNode(node, root, coins);
    } catch (error) {
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Spends `coin` (the miner's) to `outputs`, the rest going back to the miner less a fee. */
  pay(coin: SpendableOutput, outputs: readonly TransactionOutput[]): Transaction {
    const paid = outputs.reduce((sum, output) => sum + output.value, 0n);
    return signTransaction(
      [{ ...coin, secretKey: miner.secretKey }],
      [...outputs, { value: coin.entry.amount - paid - 10_000n, scriptPublicKey: miner.script }],
    );
  }

  /** Mines a block (on the virtual's parents unless told) and imports it through the node; throws unless accepted. */
  async mine(
    options: { parents?: readonly BlockKey[]; transactions?: readonly Transaction[] } = {},
  ): Promise<BlockKey> {
    const block = mineSimnetBlock(this.node.consensus, {
      payTo: miner.script,
      parents: options.parents,
      transactions: options.transactions,
    });
    const outcome = await this.node.submitBlock(block);
    assert.equal(outcome.status, 'accepted', JSON.stringify(outcome));
    return outcome.hash;
  }

  async close(): Promise<void> {
    try {
      await this.node.close();
    } finally {
      rmSync(this.root, { recursive: true, force: true });
    }
  }
}

export interface ReceivedMessage {
  topic: string;
  /** The payload, parsed as JSON. */
  json: unknown;
}

/** An MQTT client that records every message it receives, in order. */
export class Subscriber {
  readonly client: MqttClient;
  readonly messages: ReceivedMessage[] = [];

  private constructor(client: MqttClient) {
    this.client = client;
    // Errors end the connection, which the tests see; unheard, an 'error' event would throw.
    client.on('error', () => {});
    client.on('message', (topic, payload) => {
      let json: unknown;
      try {
        json = JSON.parse(payload.toString());
      } catch {
        json = payload.toString();
      }
      this.messages.push({ topic, json });
    });
  }

  /** Connects to `url` and subscribes to `filters` at QoS 1. */
  static async connect(url: string, filters: readonly string[], options: IClientOptions = {}): Promise<Subscriber> {
    // Listening before the connection is up: a persistent session's waiting messages follow the CONNACK at once.
    const client = connect(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...options });
    const subscriber = new Subscriber(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    if (filters.length > 0) await client.subscribeAsync([...filters], { qos: 1 });
    return subscriber;
  }

  /** The messages on one topic, their payloads in order. */
  on(topic: string): unknown[] {
    return this.messages.filter((message) => message.topic === topic).map((message) => message.json);
  }

  /** Waits for a message on `topic` whose payload passes `test` (all of them by default). */
  waitFor(topic: string, test: (json: never) => boolean = () => true, timeoutMs = 30_000): Promise<unknown> {
    return until(
      `a message on ${topic}`,
      () => this.messages.find((message) => message.topic === topic && test(message.json as never))?.json,
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for mosquitto, which cannot take port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Debian's mosquitto on 127.0.0.1:`port`, anonymous, its sessions kept in `dir` across restarts
 * (a persistent subscriber then gets what was published while it was away).
 */
export class Mosquitto {
  readonly port: number;
  readonly dir: string;
  #child: ChildProcess | undefined;
  #output = '';

  constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        // Started as root, mosquitto switches to this user: stay ourselves, so it can write its sessions here.
        `user ${userInfo().username}`,
        'persistence true',
        `persistence_location ${dir}/`,
        'log_dest stderr',
        '',
      ].join('\n'),
    );
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Starts the broker and waits until it accepts connections. */
  async start(): Promise<void> {
    assert.equal(this.#child, undefined, 'mosquitto is already running');
    const child = spawn(MOSQUITTO, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    await until(
      `mosquitto on port ${this.port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}:\n${this.#output}`);
        return (await accepts(this.port)) ? true : undefined;
      },
      20_000,
    );
  }

  /** Stops the broker (it saves its sessions) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  output(): string {
    return this.#output;
  }
}
