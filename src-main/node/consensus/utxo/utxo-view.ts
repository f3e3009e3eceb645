import type { UtxoEntry } from '../model/transaction.ts';
import type { UtxoDiff } from './utxo-diff.ts';
import type { OutpointKey } from './utxo-serialization.ts';

/** Read access to some block's UTXO set. */
export interface UtxoView {
  get(key: OutpointKey): UtxoEntry | undefined;
}

/**
 * The past UTXO set of block X seen from the UTXO set the store holds (that of block P):
 * `forward` are the diffs from X down its selected chain to L, the first chain block X shares
 * with P (X's own first); `undone` are the diffs from L up to P (L's child first). An outpoint's
 * state is decided by the nearest diff that mentions it: first on X's side, then, undoing, on P's
 * side; otherwise the stored set answers.
 */
export class ChainedUtxoView implements UtxoView {
  readonly #base: UtxoView;
  readonly #forward: readonly UtxoDiff[];
  readonly #undone: readonly UtxoDiff[];

  constructor(base: UtxoView, forward: readonly UtxoDiff[], undone: readonly UtxoDiff[]) {
    this.#base = base;
    this.#forward = forward;
    this.#undone = undone;
  }

  get(key: OutpointKey): UtxoEntry | undefined {
    for (const diff of this.#forward) {
      const added = diff.toAdd.get(key);
      if (added) return added;
      if (diff.toRemove.has(key)) return undefined;
    }
    for (const diff of this.#undone) {
      // Added after L: L did not have it. Spent after L: L had exactly this entry.
      if (diff.toAdd.has(key)) return undefined;
      const spent = diff.toRemove.get(key);
      if (spent) return spent;
    }
    return this.#base.get(key);
  }
}

/** A view with a diff being built on top of it (kaspad's accumulated UTXO diff). */
export class UtxoOverlay implements UtxoView {
  readonly #base: UtxoView;
  readonly diff: UtxoDiff;

  constructor(base: UtxoView, diff: UtxoDiff) {
    this.#base = base;
    this.diff = diff;
  }

  get(key: OutpointKey): UtxoEntry | undefined {
    const added = this.diff.toAdd.get(key);
    if (added) return added;
    if (this.diff.toRemove.has(key)) return undefined;
    return this.#base.get(key);
  }
}
