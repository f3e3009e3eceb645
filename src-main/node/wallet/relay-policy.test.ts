import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SOMPI } from '../consensus/validation/tx-constants.ts';
import { WalletError } from './errors.ts';
import { dustThreshold, feeForMass, isDust, MIN_FEE_RATE, parseFeeRate } from './relay-policy.ts';

const p2pk = { version: 0, script: new Uint8Array([0x20, ...new Uint8Array(32).fill(1), 0xac]) };

describe('relay policy (kaspad mempool)', () => {
  it('minimum relay fee: mass × 1000 / 1000, never 0 (kaspad TestCalcMinRequiredTxRelayFee defaults)', () => {
    // However low the wallet's rate, its fee is the node's minimum relay fee at the default rate.
    const tiny = parseFeeRate(1e-7);
    assert.equal(feeForMass(100, tiny), 100n);
    assert.equal(feeForMass(100_000, tiny), 100_000n);
    assert.equal(feeForMass(0, tiny), 1000n);
    assert.equal(MIN_FEE_RATE, 1);
  });

  it('dust: a P2PK output is dust below 600 sompi', () => {
    assert.equal(dustThreshold(p2pk), 600n);
    assert.ok(isDust(599n, p2pk));
    assert.ok(!isDust(600n, p2pk));
    assert.ok(isDust(0n, p2pk));
    assert.ok(!isDust(MAX_SOMPI, p2pk));
  });

  it('dust: kaspad TestIsTransactionOutputDust’s 36-byte script is dust at 605, not at 606', () => {
    const script36 = { version: 0, script: new Uint8Array(36).fill(0x51) };
    assert.ok(isDust(605n, script36));
    assert.ok(!isDust(606n, script36));
    assert.equal(dustThreshold(script36), 606n);
  });

  it('dust: unspendable scripts always are (OP_RETURN first, or a script that does not parse)', () => {
    assert.ok(isDust(5000n, { version: 0, script: new Uint8Array([0x6a, 0x01, 0x00]) }));
    assert.ok(isDust(5000n, { version: 0, script: new Uint8Array([0x01]) }));
  });

  it('fee rates read exactly as decimals', () => {
    assert.deepEqual(parseFeeRate(1), { numerator: 1n, denominator: 1n });
    assert.deepEqual(parseFeeRate(1.1), { numerator: 11n, denominator: 10n });
    assert.deepEqual(parseFeeRate(1e-7), { numerator: 1n, denominator: 10_000_000n });
    assert.deepEqual(parseFeeRate(2.5e21), { numerator: 2_500_000_000_000_000_000_000n, denominator: 1n });
    for (const bad of [0, -1, Number.NaN, Infinity, '1' as unknown as number]) {
      assert.throws(
        () => parseFeeRate(bad),
        (e: unknown) => e instanceof WalletError && e.code === 'BAD_FEE_RATE',
      );
    }
  });

  it('fee = ceil(mass × rate), at least the minimum relay fee', () => {
    assert.equal(feeForMass(1000, parseFeeRate(1.1)), 1100n);
    assert.equal(feeForMass(1001, parseFeeRate(2.5)), 2503n);
    assert.equal(feeForMass(1000, parseFeeRate(0.5)), 1000n);
    assert.equal(feeForMass(2036, parseFeeRate(1)), 2036n);
  });
});
