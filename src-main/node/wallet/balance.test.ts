import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TxError } from '../consensus/validation/tx-error.ts';
import { validateTransactionFully } from '../consensus/validation/transaction-validator.ts';
import { seededRandom } from '../test-support/seeded-random.ts';
import { isSpendableAt, spendableUtxos, walletBalance } from './balance.ts';
import { signTransaction } from './signer.ts';
import { buildPayment } from './transaction-builder.ts';
import { walletUtxo } from './utxo.ts';
import { changeAddresses, fundedUtxos, recipientAddress, SIMNET, testAccount } from './wallet-test-fixtures.ts';

const COIN = 100_000_000n;
const account = testAccount();
const maturity = SIMNET.coinbaseMaturity;

function coinbaseAt(blockDaaScore: number, amount = 500n * COIN) {
  const entry = { amount, scriptPublicKey: account.address(0, 0).scriptPublicKey, blockDaaScore, isCoinbase: true };
  return walletUtxo(new Uint8Array(32).fill(blockDaaScore % 256), 0, entry);
}

describe('walletBalance', () => {
  it('a coinbase output matures when virtualDaaScore reaches blockDaaScore + maturity', () => {
    const utxos = [coinbaseAt(1000)];
    const before = walletBalance({
      utxos,
      pendingIncoming: 0n,
      virtualDaaScore: 1000 + maturity - 1,
      coinbaseMaturity: maturity,
    });
    assert.deepEqual(before, { spendable: 0n, immature: 500n * COIN, pending: 0n, total: 500n * COIN });
    const at = walletBalance({
      utxos,
      pendingIncoming: 0n,
      virtualDaaScore: 1000 + maturity,
      coinbaseMaturity: maturity,
    });
    assert.deepEqual(at, { spendable: 500n * COIN, immature: 0n, pending: 0n, total: 500n * COIN });
  });

  it('the boundary is consensus’s: the same output is refused one DAA score earlier and accepted at it', () => {
    const utxo = coinbaseAt(1000);
    const plan = buildPayment({
      utxos: [utxo],
      to: recipientAddress(),
      amount: COIN,
      changeAddress: changeAddresses(account).next,
      params: SIMNET,
    });
    const unsigned = plan.transactions[0];
    assert.ok(unsigned);
    const signed = signTransaction(unsigned, (s) => account.secretKeyFor(s));
    const pov = 1000 + maturity;
    assert.equal(isSpendableAt(utxo.entry, pov - 1, maturity), false);
    assert.throws(
      () => validateTransactionFully(signed, unsigned.entries, pov - 1, SIMNET),
      (e: unknown) => e instanceof TxError && e.code === 'IMMATURE_COINBASE_SPEND',
    );
    assert.equal(isSpendableAt(utxo.entry, pov, maturity), true);
    assert.equal(validateTransactionFully(signed, unsigned.entries, pov, SIMNET), plan.fee);
  });

  it('non-coinbase outputs are spendable at once; pending adds to the total only', () => {
    const random = seededRandom(31);
    const regular = fundedUtxos(account, [2n * COIN, 3n * COIN], random).map((u) => ({
      ...u,
      entry: { ...u.entry, isCoinbase: false, blockDaaScore: 5000 },
    }));
    const utxos = [...regular, coinbaseAt(4990, 7n * COIN), coinbaseAt(4900, 11n * COIN)];
    const balance = walletBalance({
      utxos,
      pendingIncoming: 13n * COIN,
      virtualDaaScore: 5000,
      coinbaseMaturity: maturity,
    });
    assert.deepEqual(balance, { spendable: 16n * COIN, immature: 7n * COIN, pending: 13n * COIN, total: 36n * COIN });
    assert.deepEqual(
      spendableUtxos(utxos, 5000, maturity).map((u) => u.entry.amount),
      [2n * COIN, 3n * COIN, 11n * COIN],
    );
    assert.deepEqual(
      walletBalance({ utxos: [], pendingIncoming: 0n, virtualDaaScore: 0, coinbaseMaturity: maturity }),
      {
        spendable: 0n,
        immature: 0n,
        pending: 0n,
        total: 0n,
      },
    );
  });
});
