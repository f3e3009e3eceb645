import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressError, addressToScriptPublicKey, decodeAddress, encodeAddress } from '../consensus/address.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { MAX_SOMPI } from '../consensus/validation/tx-constants.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { seededRandom } from '../test-support/seeded-random.ts';
import { WalletAccount } from './account.ts';
import { InsufficientFundsError, WalletError, type WalletErrorCode } from './errors.ts';
import { feeForMass, parseFeeRate } from './relay-policy.ts';
import { buildPayment, type PaymentPlan, type PaymentRequest } from './transaction-builder.ts';
import {
  changeAddresses,
  checkPlan,
  fundedUtxos,
  recipientAddress,
  signAndValidate,
  SIMNET,
  testAccount,
} from './wallet-test-fixtures.ts';
import type { WalletUtxo } from './utxo.ts';

const COIN = 100_000_000n;
const account = testAccount();
const to = recipientAddress();
const toScriptHex = bytesToHex(addressToScriptPublicKey(decodeAddress(to)).script);

/*
 * Legacy masses of Schnorr P2PK transactions (kaspad txmass, simnet/mainnet weights 1/10/1000),
 * worked out by hand so the builder's use of transactionMass is checked against the formula:
 *   fixed part: version 2 + input count 8 + output count 8 + lock time 8 + subnetwork 20 + gas 8
 *     + payload hash 32 + payload length 8 = 94 bytes;
 *   an input: outpoint 36 + script length 8 + signature script 66 + sequence 8 = 118 bytes + 1 sig op
 *     (1000) = 1118;
 *   a P2PK output: value 8 + version 2 + length 8 + script 34 = 52 bytes, + (2 + 34) × 10 = 412.
 */
const INPUT_MASS = 1118;
const OUTPUT_MASS = 412;
const FIXED_MASS = 94;
const mass = (inputs: number, outputs: number) => FIXED_MASS + inputs * INPUT_MASS + outputs * OUTPUT_MASS;

function request(utxos: WalletUtxo[], amount: bigint | 'max', extra: Partial<PaymentRequest> = {}): PaymentRequest {
  return { utxos, to, amount, changeAddress: changeAddresses(account).next, params: SIMNET, ...extra };
}

function plan(req: PaymentRequest): PaymentPlan {
  const result = buildPayment(req);
  checkPlan(result, req, toScriptHex);
  return result;
}

function throwsCode(fn: () => unknown, code: WalletErrorCode, message?: RegExp): WalletError {
  let caught: unknown;
  assert.throws(fn, (err: unknown) => {
    caught = err;
    return err instanceof WalletError && err.code === code && (message === undefined || message.test(err.message));
  });
  return caught as WalletError;
}

const coins = (...values: number[]) => values.map((v) => BigInt(v * 1e8));

describe('buildPayment: one transaction', () => {
  it('pays an exact amount with no change: fee = mass of 1 input, 1 output', () => {
    const utxos = fundedUtxos(account, [10n * COIN], seededRandom(1));
    const fee = BigInt(mass(1, 1));
    assert.equal(fee, 1624n);
    const result = plan(request(utxos, 10n * COIN - fee));
    assert.equal(result.transactions.length, 1);
    assert.equal(result.transactions[0]?.transaction.outputs.length, 1);
    assert.equal(result.fee, fee);
    assert.equal(result.change, 0n);
    signAndValidate(result, request(utxos, 10n * COIN - fee), account);
  });

  it('sends change to a fresh change address: fee = mass of 1 input, 2 outputs', () => {
    const utxos = fundedUtxos(account, [10n * COIN], seededRandom(2));
    const change = changeAddresses(account);
    const req = request(utxos, 4n * COIN, { changeAddress: change.next });
    const result = plan(req);
    assert.equal(result.fee, BigInt(mass(1, 2)));
    assert.equal(result.change, 6n * COIN - result.fee);
    const outputs = result.transactions[0]?.transaction.outputs ?? [];
    assert.equal(outputs.length, 2);
    assert.equal(change.handed.length, 1);
    assert.equal(bytesToHex(outputs[1]?.scriptPublicKey.script ?? new Uint8Array()), change.handed[0]?.scriptHex);
    signAndValidate(result, req, account);
  });

  it('uses the fewest inputs, and among those the smallest that covers', () => {
    const utxos = fundedUtxos(account, coins(5, 3, 1, 2.5, 0.5), seededRandom(3));
    const pick = (amount: bigint) =>
      plan(request(utxos, amount)).transactions[0]?.entries.map((e) => Number(e.amount) / 1e8);
    assert.deepEqual(pick(2n * COIN), [2.5]);
    assert.deepEqual(pick(3n * COIN), [5]);
    assert.deepEqual(pick(6n * COIN), [5, 2.5]);
    assert.deepEqual(pick(8n * COIN), [5, 3, 0.5]);
    assert.deepEqual(pick(10n * COIN), [5, 3, 2.5]);
    assert.deepEqual(pick(11n * COIN), [5, 3, 2.5, 1]);
  });

  it('leaves change below the dust limit (600 sompi for P2PK) to the fee', () => {
    const utxos = fundedUtxos(account, [10n * COIN], seededRandom(4));
    const feeWithChange = BigInt(mass(1, 2));
    // 599 sompi of change would be dust: no change output, the 599 go to the fee.
    const dusty = plan(request(utxos, 10n * COIN - feeWithChange - 599n));
    assert.equal(dusty.transactions[0]?.transaction.outputs.length, 1);
    assert.equal(dusty.change, 0n);
    assert.equal(dusty.fee, feeWithChange + 599n);
    // 600 is not dust: it stands as change.
    const kept = plan(request(utxos, 10n * COIN - feeWithChange - 600n));
    assert.equal(kept.transactions[0]?.transaction.outputs.length, 2);
    assert.equal(kept.change, 600n);
    assert.equal(kept.fee, feeWithChange);
  });

  it('send-max spends every output, one output, fee taken from the amount', () => {
    const utxos = fundedUtxos(account, coins(1, 2, 3, 0.25), seededRandom(5));
    const req = request(utxos, 'max');
    const result = plan(req);
    assert.equal(result.transactions.length, 1);
    assert.equal(result.fee, BigInt(mass(4, 1)));
    assert.equal(result.sent, 625_000_000n - result.fee);
    signAndValidate(result, req, account);
  });

  it('fee rate: ceil(mass × rate), read as the decimal the user typed', () => {
    const utxos = fundedUtxos(account, [10n * COIN], seededRandom(6));
    assert.equal(plan(request(utxos, COIN, { feeRate: 2.5 })).fee, BigInt(Math.ceil(mass(1, 2) * 2.5)));
    assert.equal(plan(request(utxos, COIN, { feeRate: 1.1 })).fee, 2240n); // 2036 × 1.1 = 2239.6
    // Below the minimum relay fee rate the fee is still the minimum relay fee.
    assert.equal(plan(request(utxos, COIN, { feeRate: 0.25 })).fee, BigInt(mass(1, 2)));
    throwsCode(() => buildPayment(request(utxos, COIN, { feeRate: 0 })), 'BAD_FEE_RATE');
    throwsCode(() => buildPayment(request(utxos, COIN, { feeRate: Number.NaN })), 'BAD_FEE_RATE');
    throwsCode(() => buildPayment(request(utxos, COIN, { feeRate: Infinity })), 'BAD_FEE_RATE');
  });

  it('does not depend on the order the outputs are listed in', () => {
    const random = seededRandom(7);
    const utxos = fundedUtxos(account, coins(1, 1, 1, 2, 2, 0.3, 0.7), random);
    const ids = (list: WalletUtxo[]) => plan(request(list, 4n * COIN)).transactions.map((t) => t.id);
    assert.deepEqual(ids([...utxos].reverse()), ids(utxos));
    assert.deepEqual(ids([...utxos].sort(() => random() - 0.5)), ids(utxos));
  });
});

describe('buildPayment: refusals', () => {
  const utxos = fundedUtxos(account, coins(1, 2), seededRandom(8));

  it('insufficient funds: says what is spendable, what is needed and what is not yet spendable', () => {
    const err = throwsCode(
      () => buildPayment(request(utxos, 3n * COIN, { unavailable: { immature: 50n * COIN, pending: 25n * COIN } })),
      'INSUFFICIENT_FUNDS',
    );
    assert.ok(err instanceof InsufficientFundsError);
    const fee = BigInt(mass(2, 2));
    assert.equal(fee, 3154n);
    assert.deepEqual(err.shortfall, {
      spendable: 3n * COIN,
      needed: 3n * COIN + fee,
      maxSendable: 3n * COIN - BigInt(mass(2, 1)),
      immature: 50n * COIN,
      pending: 25n * COIN,
    });
    assert.match(err.message, /needs 3\.00003154 \(3 plus about 0\.00003154 in fees\)/);
    assert.match(err.message, /can spend 3\b/);
    assert.match(err.message, /50 in mining rewards still maturing and 25 in incoming payments/);
    assert.match(err.message, /most it can send now is 2\.99997258/);
    // The most it can send, it can send.
    plan(request(utxos, err.shortfall.maxSendable));
  });

  it('insufficient funds with nothing spendable at all', () => {
    const err = throwsCode(
      () => buildPayment(request([], COIN, { unavailable: { immature: 500n * COIN } })),
      'INSUFFICIENT_FUNDS',
      /can spend 0; 500 in mining rewards still maturing/,
    );
    assert.equal((err as InsufficientFundsError).shortfall.maxSendable, 0n);
  });

  it('send-max: nothing to send, or not even the fee', () => {
    throwsCode(
      () => buildPayment(request([], 'max', { unavailable: { immature: 500n * COIN } })),
      'NOTHING_TO_SEND',
      /500 in mining rewards still maturing/,
    );
    const tiny = fundedUtxos(account, [1000n], seededRandom(9));
    throwsCode(() => buildPayment(request(tiny, 'max')), 'INSUFFICIENT_FUNDS', /costs 0\.00001624 in fees/);
    const small = fundedUtxos(account, [BigInt(mass(1, 1)) + 599n], seededRandom(9));
    throwsCode(() => buildPayment(request(small, 'max')), 'AMOUNT_TOO_SMALL', /only 0\.00000599 would arrive/);
    plan(request(fundedUtxos(account, [BigInt(mass(1, 1)) + 600n], seededRandom(9)), 'max'));
  });

  it('bad or wrong-network addresses: BAD_ADDRESS with the address error’s words', () => {
    const bad = throwsCode(() => buildPayment({ ...request(utxos, COIN), to: 'dagsim:qqqq' }), 'BAD_ADDRESS');
    assert.ok(bad.cause instanceof AddressError);
    assert.equal(bad.message, bad.cause.message);
    const typo = to.slice(0, -1) + (to.endsWith('q') ? 'p' : 'q');
    throwsCode(() => buildPayment({ ...request(utxos, COIN), to: typo }), 'BAD_ADDRESS', /typo/);
    const mainnet = WalletAccount.fromMnemonic(`${'abandon '.repeat(11)}about`, '', 'kaspa').address(0, 0).address;
    const wrong = throwsCode(() => buildPayment({ ...request(utxos, COIN), to: mainnet }), 'BAD_ADDRESS');
    assert.equal((wrong.cause as AddressError).code, 'WRONG_NETWORK');
    assert.match(wrong.message, /Kaspa mainnet.*dagwallet simnet/);
    throwsCode(() => buildPayment({ ...request(utxos, COIN), to: '' }), 'BAD_ADDRESS');
    // Surrounding whitespace from a paste is forgiven.
    plan({ ...request(utxos, COIN), to: ` ${to}\n` });
  });

  it('amounts: dust, zero, negative, not bigint, over the supply', () => {
    throwsCode(() => buildPayment(request(utxos, 599n)), 'AMOUNT_TOO_SMALL', /below 0\.000006 /);
    plan(request(utxos, 600n));
    throwsCode(() => buildPayment(request(utxos, 0n)), 'AMOUNT_TOO_SMALL');
    throwsCode(() => buildPayment(request(utxos, -5n)), 'AMOUNT_TOO_SMALL');
    throwsCode(() => buildPayment(request(utxos, 5 as unknown as bigint)), 'BAD_AMOUNT');
    throwsCode(() => buildPayment(request(utxos, MAX_SOMPI + 1n)), 'BAD_AMOUNT');
    throwsCode(() => buildPayment(request(utxos, MAX_SOMPI)), 'INSUFFICIENT_FUNDS');
  });

  it('malformed requests: duplicate or malformed outpoints, foreign scripts, a mass limit nothing fits', () => {
    const [first] = utxos as [WalletUtxo];
    throwsCode(() => buildPayment(request([first, first], COIN)), 'BAD_REQUEST', /twice/);
    throwsCode(() => buildPayment(request([{ ...first, outpoint: 'xyz:0' }], COIN)), 'BAD_REQUEST');
    throwsCode(() => buildPayment(request([{ ...first, scriptHex: '00' }], COIN)), 'BAD_REQUEST');
    const p2sh = { ...first, entry: { ...first.entry, scriptPublicKey: { version: 0, script: new Uint8Array(35) } } };
    throwsCode(() => buildPayment(request([p2sh], COIN)), 'BAD_REQUEST', /P2PK/);
    throwsCode(() => buildPayment(request(utxos, COIN, { maxTransactionMass: 2000 })), 'BAD_REQUEST');
    throwsCode(() => buildPayment(request(utxos, COIN, { maxTransactionMass: 0.5 })), 'BAD_REQUEST');
    // One input fits 2036, but compounding needs 2 inputs in a compound: fine while no compound is needed.
    plan(request(utxos, COIN, { maxTransactionMass: mass(1, 2) }));
    throwsCode(
      () => buildPayment(request(utxos, 2n * COIN, { maxTransactionMass: mass(1, 2) })),
      'BAD_REQUEST',
      /no room for a compound/,
    );
  });
});

describe('buildPayment: compounding', () => {
  it('300 small outputs: compounds first, each within the mass limit, then the exact payment', () => {
    const random = seededRandom(10);
    const amounts = Array.from({ length: 300 }, () => BigInt(Math.floor(0.5e8 + random() * 1e8)));
    const utxos = fundedUtxos(account, amounts, random);
    const total = amounts.reduce((a, b) => a + b, 0n);
    const req = request(utxos, total - COIN);
    const result = plan(req);
    // 88 inputs is the most a 100,000-gram payment with change can take: (100000 − 918) / 1118.
    assert.equal(Math.floor((100_000 - mass(0, 2)) / INPUT_MASS), 88);
    assert.ok(result.transactions.length >= 4);
    const payment = result.transactions.at(-1);
    assert.ok(payment && payment.kind === 'payment');
    assert.equal(payment.transaction.outputs[0]?.value, total - COIN);
    for (const t of result.transactions) assert.ok(t.mass <= 100_000);
    // The payment spends the compounds' outputs by their ids.
    const compoundIds = new Set(result.transactions.slice(0, -1).map((t) => t.id));
    const spentIds = payment.transaction.inputs.map((i) => bytesToHex(i.previousOutpoint.transactionId));
    assert.equal(spentIds.filter((id) => compoundIds.has(id)).length, compoundIds.size);
    const signed = signAndValidate(result, req, account);
    for (const compound of signed.slice(0, -1)) assert.ok(compoundIds.has(bytesToHex(transactionId(compound))));
  });

  it('send-max over 300 outputs', () => {
    const utxos = fundedUtxos(
      account,
      Array.from({ length: 300 }, () => COIN),
      seededRandom(11),
    );
    const req = request(utxos, 'max');
    const result = plan(req);
    assert.ok(result.transactions.length > 1);
    assert.equal(result.sent, 300n * COIN - result.fee);
  });

  it('several rounds when even the compounds do not fit one payment (tiny mass limit)', () => {
    // 6000 grams: a compound takes 4 inputs, a payment with change 4 inputs.
    const random = seededRandom(12);
    const utxos = fundedUtxos(
      account,
      Array.from({ length: 120 }, () => COIN + BigInt(Math.floor(random() * 1e6))),
      random,
    );
    const req = request(utxos, 100n * COIN, { maxTransactionMass: 6000, feeRate: 1.5 });
    const result = plan(req);
    const rounds = new Set<string>();
    for (const t of result.transactions) {
      const spendsCompound = t.transaction.inputs.some((i) =>
        result.transactions.some((c) => c.id === bytesToHex(i.previousOutpoint.transactionId)),
      );
      if (t.kind === 'compound' && spendsCompound) rounds.add(t.id);
    }
    assert.ok(rounds.size > 0, 'some compounds spend earlier compounds');
    signAndValidate(result, req, account);
    const max = request(utxos, 'max', { maxTransactionMass: 6000 });
    signAndValidate(plan(max), max, account);
  });

  it('a compound of outputs too small to pay for itself is refused, not built', () => {
    const utxos = fundedUtxos(
      account,
      Array.from({ length: 200 }, () => 700n),
      seededRandom(13),
    );
    throwsCode(() => buildPayment(request(utxos, 'max')), 'INSUFFICIENT_FUNDS');
  });
});

describe('buildPayment: randomized invariants', () => {
  it('holds every invariant over seeded random wallets, or refuses for a stated reason', () => {
    const outcomes = { planned: 0, compounded: 0, insufficient: 0, tooSmall: 0 };
    for (let seed = 100; seed < 400; seed++) {
      const random = seededRandom(seed);
      const count = 1 + Math.floor(random() ** 2 * 260);
      const scale = [1e3, 1e5, 1e8, 1e10][Math.floor(random() * 4)] as number;
      const amounts = Array.from({ length: count }, () => 600n + BigInt(Math.floor(random() * scale)));
      const utxos = fundedUtxos(account, amounts, random);
      const total = amounts.reduce((a, b) => a + b, 0n);
      const amount =
        random() < 0.2
          ? 'max'
          : 1n + BigInt(Math.floor(random() * 1.1 * Number(total > 10n ** 15n ? 10n ** 15n : total)));
      const req = request(utxos, amount, {
        feeRate: [1, 1, 1.5, 3, 0.5][Math.floor(random() * 5)] as number,
        maxTransactionMass: [100_000, 100_000, 20_000, 8_000][Math.floor(random() * 4)] as number,
      });
      try {
        const result = plan(req);
        outcomes.planned++;
        if (result.transactions.length > 1) outcomes.compounded++;
        // Every fee is at least its mass at the rate; compounds and change-carrying payments pay it exactly.
        const rate = parseFeeRate(req.feeRate ?? 1);
        for (const t of result.transactions) {
          const exact = t.kind === 'compound' || t.transaction.outputs.length === 2;
          if (exact) assert.equal(t.fee, feeForMass(t.mass, rate));
        }
        if (seed % 25 === 0) signAndValidate(result, req, account);
      } catch (err) {
        if (!(err instanceof WalletError)) throw err;
        if (err.code === 'AMOUNT_TOO_SMALL') {
          outcomes.tooSmall++;
          continue;
        }
        assert.equal(err.code, 'INSUFFICIENT_FUNDS', err.message);
        outcomes.insufficient++;
        if (err instanceof InsufficientFundsError && amount !== 'max') {
          const { maxSendable, spendable } = err.shortfall;
          assert.equal(spendable, total);
          assert.ok(amount > maxSendable);
          // What it says it can send, it can.
          if (maxSendable >= 600n) plan({ ...req, amount: maxSendable });
        }
      }
    }
    assert.ok(outcomes.planned > 150, JSON.stringify(outcomes));
    assert.ok(outcomes.compounded > 10, JSON.stringify(outcomes));
    assert.ok(outcomes.insufficient > 10, JSON.stringify(outcomes));
  });
});

it('pays a P2SH recipient too: its 35-byte script is weighed and has its own dust limit (603)', () => {
  const utxos = fundedUtxos(account, [10n * COIN], seededRandom(14));
  const p2sh = encodeAddress({ prefix: 'dagsim', version: 8, payload: new Uint8Array(32).fill(7) });
  const p2shScriptHex = bytesToHex(addressToScriptPublicKey(decodeAddress(p2sh)).script);
  const req = { ...request(utxos, COIN), to: p2sh };
  const result = buildPayment(req);
  checkPlan(result, req, p2shScriptHex);
  // A P2SH output: 53 bytes + (2 + 35) × 10 = 423.
  assert.equal(result.fee, BigInt(FIXED_MASS + INPUT_MASS + 423 + OUTPUT_MASS));
  throwsCode(() => buildPayment({ ...req, amount: 602n }), 'AMOUNT_TOO_SMALL', /below 0\.00000603 /);
  checkPlan(buildPayment({ ...req, amount: 603n }), { ...req, amount: 603n }, p2shScriptHex);
});
