import type { Transaction, UtxoEntry } from '../consensus/model/transaction.ts';
import { hexToBytes } from '../encoding/hex.ts';

/** The transaction shape of the transcribed vector files (tx_hashing.json, sighash.json). */
export interface VectorTx {
  version: number;
  inputs: {
    prev_txid: string;
    prev_index: number;
    signature_script: string;
    sequence: number | bigint;
    sig_op_count: number;
  }[];
  outputs: { value: number | bigint; spk_version: number; spk_script: string }[];
  lock_time: number | bigint;
  subnetwork_id: string;
  gas: number | bigint;
  payload: string;
  storage_mass?: number | bigint;
}

export interface VectorUtxo {
  amount: number | bigint;
  spk_version: number;
  spk_script: string;
  block_daa_score: number;
  is_coinbase: boolean;
}

export function txFromVector(v: VectorTx): Transaction {
  return {
    version: v.version,
    inputs: v.inputs.map((i) => ({
      previousOutpoint: { transactionId: hexToBytes(i.prev_txid, 32), index: i.prev_index },
      signatureScript: hexToBytes(i.signature_script),
      sequence: BigInt(i.sequence),
      sigOpCount: i.sig_op_count,
    })),
    outputs: v.outputs.map((o) => ({
      value: BigInt(o.value),
      scriptPublicKey: { version: o.spk_version, script: hexToBytes(o.spk_script) },
    })),
    lockTime: BigInt(v.lock_time),
    subnetworkId: hexToBytes(v.subnetwork_id, 20),
    gas: BigInt(v.gas),
    payload: hexToBytes(v.payload),
    storageMass: BigInt(v.storage_mass ?? 0),
  };
}

export function utxoFromVector(v: VectorUtxo): UtxoEntry {
  return {
    amount: BigInt(v.amount),
    scriptPublicKey: { version: v.spk_version, script: hexToBytes(v.spk_script) },
    blockDaaScore: v.block_daa_score,
    isCoinbase: v.is_coinbase,
  };
}
