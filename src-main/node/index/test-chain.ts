/**
 * Test support (not used by the node): a real Consensus on dagwallet simnet in a SQLite file,
 * blocks mined with real proof of work (about two hashes each) on a test clock, keys owning
 * P2PK scripts, Schnorr-signed spends, and the virtual UTXO set read by brute force.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { AddressPrefix, AddressVersion, addressToScriptPublicKey } from '../consensus/address.ts';
import { Consensus } from '../consensus/consensus.ts';
import { SighashReusedValues, SigHashType, schnorrSignatureHash } from '../consensus/hashing/sighash.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import {
  isCoinbase,
  type ScriptPublicKey,
  SUBNETWORK_ID_NATIVE,
  type Transaction,
  type TransactionOutput,
  type UtxoEntry,
} from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { genesisBlock } from '../consensus/params/genesis.ts';
import {
  decodeUtxoEntry,
  type OutpointKey,
  outpointKey,
  parseOutpointKey,
} from '../consensus/utxo/utxo-serialization.ts';
import { schnorrPublicKey, signSchnorr } from '../crypto/schnorr.ts';
import { ConsensusStore } from '../store/consensus-store.ts';
import { blobToKey } from '../store/key-bytes.ts';
import { remine } from '../test-support/remine.ts';
import type { AddressIndex, AddressUtxo } from './address-index.ts';
import type { AddressHistoryRow } from './history-repository.ts';
import { scriptKeyHex } from './script-keys.ts';

export interface TestKey {
  secretKey: Uint8Array;
  /** Pay-to-public-key (Schnorr), script version 0: OP_DATA_32 <x-only key> OP_CHECKSIG. */
  script: ScriptPublicKey;
}

/** A key derived from a label, so every run owns the same scripts. */
export function testKey(label: string): TestKey {
  const secretKey = sha256(new TextEncoder().encode(`dagwallet test key ${label}`));
  const script = addressToScriptPublicKey({
    prefix: AddressPrefix.Dagsim,
    version: AddressVersion.PubKey,
    payload: schnorrPublicKey(secretKey),
  });
  return { secretKey, script };
}

export interface Spend {
  outpoint: OutpointKey;
  entry: UtxoEntry;
  key: TestKey;
}

/** A native transaction spending `inputs` to `outputs`, each input signed SIGHASH_ALL: 0x41 <64-byte signature> 0x01. */
export function signedTransaction(inputs: readonly Spend[], outputs: readonly TransactionOutput[]): Transaction {
  const tx: Transaction = {
    version: 0,
    inputs: inputs.map(({ outpoint }) => ({
      previousOutpoint: parseOutpointKey(outpoint),
      signatureScript: new Uint8Array(),
      sequence: 0n,
      sigOpCount: 1,
    })),
    outputs: [...outputs],
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(),
    storageMass: 0n,
  };
  const reused = new SighashReusedValues();
  const signatureScripts = inputs.map(({ entry, key }, i) => {
    const signature = signSchnorr(key.secretKey, schnorrSignatureHash(tx, i, entry, SigHashType.All, reused));
    return Uint8Array.of(0x41, ...signature, SigHashType.All);
  });
  signatureScripts.forEach(
    (signatureScript, i) => ((tx.inputs[i] as Transaction['inputs'][number]).signatureScript = signatureScript),
  );
  return tx;
}

export interface MinedBlock {
  hash: BlockKey;
  header: BlockHeader;
  transactions: Transaction[];
}

const SIMNET = DAGWALLET_NETWORKS.simnet;

/** A simnet consensus on a store file, with a clock that follows the blocks it is given. */
export class TestChain {
  readonly store: ConsensusStore;
  readonly consensus: Consensus;
  /** Every block mined or inserted here, to feed the same blocks to another store. */
  readonly blocks = new Map<BlockKey, MinedBlock>();
  #time: number;

  constructor(path: string) {
    const { header, coinbase } = genesisBlock(SIMNET.genesis);
    this.#time = header.timestamp;
    this.store = ConsensusStore.open(path);
    this.consensus = new Consensus(this.store, {
      params: SIMNET,
      genesis: header,
      genesisTransactions: [coinbase],
      now: () => this.#time + 1000,
    });
    // A reopened store's clock resumes at its sink.
    this.#time = Math.max(this.#time, this.consensus.header(this.consensus.sink())?.timestamp ?? 0);
  }

  /**
   * Mines a block on `parents` (default: the virtual's) whose coinbase pays `payTo`, carrying
   * `transactions`, and inserts it; throws unless it is UTXO valid.
   */
  mine(
    payTo: ScriptPublicKey,
    options: { parents?: readonly BlockKey[]; transactions?: Transaction[] } = {},
  ): BlockKey {
    this.#time += 1000;
    const template = this.consensus.blockTemplate(options.parents ?? this.consensus.virtualState().parents, {
      timestamp: this.#time,
      coinbaseData: { scriptPublicKey: payTo, extraData: new Uint8Array() },
      transactions: options.transactions ?? [],
    });
    const header = remine(template.header);
    this.#time = Math.max(this.#time, header.timestamp);
    return this.insert({ hash: '', header, transactions: template.transactions });
  }

  /** `count` blocks, each on the one before, the first on `from` (default: the virtual's parents). */
  mineChain(count: number, payTo: ScriptPublicKey, from?: BlockKey): BlockKey[] {
    const hashes: BlockKey[] = [];
    for (let i = 0; i < count; i++) {
      const parents = hashes.length > 0 ? [hashes.at(-1) as BlockKey] : from !== undefined ? [from] : undefined;
      hashes.push(this.mine(payTo, parents ? { parents } : {}));
    }
    return hashes;
  }

  /** Inserts a block (mined here or elsewhere); throws unless it is UTXO valid. */
  insert(block: MinedBlock): BlockKey {
    this.#time = Math.max(this.#time, block.header.timestamp);
    const result = this.consensus.insertBlock(block.header, block.transactions);
    if (result.utxo?.status !== 'valid')
      throw new Error(`block ${result.hash} is not valid: ${JSON.stringify(result.utxo)}`);
    this.blocks.set(result.hash, { ...block, hash: result.hash });
    return result.hash;
  }

  /** The selected chain from genesis's child to the sink, oldest first. */
  selectedChain(): BlockKey[] {
    const chain: BlockKey[] = [];
    for (let block = this.consensus.sink(); block !== this.consensus.genesis;) {
      chain.push(block);
      block = (this.consensus.ghostdagData(block) as { selectedParent: BlockKey }).selectedParent;
    }
    return chain.reverse();
  }

  close(): void {
    this.store.close();
  }
}

/** The oldest coinbase output paying `script` that a block on the virtual's parents may spend. */
export function matureCoinbase(chain: TestChain, script: ScriptPublicKey): { outpoint: OutpointKey; entry: UtxoEntry } {
  const { consensus } = chain;
  const { daaScore } = consensus.virtualState();
  const key = scriptKeyHex(script);
  const mature = [...virtualUtxoSet(consensus)]
    .filter(
      ([, entry]) =>
        entry.isCoinbase &&
        scriptKeyHex(entry.scriptPublicKey) === key &&
        entry.blockDaaScore + consensus.params.coinbaseMaturity < daaScore,
    )
    .sort(([, x], [, y]) => x.blockDaaScore - y.blockDaaScore);
  const [oldest] = mature;
  if (oldest === undefined) throw new Error('no mature coinbase pays this script yet');
  return { outpoint: oldest[0], entry: oldest[1] };
}

/** The virtual's UTXO set by brute force: every stored row, seen through the virtual's diff. */
export function virtualUtxoSet(consensus: Consensus): Map<OutpointKey, UtxoEntry> {
  const set = new Map<OutpointKey, UtxoEntry>();
  const rows = consensus.store.db.prepare('SELECT outpoint, entry FROM utxo_set').raw().all() as [Buffer, Buffer][];
  for (const [outpoint, entry] of rows) {
    set.set(`${blobToKey(outpoint.subarray(0, 32))}:${outpoint.readUInt32LE(32)}`, decodeUtxoEntry(entry));
  }
  const { diff } = consensus.virtualState();
  for (const key of diff.toRemove.keys()) set.delete(key);
  for (const [key, entry] of diff.toAdd) set.set(key, entry);
  return set;
}

/**
 * The history of `scripts` worked out without UTXO diffs or acceptance fees: every transaction the
 * selected chain accepted, its inputs looked up among all outputs the chain accepted before it,
 * its fee as inputs minus outputs. In the index's order: newest first, then by script key.
 */
export function bruteForceHistory(chain: TestChain, scripts: readonly ScriptPublicKey[]): AddressHistoryRow[] {
  const { consensus } = chain;
  const wanted = new Set(scripts.map(scriptKeyHex));
  const outputs = new Map<OutpointKey, TransactionOutput>();
  const rows: (AddressHistoryRow & { key: string })[] = [];
  for (const block of chain.selectedChain()) {
    const header = consensus.header(block) as BlockHeader;
    consensus.acceptedTransactions(block).forEach((tx, position) => {
      const id = transactionId(tx);
      const byScript = new Map<string, { received: bigint; sent: bigint }>();
      const touch = (output: TransactionOutput) => {
        const key = scriptKeyHex(output.scriptPublicKey);
        const sums = byScript.get(key) ?? { received: 0n, sent: 0n };
        byScript.set(key, sums);
        return sums;
      };
      let inputs = 0n;
      let outputsTotal = 0n;
      for (const input of tx.inputs) {
        const spent = outputs.get(outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index));
        if (spent === undefined)
          throw new Error(`block ${block}: an accepted transaction spends an output the chain never created`);
        inputs += spent.value;
        touch(spent).sent += spent.value;
      }
      tx.outputs.forEach((output, index) => {
        outputsTotal += output.value;
        touch(output).received += output.value;
        outputs.set(outpointKey(id, index), output);
      });
      for (const [key, { received, sent }] of byScript) {
        if (!wanted.has(key)) continue;
        rows.push({
          key,
          scriptHex: key.slice(4),
          scriptVersion: Buffer.from(key, 'hex').readUInt16LE(0),
          transactionId: Buffer.from(id).toString('hex'),
          acceptingBlock: block,
          acceptingBlueScore: header.blueScore,
          acceptanceIndex: position,
          timestamp: header.timestamp,
          received,
          sent,
          fee: isCoinbase(tx) ? 0n : inputs - outputsTotal,
          isCoinbase: isCoinbase(tx),
        });
      }
    });
  }
  rows.sort(
    (x, y) =>
      y.acceptingBlueScore - x.acceptingBlueScore ||
      y.acceptanceIndex - x.acceptanceIndex ||
      (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
  return rows.map(({ key: _key, ...row }) => row);
}

/** The outputs of the virtual's UTXO set paying any of `scripts`, by brute force, by outpoint. */
export function bruteForceUtxos(chain: TestChain, scripts: readonly ScriptPublicKey[]): AddressUtxo[] {
  const wanted = new Set(scripts.map(scriptKeyHex));
  return [...virtualUtxoSet(chain.consensus)]
    .filter(([, entry]) => wanted.has(scriptKeyHex(entry.scriptPublicKey)))
    .map(([outpoint, entry]) => ({ outpoint, entry }))
    .sort(byOutpoint);
}

export const byOutpoint = (x: { outpoint: OutpointKey }, y: { outpoint: OutpointKey }): number =>
  x.outpoint < y.outpoint ? -1 : x.outpoint > y.outpoint ? 1 : 0;

/** Everything an index answers about `scripts`, comparable across stores (entry scripts as hex). */
export function indexAnswers(index: AddressIndex, scripts: readonly ScriptPublicKey[]) {
  return {
    utxos: index
      .utxosByScripts(scripts)
      .map(({ outpoint, entry }) => ({ outpoint, ...entry, scriptPublicKey: scriptKeyHex(entry.scriptPublicKey) }))
      .sort(byOutpoint),
    history: index.history(scripts),
    used: index.isUsed(scripts),
  };
}
