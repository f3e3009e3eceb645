import type { Consensus, InsertResult } from '../consensus/consensus.ts';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { BlockError } from '../consensus/validation/block-error.ts';
import { DagwalletError } from '../errors.ts';

export interface BlockWithBody {
  header: BlockHeader;
  transactions: readonly Transaction[];
}

/** Who handed us a block: the local miner, the API, a peer's relay or IBD (peers get scored for bad ones). */
export type BlockSource = 'miner' | 'api' | 'peer' | 'ibd' | 'local';

export type ImportOutcome =
  | { status: 'accepted'; hash: BlockKey; utxo: NonNullable<InsertResult['utxo']> }
  | { status: 'known'; hash: BlockKey }
  /** Parents not here yet: kept until they arrive (bounded), then imported. */
  | { status: 'waiting'; hash: BlockKey; missing: BlockKey[] }
  | { status: 'rejected'; hash: BlockKey; error: DagwalletError };

/** Blocks waiting for their parents; beyond this the oldest waiting block is dropped. */
const MAX_WAITING_BLOCKS = 1_000;

interface Job {
  block: BlockWithBody;
  source: BlockSource;
  resolve: (outcome: ImportOutcome) => void;
}

/**
 * The one door into consensus (DESIGN: a queue with concurrency 1). Blocks from the miner, the
 * API and peers line up here; each is validated and committed whole before the next starts, and
 * the queue yields to the event loop between blocks so mining messages, API calls and the UI
 * are never starved by a long import.
 */
export class BlockImportQueue {
  readonly #consensus: Consensus;
  readonly #jobs: Job[] = [];
  /** Waiting blocks by hash, in arrival order, and which of them each missing parent unblocks. */
  readonly #waiting = new Map<BlockKey, { block: BlockWithBody; source: BlockSource; missing: BlockKey[] }>();
  readonly #waitingFor = new Map<BlockKey, Set<BlockKey>>();
  readonly #listeners = new Set<(outcome: ImportOutcome, block: BlockWithBody, source: BlockSource) => void>();
  #draining = false;
  #idle: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(consensus: Consensus) {
    this.#consensus = consensus;
  }

  /** Queues a block; resolves with what became of it (never rejects: a bad block is an outcome). */
  submit(block: BlockWithBody, source: BlockSource): Promise<ImportOutcome> {
    if (this.#closed) {
      return Promise.resolve({
        status: 'rejected',
        hash: keyOf(headerHash(block.header)),
        error: new DagwalletError('SHUTTING_DOWN', 'the node is shutting down'),
      });
    }
    return new Promise((resolve) => {
      this.#jobs.push({ block, source, resolve });
      if (!this.#draining) this.#idle = this.#drain();
    });
  }

  /** Every import's outcome, for relaying accepted blocks and scoring peers that sent bad ones. */
  onOutcome(listener: (outcome: ImportOutcome, block: BlockWithBody, source: BlockSource) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get pending(): number {
    return this.#jobs.length;
  }

  get waiting(): number {
    return this.#waiting.size;
  }

  /** Whether a block is held here waiting for its parents (so a peer need not send it again). */
  isWaiting(hash: BlockKey): boolean {
    return this.#waiting.has(hash);
  }

  /** Missing parents some waiting block is waiting for (bounded with the waiting blocks). */
  get missingParents(): number {
    return this.#waitingFor.size;
  }

  /** Stops taking blocks and waits for the one being imported. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#idle;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#jobs.length > 0) {
        const job = this.#jobs.shift() as Job;
        const outcome = this.#import(job.block, job.source);
        job.resolve(outcome);
        // Let timers, worker messages and sockets run between blocks.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.#draining = false;
    }
  }

  #import(block: BlockWithBody, source: BlockSource): ImportOutcome {
    const outcome = this.#insert(block);
    this.#emit(outcome, block, source);
    if (outcome.status === 'waiting') this.#wait(outcome.hash, outcome.missing, block, source);
    if (outcome.status === 'accepted') this.#releaseChildrenOf(outcome.hash);
    return outcome;
  }

  #insert(block: BlockWithBody): ImportOutcome {
    let hash: BlockKey = '';
    try {
      hash = keyOf(headerHash(block.header));
      const result = this.#consensus.insertBlock(block.header, block.transactions);
      if (result.status === 'known') return { status: 'known', hash };
      return { status: 'accepted', hash, utxo: result.utxo ?? { status: 'valid' } };
    } catch (error) {
      if (error instanceof BlockError && error.code === 'MISSING_PARENTS') {
        return { status: 'waiting', hash, missing: (error.missing ?? []) as BlockKey[] };
      }
      if (error instanceof DagwalletError) return { status: 'rejected', hash, error };
      // A store failure or a bug: nothing was committed (consensus discards), so say so and go on.
      return {
        status: 'rejected',
        hash,
        error: new DagwalletError('IMPORT_FAILED', `block ${hash} could not be imported: ${String(error)}`, {
          cause: error,
        }),
      };
    }
  }

  #emit(outcome: ImportOutcome, block: BlockWithBody, source: BlockSource): void {
    for (const listener of this.#listeners) listener(outcome, block, source);
  }

  #wait(hash: BlockKey, missing: BlockKey[], block: BlockWithBody, source: BlockSource): void {
    if (this.#waiting.has(hash)) return;
    this.#waiting.set(hash, { block, source, missing });
    for (const parent of missing) {
      const children = this.#waitingFor.get(parent) ?? new Set();
      children.add(hash);
      this.#waitingFor.set(parent, children);
    }
    if (this.#waiting.size > MAX_WAITING_BLOCKS) this.#forget(this.#waiting.keys().next().value as BlockKey);
  }

  /** Drops a waiting block and its place under each missing parent, so blocks whose parents never come cost nothing. */
  #forget(hash: BlockKey): void {
    const waiting = this.#waiting.get(hash);
    if (!waiting) return;
    this.#waiting.delete(hash);
    for (const parent of waiting.missing) {
      const children = this.#waitingFor.get(parent);
      children?.delete(hash);
      if (children?.size === 0) this.#waitingFor.delete(parent);
    }
  }

  /** A parent arrived: its waiting children go to the front of the queue. */
  #releaseChildrenOf(parent: BlockKey): void {
    const children = this.#waitingFor.get(parent);
    if (!children) return;
    this.#waitingFor.delete(parent);
    for (const child of children) {
      const waiting = this.#waiting.get(child);
      if (!waiting) continue;
      this.#forget(child);
      this.#jobs.unshift({ block: waiting.block, source: waiting.source, resolve: () => {} });
    }
  }
}
