import { transactionId } from '../hashing/tx-hash.ts';
import { ZERO_HASH } from '../model/hash.ts';
import { SUBNETWORK_ID_NATIVE, type ScriptPublicKey, type Transaction, type UtxoEntry } from '../model/transaction.ts';
import { MAX_TX_IN_SEQUENCE_NUM } from '../validation/tx-constants.ts';
import { Op } from './opcodes.ts';

/**
 * The transaction pair of kaspad reference_test.go createSpendingTx (test support only): a
 * crediting transaction paying 0 to `scriptPublicKey`, and a transaction spending that output
 * with `signatureScript`. Both are version 1 with final (max) sequences.
 */
export function referenceSpend(
  signatureScript: Uint8Array,
  scriptPublicKey: ScriptPublicKey,
): { tx: Transaction; spent: UtxoEntry } {
  const bare = {
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
  };
  const crediting: Transaction = {
    version: 1,
    inputs: [
      {
        previousOutpoint: { transactionId: ZERO_HASH, index: 0xffff_ffff },
        signatureScript: Uint8Array.of(Op.False, Op.False),
        sequence: MAX_TX_IN_SEQUENCE_NUM,
        sigOpCount: 0,
      },
    ],
    outputs: [{ value: 0n, scriptPublicKey }],
    ...bare,
  };
  const tx: Transaction = {
    version: 1,
    inputs: [
      {
        previousOutpoint: { transactionId: transactionId(crediting), index: 0 },
        signatureScript,
        sequence: MAX_TX_IN_SEQUENCE_NUM,
        sigOpCount: 0,
      },
    ],
    outputs: [{ value: 0n, scriptPublicKey: { version: 0, script: new Uint8Array(0) } }],
    ...bare,
  };
  return { tx, spent: { amount: 0n, scriptPublicKey, blockDaaScore: 0, isCoinbase: false } };
}
