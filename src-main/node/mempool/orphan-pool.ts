import type { Transaction } from '../consensus/model/transaction.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { MempoolError } from './mempool-error.ts';

/** A transaction waiting for the transactions that create its inputs. */
export interface Orphan {
  readonly tx: Transaction;
  readonly id: string;
  readonly mass: number;
  readonly addedAtDaaScore: number;
}

export interface OrphanLimits {
  maxOrphanCount: number;
  maxOrphanMass: number;
  orphanExpiryDaaScore: number;
}

/**
 * kaspad mempool orphan_pool.go: a small bounded set of transactions spending outputs nobody
 * here knows yet. Each is looked up by the transactions it waits for, so a parent's arrival finds
 * its orphans at once. Beyond the count limit the oldest leaves (kaspad drops a random one; the
 * oldest is the least likely to still see its parents).
 */
export class OrphanPool {
  readonly #limits: OrphanLimits;
  /** Oldest first. */
  readonly #orphans = new Map<string, Orphan>();
  readonly #spenders = new Map<OutpointKey, string>();
  /** Parent transaction ID (hex) → orphans spending one of its outputs. */
  readonly #byParent = new Map<string, Set<string>>();

  constructor(limits: OrphanLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#orphans.size;
  }

  has(id: string): boolean {
    return this.#orphans.has(id);
  }

  /** Oldest first. */
  all(): Orphan[] {
    return [...this.#orphans.values()];
  }

  /** Orphans spending an output of transaction `parentId`, oldest first. */
  childrenOf(parentId: string): Orphan[] {
    const ids = this.#byParent.get(parentId);
    return ids ? this.all().filter((orphan) => ids.has(orphan.id)) : [];
  }

  /**
   * Keeps the orphan (kaspad maybeAddOrphan: mass limit, no double spend among orphans), then
   * drops the oldest beyond the count limit. Returns the IDs dropped, possibly the newcomer's.
   */
  add(orphan: Orphan): string[] {
    const { id, tx, mass } = orphan;
    if (mass > this.#limits.maxOrphanMass) {
      throw new MempoolError(
        'ORPHAN_TOO_LARGE',
        `orphan transaction ${id} has mass ${mass}, above the orphan pool's limit of ${this.#limits.maxOrphanMass}`,
        { transactionId: id },
      );
    }
    for (const input of tx.inputs) {
      const key = outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index);
      const spender = this.#spenders.get(key);
      if (spender !== undefined) {
        throw new MempoolError(
          'DOUBLE_SPEND',
          `transaction ${id} spends ${key}, already spent by orphan transaction ${spender}`,
          { transactionId: id, outpoint: key, conflictingTransactionId: spender },
        );
      }
    }
    this.#orphans.set(id, orphan);
    for (const input of tx.inputs) {
      const { transactionId, index } = input.previousOutpoint;
      this.#spenders.set(outpointKey(transactionId, index), id);
      const parent = bytesToHex(transactionId);
      let children = this.#byParent.get(parent);
      if (!children) this.#byParent.set(parent, (children = new Set()));
      children.add(id);
    }
    const dropped: string[] = [];
    for (const oldest of this.#orphans.keys()) {
      if (this.#orphans.size <= this.#limits.maxOrphanCount) break;
      this.remove(oldest);
      dropped.push(oldest);
    }
    return dropped;
  }

  remove(id: string): Orphan | undefined {
    const orphan = this.#orphans.get(id);
    if (!orphan) return undefined;
    this.#orphans.delete(id);
    for (const input of orphan.tx.inputs) {
      const { transactionId, index } = input.previousOutpoint;
      this.#spenders.delete(outpointKey(transactionId, index));
      const parent = bytesToHex(transactionId);
      const children = this.#byParent.get(parent);
      children?.delete(id);
      if (children?.size === 0) this.#byParent.delete(parent);
    }
    return orphan;
  }

  /** Drops orphans older than the expiry (kaspad expireOrphanTransactions); returns their IDs. */
  expire(daaScore: number): string[] {
    const expired = this.all()
      .filter((orphan) => daaScore - orphan.addedAtDaaScore > this.#limits.orphanExpiryDaaScore)
      .map((orphan) => orphan.id);
    for (const id of expired) this.remove(id);
    return expired;
  }
}
