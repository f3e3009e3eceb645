import { HASH_SIZE } from '../model/hash.ts';
import {
  isCoinbase,
  SUBNETWORK_ID_SIZE,
  type Transaction,
  type TransactionInput,
  type TransactionOutput,
} from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';
import { BlockBodyError } from './block-body-error.ts';

export type MassParams = Pick<ConsensusParams, 'massPerTxByte' | 'massPerScriptPubKeyByte' | 'massPerSigOp'>;
export type BlockMassParams = MassParams & Pick<ConsensusParams, 'maxBlockMass'>;

const U16 = 2;
const U32 = 4;
const U64 = 8;

/** kaspad txmass outpointEstimatedSerializedSize: transaction id and u32 index. */
const OUTPOINT_SIZE = HASH_SIZE + U32;

/**
 * kaspad txmass transactionInputEstimatedSerializedSize: outpoint, length-prefixed signature
 * script, sequence. The sig-op count byte is not counted: the size is an estimate that only has
 * to be deterministic.
 */
function inputEstimatedSize(input: TransactionInput): number {
  return OUTPOINT_SIZE + U64 + input.signatureScript.length + U64;
}

/** kaspad txmass TransactionOutputEstimatedSerializedSize: value, script version, length-prefixed script. */
function outputEstimatedSize(output: TransactionOutput): number {
  return U64 + U16 + U64 + output.scriptPublicKey.script.length;
}

/**
 * kaspad txmass transactionEstimatedSerializedSize: version, counts, inputs, outputs, lock time,
 * subnetwork id, gas, a payload hash (not actually serialized, but counted) and the
 * length-prefixed payload. A coinbase's size is 0.
 */
export function transactionEstimatedSerializedSize(tx: Transaction): number {
  if (isCoinbase(tx)) return 0;
  let size = U16 + U64;
  for (const input of tx.inputs) size += inputEstimatedSize(input);
  size += U64;
  for (const output of tx.outputs) size += outputEstimatedSize(output);
  size += U64 + SUBNETWORK_ID_SIZE + U64 + HASH_SIZE + U64 + tx.payload.length;
  return size;
}

/**
 * kaspad v0.12.20 txmass CalculateTransactionMass, the only mass its consensus knows (the KIP-9
 * storage mass in the same file is used by the wallet alone):
 *   size × massPerTxByte + Σ outputs (2 + script length) × massPerScriptPubKeyByte
 *   + Σ inputs sigOpCount × massPerSigOp,
 * with the inputs' declared sig-op counts (checked against the scripts in context). A coinbase
 * weighs 0. Every term stays far below 2^53 for any transaction a block can carry.
 */
export function transactionMass(tx: Transaction, params: MassParams): number {
  if (isCoinbase(tx)) return 0;
  const massForSize = transactionEstimatedSerializedSize(tx) * params.massPerTxByte;
  let scriptPublicKeyBytes = 0;
  for (const output of tx.outputs) scriptPublicKeyBytes += U16 + output.scriptPublicKey.script.length;
  let sigOps = 0;
  for (const input of tx.inputs) sigOps += input.sigOpCount;
  return massForSize + scriptPublicKeyBytes * params.massPerScriptPubKeyByte + sigOps * params.massPerSigOp;
}

/**
 * kaspad blockvalidator checkBlockMass: the masses, summed in block order, must never pass
 * maxBlockMass. Returns the block's total mass.
 */
export function checkBlockMass(transactions: readonly Transaction[], params: BlockMassParams): number {
  let mass = 0;
  for (const tx of transactions) {
    mass += transactionMass(tx, params);
    if (mass > params.maxBlockMass) {
      throw new BlockBodyError('BLOCK_MASS_TOO_HIGH', `the block's mass passes the limit of ${params.maxBlockMass}`);
    }
  }
  return mass;
}
