import type { UtxoEntry } from '../consensus/model/transaction.ts';
import type { WalletUtxo } from './utxo.ts';

/**
 * Whether an output may be spent by a transaction validated at `virtualDaaScore` (the DAA score
 * the next block will have, which the mempool validates against). Our consensus
 * (transaction-in-context.ts, kaspad checkTransactionCoinbaseMaturity) refuses a coinbase output
 * while blockDaaScore + coinbaseMaturity > povDaaScore, so it is mature at equality. kaspawallet's
 * isUTXOSpendable waits one DAA score longer (strict <); we follow consensus.
 */
export function isSpendableAt(entry: UtxoEntry, virtualDaaScore: number, coinbaseMaturity: number): boolean {
  return !entry.isCoinbase || entry.blockDaaScore + coinbaseMaturity <= virtualDaaScore;
}

/** The outputs a payment may spend now: what buildPayment takes. */
export function spendableUtxos(
  utxos: readonly WalletUtxo[],
  virtualDaaScore: number,
  coinbaseMaturity: number,
): WalletUtxo[] {
  return utxos.filter((u) => isSpendableAt(u.entry, virtualDaaScore, coinbaseMaturity));
}

export interface BalanceInput {
  /** The wallet's confirmed outputs, minus those its own pending transactions spend (the caller's job). */
  utxos: readonly WalletUtxo[];
  /** Value of unconfirmed outputs paying the wallet (the caller reads it from the mempool). */
  pendingIncoming: bigint;
  virtualDaaScore: number;
  coinbaseMaturity: number;
}

export interface WalletBalance {
  spendable: bigint;
  /** Coinbase rewards still inside the maturity window. */
  immature: bigint;
  pending: bigint;
  /** spendable + immature + pending. */
  total: bigint;
}

export function walletBalance({
  utxos,
  pendingIncoming,
  virtualDaaScore,
  coinbaseMaturity,
}: BalanceInput): WalletBalance {
  let spendable = 0n;
  let immature = 0n;
  for (const { entry } of utxos) {
    if (isSpendableAt(entry, virtualDaaScore, coinbaseMaturity)) spendable += entry.amount;
    else immature += entry.amount;
  }
  return { spendable, immature, pending: pendingIncoming, total: spendable + immature + pendingIncoming };
}
