import { type AddressPrefix, AddressError, addressToScriptPublicKey, decodeAddress } from '../consensus/address.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { MAX_SOMPI } from '../consensus/validation/tx-constants.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { formatSompi } from '../../../src-shared/amount.ts';
import { WalletError } from './errors.ts';
import { dustThreshold, isDust } from './relay-policy.ts';
import { isP2pkScript, type TransactionShapes } from './transaction-shape.ts';
import type { WalletUtxo } from './utxo.ts';

/** The recipient's script; an unusable address becomes BAD_ADDRESS carrying the AddressError's words. */
export function recipientScript(to: string, network: AddressPrefix): ScriptPublicKey {
  if (typeof to !== 'string') throw new WalletError('BAD_ADDRESS', 'The recipient address is missing.');
  try {
    return addressToScriptPublicKey(decodeAddress(to.trim(), network));
  } catch (cause) {
    if (cause instanceof AddressError) throw new WalletError('BAD_ADDRESS', cause.message, { cause });
    throw cause;
  }
}

/** A whole number of sompi, at most the supply, and not dust for the recipient's script. */
export function checkAmount(amount: unknown, recipient: ScriptPublicKey): bigint {
  if (typeof amount !== 'bigint' || amount > MAX_SOMPI) {
    throw new WalletError('BAD_AMOUNT', 'The amount must be a whole number of sompi, at most the total supply.');
  }
  if (amount <= 0n || isDust(amount, recipient)) {
    throw new WalletError(
      'AMOUNT_TOO_SMALL',
      `The network does not relay payments below ${formatSompi(dustThreshold(recipient))} to this address ` +
        `(kaspad's dust limit); ${formatSompi(amount)} is too small.`,
    );
  }
  return amount;
}

const OUTPOINT_KEY = /^[0-9a-f]{64}:(?:0|[1-9]\d{0,9})$/;

/** The builder trusts the caller on maturity, not on shape: a malformed list is refused, not signed. */
export function checkUtxos(utxos: readonly WalletUtxo[]): void {
  if (!Array.isArray(utxos)) throw new WalletError('BAD_REQUEST', 'The outputs to spend must be a list.');
  const seen = new Set<string>();
  for (const utxo of utxos) {
    if (typeof utxo?.outpoint !== 'string' || !OUTPOINT_KEY.test(utxo.outpoint)) {
      throw new WalletError('BAD_REQUEST', `"${String(utxo?.outpoint)}" is not an outpoint ("txid:index").`);
    }
    if (seen.has(utxo.outpoint)) throw new WalletError('BAD_REQUEST', `Output ${utxo.outpoint} is listed twice.`);
    seen.add(utxo.outpoint);
    const { entry } = utxo;
    if (typeof entry?.amount !== 'bigint' || entry.amount <= 0n || entry.amount > MAX_SOMPI) {
      throw new WalletError('BAD_REQUEST', `Output ${utxo.outpoint} has no valid amount.`);
    }
    // Only the wallet's own P2PK outputs can be signed, and the fee assumes their signature size.
    if (!isP2pkScript(entry.scriptPublicKey)) {
      throw new WalletError('BAD_REQUEST', `Output ${utxo.outpoint} does not pay to a P2PK address.`);
    }
    if (utxo.scriptHex !== bytesToHex(entry.scriptPublicKey.script)) {
      throw new WalletError('BAD_REQUEST', `Output ${utxo.outpoint}: scriptHex is not its entry's script.`);
    }
  }
}

/** A mass limit so low that not even a one-input payment fits is the caller's error. */
export function checkMassLimit(shapes: TransactionShapes, maxPaymentInputs: number): void {
  if (maxPaymentInputs < 1) {
    throw new WalletError('BAD_REQUEST', `A transaction mass limit of ${shapes.maxMass} is too small for any payment.`);
  }
}
