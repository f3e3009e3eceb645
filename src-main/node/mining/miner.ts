import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compactToTarget } from '../consensus/difficulty/compact.ts';
import { headerHash, prePowHash } from '../consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { checkProofOfWork } from '../consensus/pow.ts';
import { targetToLeBytes } from '../crypto/pow/kheavyhash.ts';
import { bytesEqual } from '../encoding/hex.ts';
import type { BlockTemplate } from './block-template-builder.ts';
import { HashRateMeter } from './hash-rate.ts';
import { MiningError } from './mining-error.ts';
import type { FromWorkerMessage, ToWorkerMessage } from './mining-protocol.ts';

export interface MinerOptions {
  /** Mining threads; by default one per core but one, so block import and the UI keep a core. */
  threads?: number;
  /** A fresh template on the virtual, e.g. `() => builder.build(address)`. */
  templates: () => BlockTemplate;
  /** The node's block import queue. */
  submit: (block: { header: BlockHeader; transactions: Transaction[] }) => Promise<unknown> | unknown;
  /** A new template (fresh timestamp and transactions) this often even without a new block. */
  refreshMs?: number;
}

export type MinerEvent =
  | { kind: 'hashrate'; hashesPerSecond: number; threads: number }
  /** A block whose proof of work the main thread has checked, on its way to `submit`. */
  | { kind: 'found'; hash: BlockKey; template: BlockTemplate }
  | { kind: 'error'; error: Error };

const DEFAULT_REFRESH_MS = 5000;
/** After a template fails to build, try again after this long. */
const RETRY_MS = 1000;
const HASHRATE_EVENT_MS = 1000;
/** Templates a late solution may still be for (all on the current parents). */
const MAX_OPEN_TEMPLATES = 4;
/** A worker not answering a stop within this long is terminated anyway (it answers within one batch). */
const STOP_GRACE_MS = 2000;
const MAX_THREADS = 1024;

interface MiningThread {
  readonly index: number;
  readonly worker: Worker;
  readonly stopped: Promise<void>;
  readonly exited: Promise<void>;
}

const sameParents = (a: BlockHeader, b: BlockHeader): boolean => {
  const x = a.parents[0] ?? [];
  const y = b.parents[0] ?? [];
  return x.length === y.length && x.every((parent, i) => bytesEqual(parent, y[i] as Uint8Array));
};

function randomU64(): bigint {
  return randomBytes(8).readBigUInt64LE();
}

/**
 * The CPU miner. Worker threads search nonces (mining-worker.ts); the main thread only builds
 * templates, hands them out and checks what comes back, so block import keeps its core. A new
 * template goes out on every new block and every `refreshMs`; a worker's solution is checked
 * against the proof-of-work rule before it is submitted, and a template that fails to build is
 * an 'error' event and a retry, never a crash.
 */
export class Miner {
  readonly #threadCount: number;
  readonly #templates: () => BlockTemplate;
  readonly #submit: MinerOptions['submit'];
  readonly #refreshMs: number;
  readonly #listeners = new Set<(event: MinerEvent) => void>();
  readonly #meter = new HashRateMeter();
  /** Templates workers are hashing, by the number they were sent under. */
  readonly #open = new Map<number, BlockTemplate>();
  #threads: MiningThread[] = [];
  #liveThreads = 0;
  #running = false;
  #lastWorkId = 0;
  #refreshTimer: NodeJS.Timeout | undefined;
  #hashrateTimer: NodeJS.Timeout | undefined;
  #refreshSoon: NodeJS.Immediate | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: MinerOptions) {
    const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new MiningError('BAD_OPTION', `threads must be an integer from 1 to ${MAX_THREADS}, not ${threads}`);
    }
    const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    if (!Number.isFinite(refreshMs) || refreshMs < 1) {
      throw new MiningError('BAD_OPTION', `refreshMs must be at least 1, not ${refreshMs}`);
    }
    this.#threadCount = threads;
    this.#templates = options.templates;
    this.#submit = options.submit;
    this.#refreshMs = refreshMs;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Hashes per second over the last few seconds (0 when stopped). */
  get hashRate(): number {
    return this.#running ? this.#meter.hashesPerSecond() : 0;
  }

  /** Worker threads alive right now, including any still shutting down. */
  get threads(): number {
    return this.#liveThreads;
  }

  onEvent(listener: (event: MinerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#meter.reset();
    this.#threads = Array.from({ length: this.#threadCount }, (_, index) => this.#spawn(index));
    this.#hashrateTimer = setInterval(() => {
      this.#emit({ kind: 'hashrate', hashesPerSecond: this.hashRate, threads: this.#threads.length });
    }, HASHRATE_EVENT_MS).unref();
    this.#scheduleRefresh();
  }

  /** Stops at once: no event follows; resolves when every worker has stopped and exited. */
  async stop(): Promise<void> {
    if (!this.#running) return this.#stopping;
    this.#running = false;
    clearTimeout(this.#refreshTimer);
    clearInterval(this.#hashrateTimer);
    clearImmediate(this.#refreshSoon);
    this.#refreshSoon = undefined;
    this.#open.clear();
    this.#meter.reset();
    const threads = this.#threads;
    this.#threads = [];
    for (const thread of threads) this.#post(thread, { kind: 'stop' });
    this.#stopping = (async () => {
      let grace: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)));
      await Promise.all(threads.map((thread) => Promise.race([thread.stopped, thread.exited, graceOver])));
      clearTimeout(grace);
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
      await Promise.all(threads.map((thread) => thread.exited));
    })();
    await this.#stopping;
  }

  /** The chain changed: hand out a template on the new virtual at once. */
  newBlock(): void {
    if (this.#running) this.#scheduleRefresh();
  }

  #spawn(index: number): MiningThread {
    const worker = new Worker(new URL('./mining-worker.ts', import.meta.url));
    worker.unref();
    this.#liveThreads++;
    let stoppedNow = (): void => {};
    const stopped = new Promise<void>((resolve) => (stoppedNow = resolve));
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        this.#liveThreads--;
        resolve();
      }),
    );
    const thread: MiningThread = { index, worker, stopped, exited };
    worker.on('message', (message: FromWorkerMessage) => {
      if (message.kind === 'stopped') stoppedNow();
      else if (this.#threads.includes(thread)) this.#onMessage(thread, message);
    });
    worker.on('error', (error) => {
      if (this.#threads.includes(thread)) {
        this.#threads = this.#threads.filter((t) => t !== thread);
        this.#emit({
          kind: 'error',
          error: new MiningError('WORKER_FAILED', `mining thread ${index} failed: ${error.message}`, { cause: error }),
        });
      }
    });
    return thread;
  }

  #post(thread: MiningThread, message: ToWorkerMessage): void {
    thread.worker.postMessage(message);
  }

  #onMessage(thread: MiningThread, message: FromWorkerMessage): void {
    if (!this.#running) return;
    if (message.kind === 'hashes') this.#meter.add(thread.index, message.count, message.ms);
    else if (message.kind === 'found') void this.#onFound(message.templateId, message.nonce);
    else if (message.kind === 'error') {
      this.#emit({
        kind: 'error',
        error: new MiningError('WORKER_FAILED', `mining thread ${thread.index}: ${message.message}`),
      });
    }
  }

  async #onFound(workId: number, nonce: bigint): Promise<void> {
    const template = this.#open.get(workId);
    // Solved already by another thread, or on parents that are no longer the tips.
    if (!template) return;
    this.#open.delete(workId);
    const header: BlockHeader = { ...template.header, nonce };
    if (!checkProofOfWork(header).valid) {
      this.#emit({
        kind: 'error',
        error: new MiningError(
          'BAD_SOLUTION',
          `a worker's nonce ${nonce} does not meet template ${template.id}'s target`,
        ),
      });
      this.#scheduleRefresh();
      return;
    }
    const mined: BlockTemplate = { ...template, header };
    this.#emit({ kind: 'found', hash: keyOf(headerHash(header)), template: mined });
    try {
      await this.#submit({ header, transactions: template.transactions });
    } catch (error) {
      this.#emit({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
    this.#scheduleRefresh();
  }

  /** One rebuild for any number of reasons arriving in the same turn of the event loop. */
  #scheduleRefresh(): void {
    if (!this.#running || this.#refreshSoon) return;
    this.#refreshSoon = setImmediate(() => {
      this.#refreshSoon = undefined;
      this.#refresh();
    });
  }

  #refresh(): void {
    clearTimeout(this.#refreshTimer);
    if (!this.#running) return;
    let template: BlockTemplate;
    try {
      template = this.#templates();
    } catch (error) {
      this.#emit({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      this.#refreshTimer = setTimeout(() => this.#refresh(), RETRY_MS).unref();
      return;
    }
    this.#hashOut(template);
    this.#refreshTimer = setTimeout(() => this.#refresh(), this.#refreshMs).unref();
  }

  /** Sends every thread its share of the template's nonces. */
  #hashOut(template: BlockTemplate): void {
    // A solution to a template on other parents would be a block beside the new tip, not on it.
    for (const [id, open] of this.#open) if (!sameParents(open.header, template.header)) this.#open.delete(id);
    const workId = ++this.#lastWorkId;
    this.#open.set(workId, template);
    while (this.#open.size > MAX_OPEN_TEMPLATES) this.#open.delete(this.#open.keys().next().value as number);
    const prePow = prePowHash(template.header);
    const target = targetToLeBytes(compactToTarget(template.header.bits));
    const start = randomU64();
    for (const thread of this.#threads) {
      this.#post(thread, {
        kind: 'work',
        templateId: workId,
        prePowHash: prePow,
        timestamp: template.header.timestamp,
        target,
        nonceStart: (start + BigInt(thread.index)) & 0xffff_ffff_ffff_ffffn,
        nonceStride: this.#threadCount,
      });
    }
  }

  #emit(event: MinerEvent): void {
    if (!this.#running) return;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the miner goes on.
      }
    }
  }
}
