import { schnorrSignatureHash, SighashReusedValues, SigHashType } from '../consensus/hashing/sighash.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { bytesEqual } from '../encoding/hex.ts';
import { schnorrPublicKey, signSchnorr } from '../crypto/schnorr.ts';
import type { UnsignedTransaction } from './batch-builder.ts';
import { WalletError } from './errors.ts';
import { P2PK_SIG_OP_COUNT, P2PK_SIGNATURE_SCRIPT_LENGTH } from './transaction-shape.ts';

/** Returns the private key of a script (hex, no version); signTransaction wipes it after use. */
export type SecretKeyLookup = (scriptHex: string) => Uint8Array;

const OP_DATA_65 = 0x41;

/**
 * Signs every input with SigHashAll Schnorr (kaspad libkaspawallet sign.go): the signature
 * script of a P2PK input is one push of the 64-byte signature and the hash-type byte. The
 * transaction ID does not change, so outputs of a compound can be spent before it is signed.
 * The unsigned transaction is left as it was; a new one is returned.
 */
export function signTransaction(unsigned: UnsignedTransaction, secretKeyFor: SecretKeyLookup): Transaction {
  const { transaction, entries, scriptHexes } = unsigned;
  if (entries.length !== transaction.inputs.length || scriptHexes.length !== transaction.inputs.length) {
    throw new WalletError('BAD_REQUEST', 'Every input needs its spent entry and script.');
  }
  const reused = new SighashReusedValues();
  const inputs = transaction.inputs.map((input, index) => {
    if (input.sigOpCount !== P2PK_SIG_OP_COUNT) {
      throw new WalletError('BAD_REQUEST', `Input ${index} does not declare the one sig op of a P2PK spend.`);
    }
    const entry = entries[index] as (typeof entries)[number];
    const secret = secretKeyFor(scriptHexes[index] as string);
    try {
      // The key must be the one the script names; a wrong one would only fail later, at the node.
      if (!bytesEqual(schnorrPublicKey(secret), entry.scriptPublicKey.script.subarray(1, 33))) {
        throw new WalletError('UNKNOWN_SCRIPT', `The key given for input ${index} does not own the output it spends.`);
      }
      const sighash = schnorrSignatureHash(transaction, index, entry, SigHashType.All, reused);
      const signatureScript = new Uint8Array(P2PK_SIGNATURE_SCRIPT_LENGTH);
      signatureScript[0] = OP_DATA_65;
      signatureScript.set(signSchnorr(secret, sighash), 1);
      signatureScript[P2PK_SIGNATURE_SCRIPT_LENGTH - 1] = SigHashType.All;
      return { ...input, signatureScript };
    } finally {
      secret.fill(0);
    }
  });
  return { ...transaction, inputs };
}

/** Signs a whole plan in order (compounds first, the payment last), ready to submit in that order. */
export function signTransactions(
  transactions: readonly UnsignedTransaction[],
  secretKeyFor: SecretKeyLookup,
): Transaction[] {
  return transactions.map((unsigned) => signTransaction(unsigned, secretKeyFor));
}
