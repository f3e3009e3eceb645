import { domainHash, HashDomain } from '../../crypto/domain-hash.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import type { Hash } from '../model/hash.ts';
import { isCoinbase, type Transaction } from '../model/transaction.ts';

const EMPTY = new Uint8Array(0);

/**
 * Kaspa's legacy transaction serialization (rusty-kaspa hashing/tx.rs, kaspad
 * consensushashing): version u16 | u64 input count | per input: txid, index u32, u64 length +
 * signature script, sig-op count u8, sequence u64 | u64 output count | per output: value u64,
 * script version u16, u64 length + script | lock time u64 | subnetwork id (20) | gas u64 |
 * u64 length + payload.
 *
 * For the transaction ID the signature scripts are left out (written empty, no sig-op count), so
 * signing does not change the ID; Go kaspad keeps the full inputs for coinbases, and we follow it.
 */
export function writeTransaction(w: ByteWriter, tx: Transaction, forId: boolean): void {
  const withSignatures = !forId || isCoinbase(tx);
  w.u16(tx.version).u64(tx.inputs.length);
  for (const input of tx.inputs) {
    w.bytes(input.previousOutpoint.transactionId).u32(input.previousOutpoint.index);
    if (withSignatures) {
      w.varBytes(input.signatureScript).u8(input.sigOpCount);
    } else {
      w.varBytes(EMPTY);
    }
    w.u64(input.sequence);
  }
  w.u64(tx.outputs.length);
  for (const output of tx.outputs) {
    w.u64(output.value).u16(output.scriptPublicKey.version).varBytes(output.scriptPublicKey.script);
  }
  w.u64(tx.lockTime).bytes(tx.subnetworkId).u64(tx.gas).varBytes(tx.payload);
}

function estimatedSize(tx: Transaction): number {
  let n = 64 + tx.payload.length;
  for (const i of tx.inputs) n += 64 + i.signatureScript.length;
  for (const o of tx.outputs) n += 24 + o.scriptPublicKey.script.length;
  return n;
}

export function transactionId(tx: Transaction): Hash {
  const w = new ByteWriter(estimatedSize(tx));
  writeTransaction(w, tx, true);
  return domainHash(HashDomain.TransactionID, w.finish());
}

/** The hash that goes into hash_merkle_root: full serialization, plus storage mass when non-zero. */
export function transactionHash(tx: Transaction): Hash {
  const w = new ByteWriter(estimatedSize(tx));
  writeTransaction(w, tx, false);
  if (tx.storageMass > 0n) w.u64(tx.storageMass);
  return domainHash(HashDomain.TransactionHash, w.finish());
}
