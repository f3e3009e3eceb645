import { WalletError } from './errors.ts';
import type { TransactionShapes } from './transaction-shape.ts';

/** One round of compounding: `inputs` coins spread as evenly as possible over `transactions`. */
export interface CompoundRound {
  transactions: number;
  inputs: number;
}

/**
 * How many transactions a payment spending `coins` outputs needs when one transaction may
 * take at most `maxPaymentInputs` (payment) or `maxCompoundInputs` (compound) inputs: rounds
 * of compound transactions, each replacing its inputs by one output, until the payment fits.
 */
export interface BatchLayout {
  rounds: CompoundRound[];
  paymentInputs: number;
}

/**
 * The fewest compound transactions per round. When one round can finish (g transactions
 * of at most C inputs each remove g(C − 1) coins, leaving exactly P for the payment) it does;
 * otherwise (more than P × C coins) the round fills as many full compounds as it can and the
 * next round carries on with their outputs. Needs P ≥ 1, and C ≥ 2 whenever coins > P (else BAD_REQUEST).
 */
export function batchLayout(coins: number, maxPaymentInputs: number, maxCompoundInputs: number): BatchLayout {
  const P = maxPaymentInputs;
  const C = maxCompoundInputs;
  const rounds: CompoundRound[] = [];
  let count = coins;
  if (count > P && C < 2) {
    throw new WalletError(
      'BAD_REQUEST',
      `This payment needs more than ${P} inputs, and the mass limit leaves no room for a compound of two.`,
    );
  }
  while (count > P) {
    const needed = Math.ceil((count - P) / (C - 1));
    if (needed <= P) {
      rounds.push({ transactions: needed, inputs: count - P + needed });
      count = P;
    } else {
      const full = Math.floor(count / C);
      rounds.push({ transactions: full, inputs: full * C });
      count -= full * (C - 1);
    }
  }
  return { rounds, paymentInputs: count };
}

/** Input counts of a round's transactions, larger first: even spread of the round's inputs. */
export function roundSizes(round: CompoundRound): number[] {
  const base = Math.floor(round.inputs / round.transactions);
  const larger = round.inputs % round.transactions;
  return Array.from({ length: round.transactions }, (_, i) => (i < larger ? base + 1 : base));
}

/** Fees of every compound transaction of the layout. */
export function compoundFees(layout: BatchLayout, shapes: TransactionShapes): bigint {
  let total = 0n;
  for (const round of layout.rounds) {
    const base = Math.floor(round.inputs / round.transactions);
    const larger = round.inputs % round.transactions;
    total +=
      BigInt(larger) * shapes.compoundFee(base + 1) + BigInt(round.transactions - larger) * shapes.compoundFee(base);
  }
  return total;
}
