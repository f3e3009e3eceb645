import { sha256 } from '@noble/hashes/sha2.js';
import { domainHasher, HashDomain } from '../../crypto/domain-hash.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { type Hash, ZERO_HASH } from '../model/hash.ts';
import { isNativeSubnetwork, type Transaction, type UtxoEntry } from '../model/transaction.ts';

/** Hash types, the last byte of a signature (kaspad consensushashing). */
export const SigHashType = {
  All: 0b0000_0001,
  None: 0b0000_0010,
  Single: 0b0000_0100,
  AnyOneCanPay: 0b1000_0000,
} as const;
const SIGHASH_MASK = 0b0000_0111;

const STANDARD_HASH_TYPES = new Set([1, 2, 4, 0x81, 0x82, 0x84]);

export function isStandardSigHashType(hashType: number): boolean {
  return STANDARD_HASH_TYPES.has(hashType);
}

/**
 * The per-transaction hashes every input's sighash shares, computed once (this is what keeps
 * signing and verification linear in the number of inputs).
 */
export class SighashReusedValues {
  previousOutputs?: Hash;
  sequences?: Hash;
  sigOpCounts?: Hash;
  outputs?: Hash;
  payload?: Hash;
}

function hashWith(write: (w: ByteWriter) => void): Hash {
  const w = new ByteWriter(128);
  write(w);
  return domainHasher(HashDomain.TransactionSigningHash).update(w.finish()).digest();
}

function previousOutputsHash(tx: Transaction, hashType: number, reused: SighashReusedValues): Hash {
  if (hashType & SigHashType.AnyOneCanPay) return ZERO_HASH;
  reused.previousOutputs ??= hashWith((w) => {
    for (const i of tx.inputs) w.bytes(i.previousOutpoint.transactionId).u32(i.previousOutpoint.index);
  });
  return reused.previousOutputs;
}

function sequencesHash(tx: Transaction, hashType: number, reused: SighashReusedValues): Hash {
  const kind = hashType & SIGHASH_MASK;
  if (kind === SigHashType.Single || kind === SigHashType.None || hashType & SigHashType.AnyOneCanPay) return ZERO_HASH;
  reused.sequences ??= hashWith((w) => {
    for (const i of tx.inputs) w.u64(i.sequence);
  });
  return reused.sequences;
}

function sigOpCountsHash(tx: Transaction, hashType: number, reused: SighashReusedValues): Hash {
  if (hashType & SigHashType.AnyOneCanPay) return ZERO_HASH;
  reused.sigOpCounts ??= hashWith((w) => {
    for (const i of tx.inputs) w.u8(i.sigOpCount);
  });
  return reused.sigOpCounts;
}

function writeOutput(w: ByteWriter, output: Transaction['outputs'][number]): void {
  w.u64(output.value).u16(output.scriptPublicKey.version).varBytes(output.scriptPublicKey.script);
}

function outputsHash(tx: Transaction, inputIndex: number, hashType: number, reused: SighashReusedValues): Hash {
  const kind = hashType & SIGHASH_MASK;
  if (kind === SigHashType.None) return ZERO_HASH;
  if (kind === SigHashType.Single) {
    const output = tx.outputs[inputIndex];
    return output ? hashWith((w) => writeOutput(w, output)) : ZERO_HASH;
  }
  reused.outputs ??= hashWith((w) => {
    for (const o of tx.outputs) writeOutput(w, o);
  });
  return reused.outputs;
}

/** Legacy rule (Go kaspad): native transactions commit to no payload; others to its hash. */
function payloadHash(tx: Transaction, reused: SighashReusedValues): Hash {
  if (isNativeSubnetwork(tx)) return ZERO_HASH;
  reused.payload ??= hashWith((w) => w.varBytes(tx.payload));
  return reused.payload;
}

/**
 * The Schnorr signature hash of one input (kaspad v0.12 CalculateSignatureHash): a
 * TransactionSigningHash over version, the shared hashes, the spent outpoint, the spent
 * output's script and amount, the input's sequence and sig-op count, the outputs, lock time,
 * subnetwork, gas, payload hash and the hash type byte.
 * The caller checks `isStandardSigHashType` first; script validation fails non-standard types.
 */
export function schnorrSignatureHash(
  tx: Transaction,
  inputIndex: number,
  spent: UtxoEntry,
  hashType: number,
  reused: SighashReusedValues = new SighashReusedValues(),
): Hash {
  const input = tx.inputs[inputIndex];
  if (!input) throw new RangeError(`input ${inputIndex} does not exist`);
  const w = new ByteWriter(256);
  w.u16(tx.version)
    .bytes(previousOutputsHash(tx, hashType, reused))
    .bytes(sequencesHash(tx, hashType, reused))
    .bytes(sigOpCountsHash(tx, hashType, reused))
    .bytes(input.previousOutpoint.transactionId)
    .u32(input.previousOutpoint.index)
    .u16(spent.scriptPublicKey.version)
    .varBytes(spent.scriptPublicKey.script)
    .u64(spent.amount)
    .u64(input.sequence)
    .u8(input.sigOpCount)
    .bytes(outputsHash(tx, inputIndex, hashType, reused))
    .u64(tx.lockTime)
    .bytes(tx.subnetworkId)
    .u64(tx.gas)
    .bytes(payloadHash(tx, reused))
    .u8(hashType);
  return domainHasher(HashDomain.TransactionSigningHash).update(w.finish()).digest();
}

const ECDSA_DOMAIN_PREFIX = sha256(new TextEncoder().encode('TransactionSigningHashECDSA'));

/** ECDSA signs SHA-256(SHA-256("TransactionSigningHashECDSA") || data), data being the Schnorr sighash. */
export function ecdsaDomainHash(data: Uint8Array): Hash {
  return sha256.create().update(ECDSA_DOMAIN_PREFIX).update(data).digest();
}

export function ecdsaSignatureHash(
  tx: Transaction,
  inputIndex: number,
  spent: UtxoEntry,
  hashType: number,
  reused: SighashReusedValues = new SighashReusedValues(),
): Hash {
  return ecdsaDomainHash(schnorrSignatureHash(tx, inputIndex, spent, hashType, reused));
}
