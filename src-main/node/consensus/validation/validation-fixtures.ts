/**
 * Test fixtures for the validation tests: small hand-built transactions and the recorded
 * era-1 streams (all of whose blocks are valid). Not used by production code.
 */
import { readJsonDagStream, type StreamBlock } from '../../replay/json-dag-stream.ts';
import { streamNetwork } from '../../replay/stream-network.ts';
import { ERA1_STREAMS, vectorPath } from '../../test-support/vectors.ts';
import { hashMerkleRoot } from '../hashing/merkle.ts';
import type { BlockHeader } from '../model/header.ts';
import {
  SUBNETWORK_ID_COINBASE,
  SUBNETWORK_ID_NATIVE,
  type ScriptPublicKey,
  type Transaction,
  type TransactionInput,
} from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';

export interface RecordedStream {
  params: ConsensusParams;
  blocks: StreamBlock[];
}

const loaded = new Map<string, RecordedStream>();

/** goref-905-tx-265-blocks (index 0) or goref-notx-5000-blocks (index 1), read once. */
export function recordedStream(index: 0 | 1, limit = Infinity): RecordedStream {
  const path = ERA1_STREAMS[index] as string;
  let stream = loaded.get(path);
  if (!stream) {
    const json = readJsonDagStream(vectorPath(path));
    stream = { params: streamNetwork(json).params, blocks: json.blocks };
    loaded.set(path, stream);
  }
  return { params: stream.params, blocks: stream.blocks.slice(0, limit) };
}

/** A P2PK Schnorr script: OP_DATA_32 <key> OP_CHECKSIG, as every output in the streams. */
export function p2pkScript(keyByte = 7): ScriptPublicKey {
  const script = new Uint8Array(34).fill(keyByte);
  script[0] = 0x20;
  script[33] = 0xac;
  return { version: 0, script };
}

/** Stands in for the script module's counter on P2PK scripts only: one sig op each. */
export function p2pkSigOpCounter(_signatureScript: Uint8Array, scriptPublicKey: ScriptPublicKey): number {
  const s = scriptPublicKey.script;
  if (s.length === 34 && s[0] === 0x20 && s[33] === 0xac) return 1;
  throw new Error('the test counter knows P2PK scripts only');
}

export function input(txIdByte: number, index = 0, overrides: Partial<TransactionInput> = {}): TransactionInput {
  return {
    previousOutpoint: { transactionId: new Uint8Array(32).fill(txIdByte), index },
    signatureScript: new Uint8Array(66).fill(1),
    sequence: 0n,
    sigOpCount: 1,
    ...overrides,
  };
}

/** A native one-input, one-output transaction; override what a test needs. */
export function nativeTx(overrides: Partial<Transaction> = {}): Transaction {
  return {
    version: 0,
    inputs: [input(1)],
    outputs: [{ value: 1000n, scriptPublicKey: p2pkScript() }],
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE.slice(),
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
    ...overrides,
  };
}

export function coinbaseTx(overrides: Partial<Transaction> = {}): Transaction {
  return nativeTx({
    inputs: [],
    subnetworkId: SUBNETWORK_ID_COINBASE.slice(),
    payload: new Uint8Array(19),
    ...overrides,
  });
}

/** A copy of the header committing to these transactions, so a mutation meets the later rules. */
export function withMerkleRoot(header: BlockHeader, transactions: readonly Transaction[]): BlockHeader {
  return { ...header, hashMerkleRoot: hashMerkleRoot(transactions) };
}
