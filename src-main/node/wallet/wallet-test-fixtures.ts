import assert from 'node:assert/strict';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { Transaction, UtxoEntry } from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { validateTransactionInIsolation } from '../consensus/validation/transaction-in-isolation.ts';
import { validateTransactionFully } from '../consensus/validation/transaction-validator.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { randomBytesFrom } from '../test-support/seeded-random.ts';
import { WalletAccount, type WalletAddress } from './account.ts';
import { CHANGE_CHAIN, RECEIVE_CHAIN } from './derivation.ts';
import { MAX_STANDARD_TRANSACTION_MASS } from '../mempool/standardness.ts';
import { feeForMass, isDust, parseFeeRate } from './relay-policy.ts';
import { signTransactions } from './signer.ts';
import type { PaymentPlan, PaymentRequest } from './transaction-builder.ts';
import { withPlaceholderSignatures } from './transaction-shape.ts';
import { type WalletUtxo, walletUtxo } from './utxo.ts';

/** Test-only helpers shared by the wallet's tests: a fixed account, funded outputs, plan checks. */

export const SIMNET = DAGWALLET_NETWORKS.simnet;

/** BIP39's all-"abandon" 24-word test phrase. */
export const TEST_MNEMONIC = `${'abandon '.repeat(23)}art`;

export function testAccount(): WalletAccount {
  return WalletAccount.fromMnemonic(TEST_MNEMONIC, '', SIMNET.addressPrefix);
}

/** A second wallet on the same network, the recipient of the tests' payments. */
export function recipientAddress(): string {
  return WalletAccount.fromMnemonic(TEST_MNEMONIC, 'recipient', SIMNET.addressPrefix).address(RECEIVE_CHAIN, 0).address;
}

/** Hands out change addresses 0, 1, 2, … and remembers them. */
export function changeAddresses(account: WalletAccount): { next: () => WalletAddress; handed: WalletAddress[] } {
  const handed: WalletAddress[] = [];
  return {
    handed,
    next: () => {
      const address = account.address(CHANGE_CHAIN, handed.length);
      handed.push(address);
      return address;
    },
  };
}

/** Outputs of the given amounts to receive addresses 0..9 of the account, with random outpoints. */
export function fundedUtxos(account: WalletAccount, amounts: readonly bigint[], random: () => number): WalletUtxo[] {
  return amounts.map((amount, i) => {
    const entry: UtxoEntry = {
      amount,
      scriptPublicKey: account.address(RECEIVE_CHAIN, i % 10).scriptPublicKey,
      blockDaaScore: 1000 + i,
      isCoinbase: i % 3 === 0,
    };
    return walletUtxo(randomBytesFrom(random, 32), Math.floor(random() * 4), entry);
  });
}

function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * Every invariant a plan promises, checked from the transactions alone: each balances and fits
 * the mass limit at a fee at least its mass's; inputs spend offered outputs or earlier outputs of
 * the batch, each once; the recipient gets exactly `sent`; everything else stays in the wallet.
 */
export function checkPlan(plan: PaymentPlan, request: PaymentRequest, recipientScriptHex: string): void {
  const maxMass = request.maxTransactionMass ?? MAX_STANDARD_TRANSACTION_MASS;
  const rate = parseFeeRate(request.feeRate ?? 1);
  const available = new Map(request.utxos.map((u) => [u.outpoint, u.entry]));
  const createdInBatch = new Set<string>();
  const spentFromWallet: bigint[] = [];
  let toRecipient = 0n;
  let keptInWallet = 0n;
  assert.ok(plan.transactions.length > 0);
  plan.transactions.forEach((unsigned, t) => {
    const { transaction: tx, entries } = unsigned;
    const isLast = t === plan.transactions.length - 1;
    assert.equal(unsigned.kind, isLast ? 'payment' : 'compound');
    validateTransactionInIsolation(tx, SIMNET);
    assert.equal(entries.length, tx.inputs.length);
    tx.inputs.forEach((input, i) => {
      assert.equal(input.signatureScript.length, 0);
      assert.equal(input.sigOpCount, 1);
      const key = outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index);
      const entry = available.get(key);
      assert.ok(entry, `input ${i} of transaction ${t} spends ${key}, which is not available`);
      assert.equal(entry.amount, entries[i]?.amount);
      assert.equal(bytesToHex(entry.scriptPublicKey.script), unsigned.scriptHexes[i]);
      available.delete(key);
      if (createdInBatch.has(key)) createdInBatch.delete(key);
      else spentFromWallet.push(entry.amount);
    });
    const inputTotal = sum(entries.map((e) => e.amount));
    const outputTotal = sum(tx.outputs.map((o) => o.value));
    assert.equal(inputTotal, outputTotal + unsigned.fee, `transaction ${t} does not balance`);
    const mass = transactionMass(withPlaceholderSignatures(tx), SIMNET);
    assert.equal(unsigned.mass, mass);
    assert.ok(mass <= maxMass, `transaction ${t} has mass ${mass} over ${maxMass}`);
    assert.ok(unsigned.fee >= feeForMass(mass, rate), `transaction ${t} pays less than its mass's fee`);
    assert.equal(unsigned.id, bytesToHex(transactionId(tx)));
    if (!isLast) assert.equal(tx.outputs.length, 1, 'a compound has one output');
    tx.outputs.forEach((output, index) => {
      assert.ok(!isDust(output.value, output.scriptPublicKey), 'no dust output');
      const scriptHex = bytesToHex(output.scriptPublicKey.script);
      if (isLast && index === 0) {
        assert.equal(scriptHex, recipientScriptHex);
        toRecipient += output.value;
        return;
      }
      assert.notEqual(scriptHex, recipientScriptHex);
      const key = outpointKey(transactionId(tx), index);
      available.set(key, {
        amount: output.value,
        scriptPublicKey: output.scriptPublicKey,
        blockDaaScore: 0,
        isCoinbase: false,
      });
      if (isLast) keptInWallet += output.value;
      else createdInBatch.add(key);
    });
  });
  assert.equal(createdInBatch.size, 0, 'every compound output is spent by the batch');
  assert.equal(toRecipient, plan.sent);
  if (request.amount !== 'max') assert.equal(plan.sent, request.amount);
  assert.equal(keptInWallet, plan.change);
  const fees = sum(plan.transactions.map((t) => t.fee));
  assert.equal(plan.fee, fees);
  // Nothing leaves the wallet but the payment and the fees.
  assert.equal(sum(spentFromWallet), plan.sent + plan.change + plan.fee);
  if (request.amount === 'max') {
    assert.equal(plan.change, 0n);
    assert.equal(spentFromWallet.length, request.utxos.length, 'send-max spends every output');
  }
}

/**
 * Signs the plan and runs each transaction through the real consensus validation, in order:
 * the outputs of each signed compound, found by its transactionId, are what the next ones spend.
 */
export function signAndValidate(plan: PaymentPlan, request: PaymentRequest, account: WalletAccount): Transaction[] {
  const signed = signTransactions(plan.transactions, (scriptHex) => account.secretKeyFor(scriptHex));
  const view = new Map(request.utxos.map((u) => [u.outpoint, u.entry]));
  const povDaaScore = 1_000_000;
  signed.forEach((tx, t) => {
    const unsigned = plan.transactions[t];
    assert.ok(unsigned);
    const entries = tx.inputs.map((input) => {
      const entry = view.get(outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index));
      assert.ok(entry, `transaction ${t} spends an output not found by transaction id`);
      return entry;
    });
    assert.equal(validateTransactionFully(tx, entries, povDaaScore, SIMNET), unsigned.fee);
    assert.equal(transactionMass(tx, SIMNET), unsigned.mass, 'the signed mass is the planned mass');
    assert.equal(bytesToHex(transactionId(tx)), unsigned.id, 'signing keeps the transaction id');
    tx.outputs.forEach((output, index) => {
      view.set(outpointKey(transactionId(tx), index), {
        amount: output.value,
        scriptPublicKey: output.scriptPublicKey,
        blockDaaScore: povDaaScore - 1,
        isCoinbase: false,
      });
    });
  });
  return signed;
}
