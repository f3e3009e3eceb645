/**
 * Test support (not used by the node): a funded simnet chain for tests and benchmarks that need
 * real blocks and spendable coins. Blocks are mined with real proof of work on a test clock that
 * follows them, their coinbases pay a test key, and spends are Schnorr-signed.
 *
 *   const chain = SimnetChain.open();                       // or { path } for a store to reopen
 *   chain.mineChain(110);                                   // coinbases mature after 100 DAA score
 *   const coin = chain.matureCoinbase();
 *   const tx = chain.sign([coin], [{ value: coin.entry.amount - 10_000n, scriptPublicKey: testKey('bob').script }]);
 *   chain.mine({ transactions: [tx] });
 *   chain.close();
 */
import type { BlockWithBody } from '../chain/block-import-queue.ts';
import type { Consensus } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction, TransactionOutput, UtxoEntry } from '../consensus/model/transaction.ts';
import { genesisBlock } from '../consensus/params/genesis.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { decodeUtxoEntry, type OutpointKey, parseOutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import type { ConsensusStore } from '../store/consensus-store.ts';
import { bytesEqual } from '../encoding/hex.ts';
import { blobToKey } from '../store/key-bytes.ts';
import { signTransaction, type SpendableOutput } from './signing.ts';
import { mineSimnetBlock, type OpenedSimnet, openSimnet, SIMNET } from './simnet.ts';
import { type TestKey, testKey } from './test-keys.ts';

/** A block mined or inserted by a SimnetChain, kept to feed the same blocks to another store. */
export interface MinedBlock extends BlockWithBody {
  hash: BlockKey;
}

/** What `SimnetChain.mine` puts in a block; every field has a default. */
export interface MineOptions {
  /** Whom the coinbase pays (default: the chain's miner). */
  payTo?: ScriptPublicKey;
  /** Default: the virtual's parents (the sink and the tips it merges). */
  parents?: readonly BlockKey[];
  transactions?: readonly Transaction[];
}

/** How to open a SimnetChain; every field has a default. */
export interface SimnetChainOptions {
  /** The store file, created or reopened and kept on close (default: a temporary one, deleted on close). */
  path?: string;
  /** Default: SIMNET. */
  params?: ConsensusParams;
}

/** A consensus (simnet by default) whose clock follows the blocks it is given, mining blocks that pay a test key. */
export class SimnetChain {
  readonly params: ConsensusParams;
  readonly consensus: Consensus;
  readonly store: ConsensusStore;
  /** The key blocks pay unless told otherwise, and `sign` signs with: testKey('miner'). */
  readonly miner: TestKey = testKey('miner');
  /** Every block mined or inserted here, to feed the same blocks to another store. */
  readonly blocks = new Map<BlockKey, MinedBlock>();
  readonly #opened: OpenedSimnet;
  /** The newest block timestamp seen; each mined block is one target block time later, and `now` a block time ahead. */
  #time: number;

  /** A chain on `options.path` (reopened where it left off) or on a fresh temporary store. */
  static open(options: SimnetChainOptions = {}): SimnetChain {
    return new SimnetChain(options);
  }

  private constructor(options: SimnetChainOptions) {
    this.params = options.params ?? SIMNET;
    this.#time = genesisBlock(this.params.genesis).header.timestamp;
    this.#opened = openSimnet({
      params: this.params,
      path: options.path,
      now: () => this.#time + this.params.targetTimePerBlockMs,
    });
    this.consensus = this.#opened.consensus;
    this.store = this.#opened.store;
    // A reopened store's clock resumes at its sink.
    this.#time = Math.max(this.#time, this.consensus.header(this.consensus.sink())?.timestamp ?? 0);
  }

  /** Mines a block (on the virtual's parents, paying the miner, unless told otherwise) and inserts it; throws unless it is UTXO valid. */
  mine(options: MineOptions = {}): BlockKey {
    this.#time += this.params.targetTimePerBlockMs;
    const block = mineSimnetBlock(this.consensus, {
      payTo: options.payTo ?? this.miner.script,
      parents: options.parents,
      transactions: options.transactions ?? [],
      timestamp: this.#time,
    });
    return this.insert(block);
  }

  /** `count` blocks, each on the one before, the first on `from` (default: the virtual's parents); returns their hashes. */
  mineChain(count: number, options: { payTo?: ScriptPublicKey; from?: BlockKey } = {}): BlockKey[] {
    const hashes: BlockKey[] = [];
    for (let i = 0; i < count; i++) {
      const parent = hashes.at(-1) ?? options.from;
      hashes.push(this.mine({ payTo: options.payTo, ...(parent === undefined ? {} : { parents: [parent] }) }));
    }
    return hashes;
  }

  /** Inserts a block (mined here or elsewhere), moving the clock up to it; throws unless it is UTXO valid. */
  insert(block: BlockWithBody): BlockKey {
    this.#time = Math.max(this.#time, block.header.timestamp);
    const result = this.consensus.insertBlock(block.header, block.transactions);
    if (result.utxo?.status !== 'valid') {
      throw new Error(`block ${result.hash} is not UTXO valid: ${JSON.stringify(result.utxo)}`);
    }
    this.blocks.set(result.hash, { header: block.header, transactions: block.transactions, hash: result.hash });
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

  /**
   * Coinbase outputs paying `script` (default: the miner's) in the virtual UTXO set, mature or
   * not, oldest first; found by brute force, so coins mined before a reopen count too.
   */
  coinbaseOutputs(script: ScriptPublicKey = this.miner.script): SpendableOutput[] {
    return [...virtualUtxoSet(this.consensus)]
      .filter(([, entry]) => entry.isCoinbase && sameScript(entry.scriptPublicKey, script))
      .sort(([x, a], [y, b]) => a.blockDaaScore - b.blockDaaScore || (x < y ? -1 : x > y ? 1 : 0))
      .map(([outpoint, entry]) => ({ outpoint: parseOutpointKey(outpoint), entry }));
  }

  /** The coinbase outputs paying `script` spendable now: coinbase maturity passed at the virtual's DAA score. */
  matureCoinbaseOutputs(script: ScriptPublicKey = this.miner.script): SpendableOutput[] {
    const { daaScore } = this.consensus.virtualState();
    return this.coinbaseOutputs(script).filter(
      ({ entry }) => entry.blockDaaScore + this.params.coinbaseMaturity <= daaScore,
    );
  }

  /** The oldest mature coinbase output paying `script` (default: the miner's); throws while there is none. */
  matureCoinbase(script: ScriptPublicKey = this.miner.script): SpendableOutput {
    const [oldest] = this.matureCoinbaseOutputs(script);
    if (oldest === undefined) throw new Error('no mature coinbase pays this script yet');
    return oldest;
  }

  /** `signTransaction` of outputs paying the miner, with the miner's key. */
  sign(
    inputs: readonly SpendableOutput[],
    outputs: readonly TransactionOutput[],
    fields?: Partial<Pick<Transaction, 'lockTime'>> & { sequence?: bigint },
  ): Transaction {
    return signTransaction(
      inputs.map((input) => ({ ...input, secretKey: this.miner.secretKey })),
      outputs,
      fields,
    );
  }

  /** Closes the store; a temporary one is deleted. */
  close(): void {
    this.#opened.close();
  }
}

/** The virtual's UTXO set by brute force: every stored row, seen through the virtual's diff (UtxoView cannot list). */
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

/** Whether two script public keys are the same version and bytes. */
function sameScript(a: ScriptPublicKey, b: ScriptPublicKey): boolean {
  return a.version === b.version && bytesEqual(a.script, b.script);
}
