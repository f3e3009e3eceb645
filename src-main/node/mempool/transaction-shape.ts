import { TX_LIMITS } from '../consensus/codec/tx-codec.ts';
import { HASH_SIZE } from '../consensus/model/hash.ts';
import { SUBNETWORK_ID_SIZE, type Transaction } from '../consensus/model/transaction.ts';
import { MempoolError } from './mempool-error.ts';

const U64_MAX = (1n << 64n) - 1n;

/**
 * Checks that an untrusted value (e.g. from a JSON API) is a Transaction whose every field has
 * the type and range its wire encoding allows, within the decoder's count and length limits
 * (TX_LIMITS), so hashing, mass and validation can run on it without throwing anything but
 * typed errors. Throws MALFORMED naming the first bad field.
 */
export function assertTransactionShape(value: unknown): asserts value is Transaction {
  const fail = (why: string): never => {
    throw new MempoolError('MALFORMED', `not a valid transaction: ${why}`);
  };
  if (!isObject(value)) fail('not an object');
  const tx = value as Record<string, unknown>;
  if (!isUint(tx.version, 0xffff)) fail('version is not a u16');
  if (!Array.isArray(tx.inputs)) fail('inputs is not an array');
  if (!Array.isArray(tx.outputs)) fail('outputs is not an array');
  const inputs = tx.inputs as unknown[];
  const outputs = tx.outputs as unknown[];
  if (inputs.length > TX_LIMITS.maxInputs) fail(`${inputs.length} inputs, at most ${TX_LIMITS.maxInputs} allowed`);
  if (outputs.length > TX_LIMITS.maxOutputs) {
    fail(`${outputs.length} outputs, at most ${TX_LIMITS.maxOutputs} allowed`);
  }
  inputs.forEach((input, i) => {
    if (!isObject(input)) fail(`input ${i} is not an object`);
    const { previousOutpoint, signatureScript, sequence, sigOpCount } = input as Record<string, unknown>;
    if (!isObject(previousOutpoint)) fail(`input ${i} has no previous outpoint`);
    const { transactionId, index } = previousOutpoint as Record<string, unknown>;
    if (!isBytes(transactionId, HASH_SIZE, HASH_SIZE))
      fail(`input ${i}: the outpoint's transaction ID is not 32 bytes`);
    if (!isUint(index, 0xffff_ffff)) fail(`input ${i}: the outpoint index is not a u32`);
    if (!isBytes(signatureScript, 0, TX_LIMITS.maxSignatureScriptLength)) {
      fail(`input ${i}: the signature script is not bytes of at most ${TX_LIMITS.maxSignatureScriptLength}`);
    }
    if (!isU64(sequence)) fail(`input ${i}: the sequence is not a u64 bigint`);
    if (!isUint(sigOpCount, 0xff)) fail(`input ${i}: the sig-op count is not a u8`);
  });
  outputs.forEach((output, i) => {
    if (!isObject(output)) fail(`output ${i} is not an object`);
    const { value: amount, scriptPublicKey } = output as Record<string, unknown>;
    if (!isU64(amount)) fail(`output ${i}: the value is not a u64 bigint`);
    if (!isObject(scriptPublicKey)) fail(`output ${i} has no script public key`);
    const { version, script } = scriptPublicKey as Record<string, unknown>;
    if (!isUint(version, 0xffff)) fail(`output ${i}: the script version is not a u16`);
    if (!isBytes(script, 0, TX_LIMITS.maxScriptPublicKeyLength)) {
      fail(`output ${i}: the script is not bytes of at most ${TX_LIMITS.maxScriptPublicKeyLength}`);
    }
  });
  if (!isU64(tx.lockTime)) fail('the lock time is not a u64 bigint');
  if (!isBytes(tx.subnetworkId, SUBNETWORK_ID_SIZE, SUBNETWORK_ID_SIZE)) fail('the subnetwork ID is not 20 bytes');
  if (!isU64(tx.gas)) fail('gas is not a u64 bigint');
  if (!isBytes(tx.payload, 0, TX_LIMITS.maxPayloadLength)) {
    fail(`the payload is not bytes of at most ${TX_LIMITS.maxPayloadLength}`);
  }
  // The legacy rules know no storage mass; a non-zero one would change the transaction's hash.
  if (tx.storageMass !== 0n) fail('the storage mass must be 0n under the legacy rules');
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function isU64(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value <= U64_MAX;
}

function isBytes(value: unknown, min: number, max: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length >= min && value.length <= max;
}
