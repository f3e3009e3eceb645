import { type BatchLayout, batchLayout, compoundFees } from './batch-layout.ts';
import type { TransactionShapes } from './transaction-shape.ts';
import type { WalletUtxo } from './utxo.ts';

/** Largest first; equal amounts by outpoint, so the order never depends on how the caller listed them. */
export function sortLargestFirst(utxos: readonly WalletUtxo[]): WalletUtxo[] {
  return [...utxos].sort((a, b) => {
    if (a.entry.amount !== b.entry.amount) return a.entry.amount > b.entry.amount ? -1 : 1;
    return a.outpoint < b.outpoint ? -1 : a.outpoint > b.outpoint ? 1 : 0;
  });
}

export interface Selection {
  coins: WalletUtxo[];
  layout: BatchLayout;
  /** Fees of the batch's compound transactions. */
  compoundFee: bigint;
}

export interface SelectionResult {
  selection: Selection | null;
  /** The most any prefix of the largest outputs could deliver after fees (0 if none delivers anything). */
  maxSendable: bigint;
}

/**
 * Picks the fewest outputs that pay `amount` plus every fee of the batch, fees counted without
 * a change output (change is added afterwards only when the remainder can carry it).
 *
 * The k largest outputs hold the most any k outputs can, so scanning largest-first finds the
 * smallest input count k (fees depend on k alone, not on which outputs). Then the last of the k
 * is swapped for the smallest output that still covers: same inputs, same fee, but the change
 * is smaller and large outputs stay whole for later payments. Both steps are deterministic.
 */
export function selectCoins(
  sorted: readonly WalletUtxo[],
  amount: bigint,
  shapes: TransactionShapes,
  maxPaymentInputs: number,
): SelectionResult {
  let total = 0n;
  let maxSendable = 0n;
  for (let count = 1; count <= sorted.length; count++) {
    const previousTotal = total;
    total += (sorted[count - 1] as WalletUtxo).entry.amount;
    const layout = batchLayout(count, maxPaymentInputs, shapes.maxCompoundInputs);
    const compoundFee = compoundFees(layout, shapes);
    const fees = compoundFee + shapes.paymentFee(layout.paymentInputs, false);
    if (total - fees > maxSendable) maxSendable = total - fees;
    if (total - fees < amount) continue;

    const lastNeeds = amount + fees - previousTotal;
    let last = count - 1;
    for (let i = sorted.length - 1; i >= count - 1; i--) {
      if ((sorted[i] as WalletUtxo).entry.amount >= lastNeeds) {
        last = i;
        break;
      }
    }
    const coins = [...sorted.slice(0, count - 1), sorted[last] as WalletUtxo];
    return { selection: { coins, layout, compoundFee }, maxSendable };
  }
  return { selection: null, maxSendable };
}
