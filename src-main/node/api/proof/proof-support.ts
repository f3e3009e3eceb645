/**
 * Test support for the API proof (api-proof.test.ts, reorg-proof.test.ts): real nodes in
 * temporary folders with every API on, a raw JSON-RPC caller that keeps what went over the wire,
 * and blocks mined with the miner's own proof-of-work search on the parents a test chooses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { ApiErrorJson } from '../../../../src-shared/api.ts';
import { WebSocketNodeClient } from '../../../../src-shared/node-client.ts';
import type { BlockWithBody } from '../../chain/block-import-queue.ts';
import { resolveConfig } from '../../config/config.ts';
import type { Consensus } from '../../consensus/consensus.ts';
import { compactToTarget } from '../../consensus/difficulty/compact.ts';
import { prePowHash } from '../../consensus/hashing/header-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { BlockHeader } from '../../consensus/model/header.ts';
import type { ScriptPublicKey, Transaction } from '../../consensus/model/transaction.ts';
import { PowState, targetToLeBytes } from '../../crypto/pow/kheavyhash.ts';
import { NonceCursor, searchNonces } from '../../mining/nonce-search.ts';
import { DagwalletNode, type NodeOptions } from '../../node.ts';
import { BURN_SCRIPT } from '../../test-support/simnet.ts';
import { RpcClient } from '../json-rpc/rpc-client.ts';
import { ENDPOINT_FILE, type NodeEndpoint } from '../node-endpoint.ts';

export type ProofNetwork = 'devnet' | 'simnet';

/** A running node with its API clients; `close` stops it and removes its folder. */
export interface ProofNode {
  readonly node: DagwalletNode;
  /** This run's API token, read from the node's folder as a local client does. */
  readonly token: string;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  readonly rpc: RpcClient;
  readonly ws: WebSocketNodeClient;
  /** The embedded MQTT broker's URL, when the node runs one. */
  readonly mqttUrl: string | undefined;
  close(): Promise<void>;
}

export interface StartProofNodeOptions {
  /** P2P on (default false); with it, `listen` multiaddrs (default none). */
  p2p?: boolean;
  listen?: string[];
  /** The local API (default true); without it there are no clients. */
  rpc?: boolean;
  /** An embedded MQTT broker on a free loopback port (default false). */
  mqtt?: boolean;
  options?: NodeOptions;
}

/** A node on `network` in a fresh temporary folder, the local API on a free port, no mDNS. */
export async function startProofNode(network: ProofNetwork, options: StartProofNodeOptions = {}): Promise<ProofNode> {
  const root = mkdtempSync(join(tmpdir(), `dagwallet-proof-${network}-`));
  let node: DagwalletNode;
  try {
    node = await DagwalletNode.start(
      resolveConfig({
        network,
        dataDir: root,
        rpcPort: 0,
        listen: options.listen ?? [],
        mdns: false,
        outboundPeers: 0,
        mining: { threads: 1 },
        mqtt: { broker: 'embedded', port: 0 },
      }),
      {
        version: 'test',
        rpc: options.rpc ?? true,
        p2p: options.p2p ?? false,
        mqtt: options.mqtt ?? false,
        ...options.options,
      },
    );
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  node.events.on('closed', () => rmSync(root, { recursive: true, force: true }));
  if (options.rpc === false) {
    const unavailable = new Proxy({}, { get: () => assert.fail('this proof node serves no API') });
    return {
      node,
      token: '',
      base: '',
      rpc: unavailable as RpcClient,
      ws: unavailable as WebSocketNodeClient,
      mqttUrl: node.mqttUrl,
      close: () => node.close(),
    };
  }
  const endpoint = JSON.parse(readFileSync(join(node.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint;
  const ws = await WebSocketNodeClient.connect(node.wsUrl as string, endpoint.token, { reconnect: { maxAttempts: 0 } });
  return {
    node,
    token: endpoint.token,
    base: new URL(endpoint.url).origin,
    rpc: new RpcClient(endpoint.url, endpoint.token),
    ws,
    mqttUrl: node.mqttUrl,
    async close() {
      ws.close();
      await node.close();
    },
  };
}

/** A JSON-RPC reply as it came over HTTP, with the HTTP status. */
export interface RawReply {
  status: number;
  result?: unknown;
  error?: { code: number; message: string; data: ApiErrorJson };
}

/** POSTs `body` (an object is sent as JSON, a string as it is) to /rpc with the node's token unless told otherwise. */
export async function postRpc(
  target: ProofNode,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${target.token}` },
): Promise<RawReply> {
  const response = await fetch(`${target.base}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let reply: Omit<RawReply, 'status'>;
  try {
    reply = JSON.parse(text) as Omit<RawReply, 'status'>;
  } catch {
    assert.fail(`HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, ...reply };
}

/** One JSON-RPC 2.0 call with raw params (anything a client might send). */
export function rawCall(target: ProofNode, method: string, params: unknown): Promise<RawReply> {
  return postRpc(target, { jsonrpc: '2.0', id: 1, method, params });
}

/**
 * The nonce search the miner's workers run (nonce-search.ts), from nonce 0 on this thread: the
 * first nonce that passes. It yields to the event loop between batches, so the node keeps serving
 * (and timing out idle connections on time) while a devnet block is being found.
 */
export async function solveProofOfWork(header: BlockHeader): Promise<BlockHeader> {
  const state = new PowState(prePowHash(header), header.timestamp);
  const target = targetToLeBytes(compactToTarget(header.bits));
  const cursor = new NonceCursor(0n, 1);
  for (;;) {
    const { nonce } = searchNonces(state, target, cursor, 10_000);
    if (nonce !== undefined) return { ...header, nonce };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface MineOptions {
  /** Default: the virtual's parents. */
  parents?: readonly BlockKey[];
  /** Whom the coinbase pays (default: a burn script). */
  payTo?: ScriptPublicKey;
  transactions?: readonly Transaction[];
  /** The coinbase's free text (default none): two blocks on the same parents paying the same script differ by it. */
  extraData?: string;
}

/** A block on `consensus` (not submitted), its proof of work found like the miner finds it. */
export async function mineBlock(consensus: Consensus, options: MineOptions = {}): Promise<BlockWithBody> {
  const template = consensus.blockTemplate(options.parents ?? consensus.virtualState().parents, {
    timestamp: Date.now(),
    coinbaseData: {
      scriptPublicKey: options.payTo ?? BURN_SCRIPT,
      extraData: new TextEncoder().encode(options.extraData ?? ''),
    },
    transactions: options.transactions,
  });
  return { header: await solveProofOfWork(template.header), transactions: template.transactions };
}

/** Mines a block on the node's consensus, submits it as the node's own and checks it was accepted; its hash. */
export async function mineOnNode(node: DagwalletNode, options: MineOptions = {}): Promise<BlockKey> {
  const outcome = await node.submitBlock(await mineBlock(node.consensus, options), 'local');
  assert.equal(outcome.status, 'accepted', JSON.stringify(outcome));
  if (outcome.status === 'accepted') assert.equal(outcome.utxo.status, 'valid');
  return outcome.hash;
}

/** A REST reply: status, headers, and the body parsed as JSON. */
export interface RestReply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One REST request to the node's API port (no token unless `token` is true). */
export async function restCall<T = unknown>(
  target: ProofNode,
  method: string,
  path: string,
  init: { body?: string; token?: boolean; headers?: Record<string, string> } = {},
): Promise<RestReply<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${target.token}`;
  const response = await fetch(`${target.base}${path}`, { method, headers, body: init.body });
  const text = await response.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    assert.fail(`${method} ${path}: HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

export interface MqttMessage {
  topic: string;
  /** The payload parsed as JSON. */
  payload: unknown;
}

/** An MQTT subscriber that keeps every message it receives, in order. */
export interface MqttListener {
  readonly client: MqttClient;
  readonly messages: MqttMessage[];
  /** The messages on one topic, in order. */
  on(topic: string): unknown[];
  close(): Promise<void>;
}

/** Connects to `url` and subscribes to `filters` at QoS 1; resolves once the broker granted them. */
export async function listenMqtt(url: string, filters: readonly string[]): Promise<MqttListener> {
  const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 10_000, clean: true });
  const messages: MqttMessage[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: JSON.parse(payload.toString('utf8')) }));
  const granted = await client.subscribeAsync([...filters], { qos: 1 });
  assert.deepEqual(
    granted.map((grant) => grant.qos),
    filters.map(() => 1),
  );
  return {
    client,
    messages,
    on: (topic) => messages.filter((message) => message.topic === topic).map((message) => message.payload),
    close: () => client.endAsync(true),
  };
}

/**
 * One HTTP request with exactly the headers given (Host included, which fetch will not forge),
 * as a foreign page or a DNS-rebinding attacker would send it; the reply's status and JSON body.
 */
export function rawHttp(
  target: ProofNode,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: unknown }> {
  const url = new URL(target.base);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error as Error);
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
