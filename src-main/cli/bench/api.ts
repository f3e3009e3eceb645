import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import type { BlockJson, RestAddressTransactionsPage } from '../../../src-shared/rest-api.ts';
import { resolveConfig } from '../../node/config/config.ts';
import type { BlockKey } from '../../node/consensus/model/block-key.ts';
import { DagwalletNode } from '../../node/node.ts';
import { CONSENSUS_MIGRATIONS } from '../../node/store/consensus-schema.ts';
import {
  buildHistoryStore,
  HISTORY_STORE_NETWORK,
  HISTORY_STORE_VERSION,
  type HistoryStoreAddress,
  type HistoryStoreSummary,
} from '../../node/test-support/history-store.ts';
import { mineSimnetBlock } from '../../node/test-support/simnet.ts';
import { testKey } from '../../node/test-support/test-keys.ts';
import type { BenchFigure } from './figure.ts';

/** Payments in the store the REST figures are measured on (coinbases not counted). */
const TRANSACTIONS = 100_000;
const PAGE = 25;
/** Ordinary addresses whose whole history is walked page by page (every address gets its first page asked). */
const WALKED_ADDRESSES = 60;
/** First pages of the busy address asked, among the walks. */
const BUSY_FIRST_PAGES = 100;
/** Pages this deep and deeper (2,500 transactions in) count as deep. */
const DEEP_PAGE = 100;
const MQTT_BLOCKS = 200;
/**
 * The built store is kept in the system's temporary folder under this key: it changes with what
 * the builder makes and with the store's schema (a newer node may not read an older store the
 * same way), so a stale store is rebuilt rather than measured.
 */
const CACHE_KEY = `${HISTORY_STORE_VERSION}.schema-${CONSENSUS_MIGRATIONS.length}.tx-${TRANSACTIONS}`;
const CACHE_PREFIX = 'dagwallet-bench-api-';
/** A build this old was interrupted (one takes minutes), and its folder can go. */
const STALE_BUILD_MS = 60 * 60 * 1000;

/**
 * The node's APIs at scale, on a real DagwalletNode over a simnet store of 100,000 validated
 * payments (built once, then reused from the temporary folder while its key holds):
 * - GET /transactions/address/{addr}?limit=25 over HTTP: first pages and cursor-walked deep pages
 *   of the busy address (in tens of thousands of transactions) and of ordinary ones;
 * - from handing a block to the node to an MQTT client receiving it on dag/blocks from the
 *   node's embedded broker, over 200 blocks.
 */
export async function run(): Promise<BenchFigure[]> {
  let store = await cachedStore();
  let opened = await openCopy(store).catch((error: unknown) => {
    // A node changed in a way the key does not capture may read an old store differently: build anew, once.
    if (!store.reused) throw error;
    note(`api: the cached store failed its check (${(error as Error).message}); rebuilding it`);
    rmSync(store.cache, { recursive: true, force: true });
    return undefined;
  });
  if (opened === undefined) {
    store = await cachedStore();
    opened = await openCopy(store);
  }
  const { node, work, storeTransactions } = opened;
  const { summary } = store;
  try {
    note(
      store.reused
        ? `api: reusing the cached store (${store.cache}), built in ${seconds(summary.buildMs)} s`
        : `api: built the store in ${seconds(summary.buildMs)} s (signing ${seconds(summary.signMs)} s in a worker, consensus ${seconds(summary.consensusMs)} s) and cached it in ${store.cache}`,
    );
    const rest = await restFigures(node, summary);
    const mqttMs = await mqttLatencies(node);
    return [
      { name: 'rest_store_transactions', value: storeTransactions, unit: 'tx' },
      { name: 'rest_store_build_s', value: summary.buildMs / 1000, unit: 's' },
      { name: 'rest_store_build_tx_per_s', value: summary.transactions / (summary.buildMs / 1000), unit: 'tx/s' },
      ...rest,
      { name: 'mqtt_block_notification_p50_ms', value: percentile(mqttMs, 50), unit: 'ms' },
      { name: 'mqtt_block_notification_p99_ms', value: percentile(mqttMs, 99), unit: 'ms' },
    ];
  } finally {
    await node.close();
    rmSync(work, { recursive: true, force: true });
  }
}

interface CachedStore {
  /** The cache folder: the node's data folder in data/, the builder's summary in summary.json. */
  cache: string;
  summary: HistoryStoreSummary;
  reused: boolean;
}

/**
 * A node (REST on the API port, the embedded MQTT broker) on a copy of the cached store, which
 * stays as built (the node writes its wallet folder, and the MQTT blocks); checked to hold the
 * payments the summary says, accepted along the chain. The copy goes when the node is done.
 */
async function openCopy(store: CachedStore): Promise<{ node: DagwalletNode; work: string; storeTransactions: number }> {
  const work = mkdtempSync(join(tmpdir(), 'dagwallet-api-bench-run-'));
  let node: DagwalletNode | undefined;
  try {
    cpSync(join(store.cache, 'data'), join(work, 'data'), { recursive: true });
    node = await DagwalletNode.start(
      resolveConfig({
        network: HISTORY_STORE_NETWORK,
        dataDir: join(work, 'data'),
        rpcPort: 0,
        listen: [],
        mdns: false,
        mqtt: { broker: 'embedded', port: 0 },
      }),
      { version: 'bench', p2p: false, mqtt: true },
    );
    const storeTransactions = acceptedPayments(node);
    if (storeTransactions !== store.summary.transactions) {
      throw new Error(`the store holds ${storeTransactions} payments, its summary says ${store.summary.transactions}`);
    }
    return { node, work, storeTransactions };
  } catch (error) {
    await node?.close();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** The cached store, built first if missing or made under another key. */
async function cachedStore(): Promise<CachedStore> {
  const root = tmpdir();
  const cache = join(root, `${CACHE_PREFIX}${CACHE_KEY}`);
  const summaryPath = join(cache, 'summary.json');
  // Stores built under other keys are of no further use, nor interrupted builds (another run's may be under way).
  for (const entry of readdirSync(root)) {
    if (!entry.startsWith(CACHE_PREFIX) || entry === `${CACHE_PREFIX}${CACHE_KEY}`) continue;
    const path = join(root, entry);
    if (entry.includes('.building-') && Date.now() - statSync(path).mtimeMs < STALE_BUILD_MS) continue;
    rmSync(path, { recursive: true, force: true });
  }
  if (existsSync(summaryPath)) {
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as HistoryStoreSummary;
    return { cache, summary, reused: true };
  }
  rmSync(cache, { recursive: true, force: true });
  // Built beside the cache and renamed into place, so an interrupted build is never taken for a store.
  const building = mkdtempSync(join(root, `${CACHE_PREFIX}${CACHE_KEY}.building-`));
  try {
    note(`api: building a store of ${TRANSACTIONS.toLocaleString('en-US')} payments (about two minutes)...`);
    let reported = 0;
    const summary = await buildHistoryStore({
      dataDir: join(building, 'data'),
      transactions: TRANSACTIONS,
      onBlock: ({ transactions }) => {
        if (transactions - reported >= 20_000) {
          reported = transactions;
          note(`api: ${transactions.toLocaleString('en-US')} payments validated`);
        }
      },
    });
    writeFileSync(join(building, 'summary.json'), JSON.stringify(summary, null, 2));
    try {
      renameSync(building, cache);
    } catch (error) {
      // Another run cached the same store meanwhile: take that one.
      if (!existsSync(summaryPath)) throw error;
      rmSync(building, { recursive: true, force: true });
    }
    return { cache, summary, reused: false };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

/** Payments (non-coinbase transactions) accepted along the node's selected chain, counted from its transaction index. */
function acceptedPayments(node: DagwalletNode): number {
  const { consensus, transactionIndex } = node;
  let payments = 0;
  for (let block = consensus.sink(); block !== consensus.genesis;) {
    const merge = transactionIndex.merge(block);
    if (merge?.mergedBy !== block) throw new Error(`chain block ${block} is not indexed as one`);
    payments += (transactionIndex.transactionIdsOf(block)?.length ?? 1) - 1;
    block = (consensus.ghostdagData(block) as { selectedParent: BlockKey }).selectedParent;
  }
  return payments;
}

interface Timed<T> {
  ms: number;
  body: T;
}

/** GET `path` over a kept-alive connection; the time until the whole JSON body is read and parsed. */
function timedGet<T>(agent: Agent, origin: URL, path: string): Promise<Timed<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(new URL(path, origin), { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) {
          reject(new Error(`GET ${path}: ${response.statusCode} ${text.slice(0, 300)}`));
          return;
        }
        try {
          const body = JSON.parse(text) as T;
          resolve({ ms: performance.now() - started, body });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    request.on('error', reject);
  });
}

/**
 * The address-history figures. The mix: the busy address's history walked to its end by cursor
 * (deep pages included) and its first page asked again and again, the first page of every
 * ordinary address, and the whole history of some of them. Each walk must see exactly the
 * transactions the builder counted, or the figures would time a wrong answer.
 */
async function restFigures(node: DagwalletNode, summary: HistoryStoreSummary): Promise<BenchFigure[]> {
  const origin = new URL(node.rpcUrl as string);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const all: number[] = [];
  const firstPages: number[] = [];
  const deepPages: number[] = [];
  const page = (address: string, cursor: string | null) =>
    timedGet<RestAddressTransactionsPage>(
      agent,
      origin,
      `/transactions/address/${address}?limit=${PAGE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
  const walk = async ({ address, transactions }: HistoryStoreAddress): Promise<void> => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let depth = 0;
    do {
      const { ms, body } = await page(address, cursor);
      all.push(ms);
      (depth === 0 ? firstPages : depth >= DEEP_PAGE ? deepPages : []).push(ms);
      for (const tx of body.transactions) seen.add(tx.transactionId);
      cursor = body.nextCursor;
      depth++;
    } while (cursor !== null);
    if (seen.size !== transactions) {
      throw new Error(`walking ${address} found ${seen.size} transactions, the store holds ${transactions}`);
    }
  };
  try {
    for (let i = 0; i < 20; i++) await page(summary.busy.address, null); // warm up
    await walk(summary.busy);
    for (let i = 0; i < BUSY_FIRST_PAGES; i++) {
      const { ms } = await page(summary.busy.address, null);
      all.push(ms);
      firstPages.push(ms);
    }
    const stride = Math.max(1, Math.floor(summary.addresses.length / WALKED_ADDRESSES));
    for (const [i, address] of summary.addresses.entries()) {
      if (i % stride === 0) await walk(address);
      else {
        const { ms } = await page(address.address, null);
        all.push(ms);
        firstPages.push(ms);
      }
    }
  } finally {
    agent.destroy();
  }
  return [
    { name: 'rest_address_history_p50_ms', value: percentile(all, 50), unit: 'ms' },
    { name: 'rest_address_history_p99_ms', value: percentile(all, 99), unit: 'ms' },
    { name: 'rest_address_history_requests', value: all.length, unit: 'requests' },
    { name: 'rest_address_history_first_page_p50_ms', value: percentile(firstPages, 50), unit: 'ms' },
    { name: 'rest_address_history_deep_page_p99_ms', value: percentile(deepPages, 99), unit: 'ms' },
  ];
}

/**
 * Milliseconds from node.submitBlock to an MQTT client of the embedded broker receiving the
 * block on dag/blocks (QoS 1, as the node publishes), one block at a time. Mining the block is
 * not counted; its validation, the indexes, building the JSON and the broker's delivery are.
 */
async function mqttLatencies(node: DagwalletNode): Promise<number[]> {
  const url = node.mqttUrl;
  if (url === undefined) throw new Error('the node serves no MQTT');
  const client = await connectAsync(url, { reconnectPeriod: 0 });
  try {
    await client.subscribeAsync('dag/blocks', { qos: 1 });
    let delivered: ((message: { hash: string; at: number }) => void) | undefined;
    client.on('message', (_topic, payload) => {
      const at = performance.now();
      delivered?.({ hash: (JSON.parse(payload.toString('utf8')) as BlockJson).hash, at });
    });
    const payTo = testKey('bench miner').script;
    const latencies: number[] = [];
    for (let i = 0; i < MQTT_BLOCKS; i++) {
      const block = mineSimnetBlock(node.consensus, { payTo });
      const received = new Promise<{ hash: string; at: number }>((resolve) => (delivered = resolve));
      const started = performance.now();
      const outcome = await node.submitBlock(block, 'api');
      if (outcome.status !== 'accepted') throw new Error(`the node refused a block: ${JSON.stringify(outcome)}`);
      const { hash, at } = await withTimeout(received, 10_000, 'a block on dag/blocks');
      if (hash !== outcome.hash)
        throw new Error(`dag/blocks carried ${hash}, not the block submitted (${outcome.hash})`);
      latencies.push(at - started);
    }
    return latencies;
  } finally {
    await client.endAsync();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(0);
}

/** Notes go to stderr: stdout stays one `name: value unit` line per figure. */
function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
