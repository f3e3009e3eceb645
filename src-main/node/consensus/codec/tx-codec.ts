import { ByteReader } from '../../encoding/byte-reader.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { writeTransaction } from '../hashing/tx-hash.ts';
import { HASH_SIZE } from '../model/hash.ts';
import {
  SUBNETWORK_ID_SIZE,
  type Transaction,
  type TransactionInput,
  type TransactionOutput,
} from '../model/transaction.ts';

/**
 * Transactions travel as their full hashing serialization followed by the storage-mass u64, so
 * both the ID and the hash can be recomputed from the bytes. Limits bound allocation before
 * consensus applies its mass rules.
 */
export interface TxDecodeLimits {
  maxInputs: number;
  maxOutputs: number;
  maxSignatureScriptLength: number;
  maxScriptPublicKeyLength: number;
  maxPayloadLength: number;
}

export const TX_LIMITS: TxDecodeLimits = {
  maxInputs: 10_000,
  maxOutputs: 10_000,
  maxSignatureScriptLength: 10_000,
  maxScriptPublicKeyLength: 10_000,
  maxPayloadLength: 100_000,
};

/** Smallest encodings, used to refuse counts the remaining bytes cannot hold. */
const MIN_INPUT_SIZE = HASH_SIZE + 4 + 8 + 1 + 8;
const MIN_OUTPUT_SIZE = 8 + 2 + 8;

export function writeWireTransaction(w: ByteWriter, tx: Transaction): void {
  writeTransaction(w, tx, false);
  w.u64(tx.storageMass);
}

export function encodeTransaction(tx: Transaction): Uint8Array {
  const w = new ByteWriter(256);
  writeWireTransaction(w, tx);
  return w.finish();
}

export function readTransaction(r: ByteReader, limits: TxDecodeLimits = TX_LIMITS): Transaction {
  const version = r.u16('transaction version');
  const inputCount = r.count(limits.maxInputs, MIN_INPUT_SIZE, 'input');
  const inputs: TransactionInput[] = [];
  for (let i = 0; i < inputCount; i++) {
    const transactionId = r.bytes(HASH_SIZE, 'outpoint transaction ID');
    const index = r.u32('outpoint index');
    const signatureScript = r.varBytes(limits.maxSignatureScriptLength, 'signature script');
    const sigOpCount = r.u8('sig-op count');
    const sequence = r.u64('sequence');
    inputs.push({ previousOutpoint: { transactionId, index }, signatureScript, sequence, sigOpCount });
  }
  const outputCount = r.count(limits.maxOutputs, MIN_OUTPUT_SIZE, 'output');
  const outputs: TransactionOutput[] = [];
  for (let i = 0; i < outputCount; i++) {
    const value = r.u64('output value');
    const version = r.u16('script version');
    const script = r.varBytes(limits.maxScriptPublicKeyLength, 'script public key');
    outputs.push({ value, scriptPublicKey: { version, script } });
  }
  const lockTime = r.u64('lock time');
  const subnetworkId = r.bytes(SUBNETWORK_ID_SIZE, 'subnetwork ID');
  const gas = r.u64('gas');
  const payload = r.varBytes(limits.maxPayloadLength, 'payload');
  const storageMass = r.u64('storage mass');
  return { version, inputs, outputs, lockTime, subnetworkId, gas, payload, storageMass };
}

export function decodeTransaction(bytes: Uint8Array, limits: TxDecodeLimits = TX_LIMITS): Transaction {
  const r = new ByteReader(bytes);
  const tx = readTransaction(r, limits);
  r.expectEnd('transaction');
  return tx;
}
