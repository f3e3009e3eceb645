/**
 * Test support (not used by the node): a simnet store full of ordinary payments, for benchmarks
 * and tests of address history at scale. Every block goes through real consensus validation
 * (SimnetChain: proof of work, body, UTXO and Schnorr signatures), and the node's own indexes
 * follow the chain as it grows, exactly as they do in a running node; nothing is written to the
 * store behind consensus' back.
 *
 * The coins: a few coinbases are split among a few hundred addresses, then every block spends
 * coins created in earlier blocks with one-input, two-output payments (payment plus change back
 * to the sender), so coins circulate. Every `busyEvery`-th payment of a block pays the busy
 * address, which therefore ends up in tens of thousands of transactions in a large store. A
 * worker thread signs the next blocks' payments while consensus validates the current one.
 *
 *   const summary = await buildHistoryStore({ dataDir, transactions: 2_000 });
 *   // then: DagwalletNode.start(resolveConfig({ network: 'simnet', dataDir, ... }))
 */
import { on } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { AddressIndex } from '../index/address-index.ts';
import { TransactionIndex } from '../index/transaction-index.ts';
import {
  BUSY,
  type FromPlannerMessage,
  type PaymentPlan,
  type PlannedCoin,
  type ToPlannerMessage,
} from './history-store-payments.ts';
import { SimnetChain } from './simnet-chain.ts';
import { testAddress, type TestKey, testKey } from './test-keys.ts';

/**
 * What the builder makes of the same options; part of a cache key, so a benchmark that keeps a
 * built store rebuilds it when this changes.
 */
export const HISTORY_STORE_VERSION = 'history-store-1';

/** The network a history store is built for: a DagwalletNode on `network: 'simnet'` opens it. */
export const HISTORY_STORE_NETWORK = 'simnet';

/** How to build a history store; every field but the folder and the size has a default. */
export interface HistoryStoreOptions {
  /** A node's data folder (config.dataDir): the store goes to <dataDir>/simnet/consensus.sqlite, which must not exist yet. */
  dataDir: string;
  /** At least this many payments (transactions besides coinbases); whole blocks are mined, so a few more may come. */
  transactions: number;
  /** Payments per block (default 230: a 1-input, 2-output P2PK payment weighs ~2,100 grams of 500,000). */
  transactionsPerBlock?: number;
  /** How many ordinary addresses the coins circulate between (default 300). */
  addresses?: number;
  /** Every n-th payment of a block pays the busy address (default 4). */
  busyEvery?: number;
  /** Picks recipients and amounts (default 1): the same options build the same blocks. */
  seed?: number;
  /** Called after each block of payments, for progress output. */
  onBlock?: (progress: { blocks: number; transactions: number }) => void;
}

/** An address of a history store and how many accepted transactions touch it (pay it or spend from it). */
export interface HistoryStoreAddress {
  address: string;
  transactions: number;
}

/** What was built, in plain JSON (a benchmark keeps it beside a cached store). */
export interface HistoryStoreSummary {
  version: string;
  /** Payments mined and accepted by the selected chain (coinbases not counted). */
  transactions: number;
  /** Blocks mined on top of genesis, coinbase-only ones included. */
  blocks: number;
  /** The address a share of every block pays. */
  busy: HistoryStoreAddress;
  /** The ordinary addresses, in the order of their keys (`historyStoreKey(i)`). */
  addresses: HistoryStoreAddress[];
  /** Wall time of the whole build. */
  buildMs: number;
  /** Time spent signing (in the worker, alongside consensus). */
  signMs: number;
  /** Time spent in consensus (mining templates, validating, committing; the indexes' writes included). */
  consensusMs: number;
}

/** The key of ordinary address `i` of a history store. */
export function historyStoreKey(i: number): TestKey {
  return testKey(`history store address ${i}`);
}

/** The key of a history store's busy address. */
export function historyStoreBusyKey(): TestKey {
  return testKey('history store busy address');
}

/** How many outputs one split of a coinbase makes (~400 grams each). */
const SPLIT_OUTPUTS = 100;

/**
 * Builds the store: coinbases (matured), a block splitting some of them among the addresses,
 * blocks of payments until `transactions` are mined, and one empty block so the last payments
 * are accepted by the selected chain too. Rejects if any block fails validation.
 */
export async function buildHistoryStore(options: HistoryStoreOptions): Promise<HistoryStoreSummary> {
  const started = performance.now();
  const perBlock = options.transactionsPerBlock ?? 230;
  const addressCount = options.addresses ?? 300;
  const keys = Array.from({ length: addressCount }, (_, i) => historyStoreKey(i));
  const busyKey = historyStoreBusyKey();
  const touched = new Map<number, number>();
  const touch = (owner: number) => touched.set(owner, (touched.get(owner) ?? 0) + 1);

  const dir = join(options.dataDir, HISTORY_STORE_NETWORK);
  mkdirSync(dir, { recursive: true });
  const chain = SimnetChain.open({ path: join(dir, 'consensus.sqlite') });
  // Attached as a node attaches them: they write their rows after each chain change.
  const addressIndex = AddressIndex.attach(chain.consensus);
  const transactionIndex = TransactionIndex.attach(chain.consensus);
  let consensusMs = 0;
  const timed = <T>(body: () => T): T => {
    const start = performance.now();
    try {
      return body();
    } finally {
      consensusMs += performance.now() - start;
    }
  };
  let worker: Worker | undefined;
  try {
    // Enough coinbases that the split block pays every address and fills the first block of payments.
    const splits = Math.ceil(Math.max(addressCount, perBlock) / SPLIT_OUTPUTS);
    // A coinbase is created when the next block accepts it, and matures coinbaseMaturity later.
    timed(() => chain.mineChain(chain.params.coinbaseMaturity + splits + 1));
    const coinbases = chain.matureCoinbaseOutputs().slice(0, splits);
    if (coinbases.length < splits) throw new Error(`only ${coinbases.length} of ${splits} coinbases matured`);
    const coins: PlannedCoin[] = [];
    const splitTxs = coinbases.map((coinbase, s) => {
      const owners = Array.from({ length: SPLIT_OUTPUTS }, (_, i) => (s * SPLIT_OUTPUTS + i) % addressCount);
      const amount = (coinbase.entry.amount - 100_000n) / BigInt(SPLIT_OUTPUTS);
      const tx = chain.sign(
        [coinbase],
        owners.map((owner) => ({ value: amount, scriptPublicKey: (keys[owner] as TestKey).script })),
      );
      const id = transactionId(tx);
      owners.forEach((owner, index) => coins.push({ transactionId: id, index, amount, owner }));
      new Set(owners).forEach(touch);
      return tx;
    });
    timed(() => chain.mine({ transactions: splitTxs }));

    const plan: PaymentPlan = {
      keys: keys.map(({ secretKey, script }) => ({ secretKey, script })),
      busy: { secretKey: busyKey.secretKey, script: busyKey.script },
      coins,
      payments: Math.max(0, options.transactions - splitTxs.length),
      perBlock,
      busyEvery: options.busyEvery ?? 4,
      seed: options.seed ?? 1,
    };
    worker = new Worker(new URL('./history-store-worker.ts', import.meta.url), { workerData: plan });
    const more: ToPlannerMessage = { kind: 'more' };
    let payments = splitTxs.length;
    let blocks = 0;
    let signMs = 0;
    let planned: FromPlannerMessage | undefined;
    for await (const [message] of on(worker, 'message', { close: ['exit'] })) {
      planned = message as FromPlannerMessage;
      if (planned.kind !== 'block') break;
      // Asked before validating, so the worker signs the next block meanwhile.
      worker.postMessage(more);
      signMs += planned.signMs;
      const transactions = planned.transactions;
      timed(() => chain.mine({ transactions }));
      payments += transactions.length;
      blocks++;
      options.onBlock?.({ blocks, transactions: payments });
    }
    if (planned?.kind === 'error') throw new Error(`the history store's planner failed: ${planned.message}`);
    if (planned?.kind !== 'done') throw new Error("the history store's planner stopped without finishing");
    for (const [owner, count] of planned.touched) touched.set(owner, (touched.get(owner) ?? 0) + count);
    // The last block's payments are accepted by its chain child.
    timed(() => chain.mine());
    return {
      version: HISTORY_STORE_VERSION,
      transactions: payments,
      blocks: chain.blocks.size,
      busy: { address: testAddress(busyKey), transactions: touched.get(BUSY) ?? 0 },
      addresses: keys.map((key, i) => ({ address: testAddress(key), transactions: touched.get(i) ?? 0 })),
      buildMs: performance.now() - started,
      signMs,
      consensusMs,
    };
  } finally {
    await worker?.terminate();
    transactionIndex.close();
    addressIndex.close();
    chain.close();
  }
}
