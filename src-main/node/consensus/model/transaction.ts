import type { Hash } from './hash.ts';

export const SUBNETWORK_ID_SIZE = 20;

export interface Outpoint {
  transactionId: Hash;
  index: number;
}

export interface TransactionInput {
  previousOutpoint: Outpoint;
  signatureScript: Uint8Array;
  sequence: bigint;
  sigOpCount: number;
}

export interface ScriptPublicKey {
  version: number;
  script: Uint8Array;
}

export interface TransactionOutput {
  /** Sompi. */
  value: bigint;
  scriptPublicKey: ScriptPublicKey;
}

export interface Transaction {
  version: number;
  inputs: TransactionInput[];
  outputs: TransactionOutput[];
  lockTime: bigint;
  subnetworkId: Uint8Array;
  gas: bigint;
  payload: Uint8Array;
  /**
   * Post-Crescendo storage-mass commitment, hashed only when non-zero. Always 0 under the
   * legacy rules dagwallet enforces; kept so era-2 streams hash correctly.
   */
  storageMass: bigint;
}

/** An unspent output as the UTXO set stores it. */
export interface UtxoEntry {
  amount: bigint;
  scriptPublicKey: ScriptPublicKey;
  blockDaaScore: number;
  isCoinbase: boolean;
}

function subnetworkIdWithFirstByte(first: number): Uint8Array {
  const id = new Uint8Array(SUBNETWORK_ID_SIZE);
  id[0] = first;
  return id;
}

export const SUBNETWORK_ID_NATIVE = subnetworkIdWithFirstByte(0);
export const SUBNETWORK_ID_COINBASE = subnetworkIdWithFirstByte(1);
export const SUBNETWORK_ID_REGISTRY = subnetworkIdWithFirstByte(2);

function isSubnetwork(tx: Transaction, id: Uint8Array): boolean {
  const s = tx.subnetworkId;
  for (let i = 0; i < SUBNETWORK_ID_SIZE; i++) if (s[i] !== id[i]) return false;
  return true;
}

export function isCoinbase(tx: Transaction): boolean {
  return isSubnetwork(tx, SUBNETWORK_ID_COINBASE);
}

export function isNativeSubnetwork(tx: Transaction): boolean {
  return isSubnetwork(tx, SUBNETWORK_ID_NATIVE);
}
