import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScriptError } from '../consensus/script/script-error.ts';
import { validateTransactionFully } from '../consensus/validation/transaction-validator.ts';
import { seededRandom } from '../test-support/seeded-random.ts';
import { WalletError } from './errors.ts';
import { signTransaction, signTransactions } from './signer.ts';
import { buildPayment, type PaymentRequest } from './transaction-builder.ts';
import { changeAddresses, fundedUtxos, recipientAddress, SIMNET, testAccount } from './wallet-test-fixtures.ts';

const COIN = 100_000_000n;
const account = testAccount();

function onePayment() {
  const utxos = fundedUtxos(account, [3n * COIN, 2n * COIN], seededRandom(21));
  const request: PaymentRequest = {
    utxos,
    to: recipientAddress(),
    amount: 4n * COIN,
    changeAddress: changeAddresses(account).next,
    params: SIMNET,
  };
  const plan = buildPayment(request);
  const unsigned = plan.transactions[0];
  assert.ok(unsigned && plan.transactions.length === 1);
  return unsigned;
}

const secretKeyFor = (scriptHex: string) => account.secretKeyFor(scriptHex);

describe('signTransaction (SigHashAll Schnorr, P2PK)', () => {
  it('signs every input so that consensus script validation passes', () => {
    const unsigned = onePayment();
    assert.equal(unsigned.transaction.inputs.length, 2);
    const signed = signTransaction(unsigned, secretKeyFor);
    assert.equal(validateTransactionFully(signed, unsigned.entries, 1_000_000, SIMNET), unsigned.fee);
    for (const input of signed.inputs) {
      assert.equal(input.signatureScript.length, 66);
      assert.equal(input.signatureScript[0], 0x41);
      assert.equal(input.signatureScript[65], 0x01);
    }
    // The plan's transaction is left unsigned.
    for (const input of unsigned.transaction.inputs) assert.equal(input.signatureScript.length, 0);
    assert.deepEqual(signTransactions([unsigned], secretKeyFor).length, 1);
  });

  it('a signature commits to the outputs: changing one after signing fails validation', () => {
    const unsigned = onePayment();
    const signed = signTransaction(unsigned, secretKeyFor);
    const [first, ...rest] = signed.outputs;
    assert.ok(first);
    const tampered = { ...signed, outputs: [{ ...first, value: first.value - 1n }, ...rest] };
    assert.throws(
      () => validateTransactionFully(tampered, unsigned.entries, 1_000_000, SIMNET),
      (e: unknown) => e instanceof ScriptError,
    );
  });

  it('a signature commits to the spent amount', () => {
    const unsigned = onePayment();
    const signed = signTransaction(unsigned, secretKeyFor);
    const entries = unsigned.entries.map((e, i) => (i === 0 ? { ...e, amount: e.amount + 1n } : e));
    assert.throws(
      () => validateTransactionFully(signed, entries, 1_000_000, SIMNET),
      (e: unknown) => e instanceof ScriptError,
    );
  });

  it('wipes every key it was given', () => {
    const handed: Uint8Array[] = [];
    signTransaction(onePayment(), (scriptHex) => {
      const key = account.secretKeyFor(scriptHex);
      handed.push(key);
      return key;
    });
    assert.equal(handed.length, 2);
    for (const key of handed) assert.ok(key.every((b) => b === 0));
  });

  it('refuses a key that does not own the script, and scripts the account does not know', () => {
    const unsigned = onePayment();
    const other = account.address(0, 9).scriptHex;
    assert.throws(
      () => signTransaction(unsigned, () => account.secretKeyFor(other)),
      (e: unknown) => e instanceof WalletError && e.code === 'UNKNOWN_SCRIPT' && /input 0/.test(e.message),
    );
    const stranger = testAccount();
    assert.throws(
      () => signTransaction(unsigned, (s) => stranger.secretKeyFor(s)),
      (e: unknown) => e instanceof WalletError && e.code === 'UNKNOWN_SCRIPT',
    );
  });

  it('refuses an unsigned transaction whose entries do not line up with its inputs', () => {
    const unsigned = onePayment();
    assert.throws(
      () => signTransaction({ ...unsigned, entries: unsigned.entries.slice(1) }, secretKeyFor),
      (e: unknown) => e instanceof WalletError && e.code === 'BAD_REQUEST',
    );
  });
});
