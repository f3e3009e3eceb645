/** What the order needs of a pool transaction. */
export interface FeeRated {
  readonly id: string;
  readonly feeRate: number;
}

/** Lower fee rate first; equal rates by ID, so the order is total and the same on every node. */
export function compareFeeRate(a: FeeRated, b: FeeRated): number {
  if (a.feeRate !== b.feeRate) return a.feeRate < b.feeRate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The pool's transactions sorted by fee rate, cheapest first (kaspad
 * TransactionsOrderedByFeeRate): a sorted array with binary search, so eviction finds the
 * cheapest at once and a block template walks the dearest first without sorting the pool.
 */
export class FeeRateOrder<T extends FeeRated> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  add(item: T): void {
    this.#items.splice(this.#indexOf(item), 0, item);
  }

  /** Removes the item with this ID and fee rate; false when it is not there. */
  remove(item: FeeRated): boolean {
    const index = this.#indexOf(item);
    if (this.#items[index]?.id !== item.id) return false;
    this.#items.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#items.length = 0;
  }

  /** Cheapest first. */
  *ascending(): Generator<T> {
    for (const item of this.#items) yield item;
  }

  /** Dearest first. */
  *descending(): Generator<T> {
    for (let i = this.#items.length - 1; i >= 0; i--) yield this.#items[i] as T;
  }

  /** The first index whose item does not sort before `item`. */
  #indexOf(item: FeeRated): number {
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareFeeRate(this.#items[middle] as T, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
