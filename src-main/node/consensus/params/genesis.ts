import { hexToBytes } from '../../encoding/hex.ts';
import { transactionHash } from '../hashing/tx-hash.ts';
import { ZERO_HASH } from '../model/hash.ts';
import type { BlockHeader } from '../model/header.ts';
import { SUBNETWORK_ID_COINBASE, type Transaction } from '../model/transaction.ts';
import type { GenesisSpec } from './kaspa-genesis.ts';

export interface GenesisBlock {
  header: BlockHeader;
  coinbase: Transaction;
}

/** Builds a genesis block: no parents, zero scores, a single input-less coinbase. */
export function genesisBlock(spec: GenesisSpec): GenesisBlock {
  const coinbase: Transaction = {
    version: 0,
    inputs: [],
    outputs: [],
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_COINBASE,
    gas: 0n,
    payload: hexToBytes(spec.coinbasePayload),
    storageMass: 0n,
  };
  const header: BlockHeader = {
    version: 0,
    parents: [],
    hashMerkleRoot: transactionHash(coinbase),
    acceptedIdMerkleRoot: ZERO_HASH,
    utxoCommitment: hexToBytes(spec.utxoCommitment, 32),
    timestamp: spec.timestamp,
    bits: spec.bits,
    nonce: spec.nonce,
    daaScore: spec.daaScore,
    blueScore: 0,
    blueWork: 0n,
    pruningPoint: ZERO_HASH,
  };
  return { header, coinbase };
}
