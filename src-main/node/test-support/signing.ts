/**
 * Test support (not used by the node): Schnorr-signed spends of pay-to-public-key outputs, the
 * way a wallet signs them, for tests that need valid transactions on a real chain.
 */
import { schnorrSignatureHash, SighashReusedValues, SigHashType } from '../consensus/hashing/sighash.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import {
  type Outpoint,
  SUBNETWORK_ID_NATIVE,
  type Transaction,
  type TransactionOutput,
  type UtxoEntry,
} from '../consensus/model/transaction.ts';
import { type OutpointKey, parseOutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { signSchnorr } from '../crypto/schnorr.ts';

/** An output someone can spend: where it is and the UTXO entry its signature commits to (amount and script). */
export interface SpendableOutput {
  outpoint: Outpoint;
  entry: UtxoEntry;
}

/**
 * One input of `signTransaction`: the output it spends and the secret key of that output's P2PK
 * script. The outpoint may also be a key ("txid:index"), as the address index answers.
 */
export interface SignedSpend {
  outpoint: Outpoint | OutpointKey;
  entry: UtxoEntry;
  secretKey: Uint8Array;
}

/** Output `index` of `tx` as an input for a chained spend (its DAA score does not enter the sighash). */
export function outputOf(tx: Transaction, index: number): SpendableOutput {
  const output = tx.outputs[index];
  if (!output) throw new RangeError(`the transaction has no output ${index}`);
  return {
    outpoint: { transactionId: transactionId(tx), index },
    entry: { amount: output.value, scriptPublicKey: output.scriptPublicKey, blockDaaScore: 0, isCoinbase: false },
  };
}

/**
 * A native transaction spending `inputs` into `outputs`, each input signed with its own key, in
 * Schnorr over SigHashAll: signature script = OP_DATA_65 <64-byte signature> <hash type>, one sig
 * op declared. Signatures use zero auxiliary randomness, so the same spend is the same bytes.
 */
export function signTransaction(
  inputs: readonly SignedSpend[],
  outputs: readonly TransactionOutput[],
  fields: Partial<Pick<Transaction, 'lockTime'>> & { sequence?: bigint } = {},
): Transaction {
  const tx: Transaction = {
    version: 0,
    inputs: inputs.map(({ outpoint }) => ({
      previousOutpoint: typeof outpoint === 'string' ? parseOutpointKey(outpoint) : outpoint,
      signatureScript: new Uint8Array(0),
      sequence: fields.sequence ?? 0n,
      sigOpCount: 1,
    })),
    outputs: [...outputs],
    lockTime: fields.lockTime ?? 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
  };
  const reused = new SighashReusedValues();
  const auxRandom = new Uint8Array(32);
  const signatureScripts = inputs.map(({ entry, secretKey }, i) => {
    const hash = schnorrSignatureHash(tx, i, entry, SigHashType.All, reused);
    return Uint8Array.from([0x41, ...signSchnorr(secretKey, hash, auxRandom), SigHashType.All]);
  });
  signatureScripts.forEach((script, i) => ((tx.inputs[i] as Transaction['inputs'][number]).signatureScript = script));
  return tx;
}
