import type { Transaction } from '../consensus/model/transaction.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { FeeRateOrder } from './fee-rate-order.ts';

/** A transaction in the pool, with what the pool learned validating it. */
export interface MempoolEntry {
  readonly tx: Transaction;
  /** The transaction ID, hex. */
  readonly id: string;
  /** Sompi: inputs minus outputs. */
  readonly fee: bigint;
  /** Legacy (kaspad v0.12) transaction mass, grams. */
  readonly mass: number;
  /** fee / mass, sompi per gram: what block templates and eviction order by. */
  readonly feeRate: number;
  /** Milliseconds since the epoch (the pool's now()) when it entered the pool. */
  readonly addedAt: number;
  /** The virtual DAA score when it entered the pool; expiry counts from it. */
  readonly addedAtDaaScore: number;
  /** IDs of the pool transactions whose outputs it spends; empty when it is ready for a block. */
  readonly parents: readonly string[];
}

/**
 * The accepted transactions and their indexes: who spends which outpoint, who spends whose
 * outputs, and the fee-rate order. Iteration order is insertion order, which is topological
 * (a transaction enters after the parents it spends). No validation here: the Mempool decides.
 */
export class TransactionPool {
  readonly #entries = new Map<string, MempoolEntry>();
  readonly #spenders = new Map<OutpointKey, string>();
  readonly #children = new Map<string, Set<string>>();
  readonly #order = new FeeRateOrder<MempoolEntry>();
  /** When each entered: sorting by it puts parents before children. */
  readonly #sequence = new Map<string, number>();
  #nextSequence = 0;
  #totalMass = 0;

  get size(): number {
    return this.#entries.size;
  }

  get totalMass(): number {
    return this.#totalMass;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get(id: string): MempoolEntry | undefined {
    return this.#entries.get(id);
  }

  /** Parents before children. */
  entries(): MempoolEntry[] {
    return [...this.#entries.values()];
  }

  spender(outpoint: OutpointKey): string | undefined {
    return this.#spenders.get(outpoint);
  }

  add(entry: MempoolEntry): void {
    this.#entries.set(entry.id, entry);
    this.#sequence.set(entry.id, this.#nextSequence++);
    for (const input of entry.tx.inputs) {
      const { transactionId, index } = input.previousOutpoint;
      this.#spenders.set(outpointKey(transactionId, index), entry.id);
    }
    for (const parent of entry.parents) this.#childrenOf(parent).add(entry.id);
    this.#order.add(entry);
    this.#totalMass += entry.mass;
  }

  /** Removes one transaction; its children stay, no longer counting it as a parent. */
  removeOne(id: string): MempoolEntry | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    this.#sequence.delete(id);
    for (const input of entry.tx.inputs) {
      const { transactionId, index } = input.previousOutpoint;
      this.#spenders.delete(outpointKey(transactionId, index));
    }
    for (const parent of entry.parents) this.#children.get(parent)?.delete(id);
    for (const child of this.#children.get(id) ?? []) {
      const childEntry = this.#entries.get(child) as MempoolEntry;
      this.#replace(childEntry, { ...childEntry, parents: childEntry.parents.filter((p) => p !== id) });
    }
    this.#children.delete(id);
    this.#order.remove(entry);
    this.#totalMass -= entry.mass;
    return entry;
  }

  /** The transaction and every pool transaction spending its outputs, directly or not; parents first. */
  withDescendants(id: string): string[] {
    if (!this.#entries.has(id)) return [];
    const found = new Set<string>([id]);
    for (const current of found) for (const child of this.#children.get(current) ?? []) found.add(child);
    // Discovery order may put a child before another of its parents: sort by entry order.
    const sequence = (key: string) => this.#sequence.get(key) as number;
    return [...found].sort((a, b) => sequence(a) - sequence(b));
  }

  /** The pool transactions `parents` spend from, directly or not (the parents included). */
  ancestors(parents: readonly string[]): Set<string> {
    const found = new Set<string>();
    const stack = [...parents];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (found.has(id)) continue;
      found.add(id);
      stack.push(...(this.#entries.get(id)?.parents ?? []));
    }
    return found;
  }

  /** Cheapest fee rate first (a snapshot: safe to remove while iterating). */
  cheapestFirst(): MempoolEntry[] {
    return [...this.#order.ascending()];
  }

  /** Dearest fee rate first. */
  *dearestFirst(): Generator<MempoolEntry> {
    yield* this.#order.descending();
  }

  clear(): void {
    this.#entries.clear();
    this.#sequence.clear();
    this.#spenders.clear();
    this.#children.clear();
    this.#order.clear();
    this.#totalMass = 0;
  }

  #childrenOf(parent: string): Set<string> {
    let children = this.#children.get(parent);
    if (!children) this.#children.set(parent, (children = new Set()));
    return children;
  }

  #replace(old: MempoolEntry, updated: MempoolEntry): void {
    this.#entries.set(updated.id, updated);
    this.#order.remove(old);
    this.#order.add(updated);
  }
}
