import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchLayout, roundSizes } from './batch-layout.ts';
import { WalletError } from './errors.ts';

/** Replays a layout: every round must shrink the coins to what the next step takes, within the limits. */
function replay(coins: number, P: number, C: number): number {
  const layout = batchLayout(coins, P, C);
  let count = coins;
  let transactions = 1;
  for (const round of layout.rounds) {
    const sizes = roundSizes(round);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      round.inputs,
    );
    for (const size of sizes) assert.ok(size >= 2 && size <= C, `compound of ${size} inputs (C = ${C})`);
    assert.ok(round.inputs <= count);
    count = count - round.inputs + round.transactions;
    transactions += round.transactions;
  }
  assert.equal(count, layout.paymentInputs);
  assert.ok(layout.paymentInputs <= P);
  return transactions;
}

describe('batchLayout', () => {
  it('no compounding while the payment can take every input', () => {
    assert.deepEqual(batchLayout(88, 88, 88), { rounds: [], paymentInputs: 88 });
    assert.deepEqual(batchLayout(1, 1, 1), { rounds: [], paymentInputs: 1 });
  });

  it('300 inputs at the standard limit (P = C = 88): 3 compounds of 71–72, a payment of 88', () => {
    const layout = batchLayout(300, 88, 88);
    assert.deepEqual(layout, { rounds: [{ transactions: 3, inputs: 215 }], paymentInputs: 88 });
    assert.deepEqual(roundSizes(layout.rounds[0] ?? { transactions: 1, inputs: 1 }), [72, 72, 71]);
  });

  it('one extra input costs one compound of two', () => {
    assert.deepEqual(batchLayout(89, 88, 88), { rounds: [{ transactions: 1, inputs: 2 }], paymentInputs: 88 });
  });

  it('more than P × C inputs: full compounds, then another round', () => {
    const layout = batchLayout(100, 3, 4);
    assert.ok(layout.rounds.length > 1);
    assert.deepEqual(layout.rounds[0], { transactions: 25, inputs: 100 });
  });

  it('every layout replays within its limits', () => {
    for (const [P, C] of [
      [1, 2],
      [2, 2],
      [3, 4],
      [4, 4],
      [88, 88],
      [87, 88],
    ] as const) {
      for (let coins = 1; coins <= 400; coins++) replay(coins, P, C);
    }
    assert.ok(replay(100_000, 88, 88) < 100_000 / 87 + 20);
  });

  it('refuses a limit that cannot compound two inputs when compounding is needed', () => {
    assert.throws(
      () => batchLayout(2, 1, 1),
      (e: unknown) => e instanceof WalletError && e.code === 'BAD_REQUEST',
    );
  });
});
