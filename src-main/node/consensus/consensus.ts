import { MuHash } from '../crypto/muhash.ts';
import { bytesEqual, bytesToHex, hexToBytes } from '../encoding/hex.ts';
import type { BlockRecord } from '../store/block-repository.ts';
import { blockRecord } from '../store/block-repository.ts';
import type { BlockUtxoState } from '../store/block-utxo-repository.ts';
import type { ConsensusStore } from '../store/consensus-store.ts';
import { StoreError } from '../store/migrations.ts';
import { DagwalletError } from '../errors.ts';
import { type BlockDepthContext, blockAtDepth, findMergeDepthViolation } from './block-depth.ts';
import {
  type BlockWindow,
  type WindowBlock,
  type WindowSource,
  windowByWalk,
  windowFromSelectedParent,
} from './daa/block-window.ts';
import { daaScore, pastMedianTime, requiredDifficultyBits, targetOf, windowTargetSum } from './daa/difficulty.ts';
import { compactToTarget, workFromBits } from './difficulty/compact.ts';
import { Ghostdag } from './ghostdag/ghostdag.ts';
import { compareSortable, type GhostdagData } from './ghostdag/ghostdag-data.ts';
import { headerHash } from './hashing/header-hash.ts';
import { type BlockKey, keyOf, ORIGIN } from './model/block-key.ts';
import type { Hash } from './model/hash.ts';
import type { BlockHeader } from './model/header.ts';
import type { Transaction } from './model/transaction.ts';
import { type ConsensusParams, pastMedianTimeWindowSize, pruningDepth } from './params/params.ts';
import { buildParentsByLevel, type ParentsBuilderContext, parentsMatch } from './parents-builder.ts';
import { blockLevel, calcPowValue } from './pow.ts';
import { expectedPruningPoint, type PruningPointContext } from './pruning-point.ts';
import { ReachabilityIndex } from './reachability/reachability.ts';
import { BlockError, type BlockErrorCode } from './validation/block-error.ts';
import { decodeCoinbasePayload } from './coinbase/coinbase-payload.ts';
import { calcBlockSubsidy } from './subsidy.ts';
import type { ChainChangedEvent } from './chain-changed.ts';
import { expectedCoinbaseTransaction } from './coinbase/expected-coinbase.ts';
import type { CoinbaseData } from './coinbase/coinbase-payload.ts';
import { hashMerkleRoot } from './hashing/merkle.ts';
import {
  computeBlockUtxo,
  consensusOrderedMergeset,
  disqualificationCode,
  mergesetRewards,
} from './utxo/block-utxo.ts';
import { acceptedIdMerkleRoot, applyMergeset } from './utxo/mergeset-acceptance.ts';
import { UtxoDiff } from './utxo/utxo-diff.ts';
import { ChainedUtxoView, UtxoOverlay, type UtxoView } from './utxo/utxo-view.ts';
import { BlockBodyError } from './validation/block-body-error.ts';
import { validateBodyInIsolation } from './validation/block-body-in-isolation.ts';
import { validateTransactionInContextIgnoringUtxo } from './validation/transaction-in-context.ts';
import { validateTransactionFully } from './validation/transaction-validator.ts';

/** The header version of the legacy era (kaspad constants.BlockVersion). */
export const BLOCK_VERSION = 1;

const META_GENESIS = 'genesis';
const META_NETWORK = 'network';
/** The heaviest header: what the reachability index follows and a headers-first sync aims at. */
const META_HEADERS_TIP = 'headers_tip';
/** The heaviest UTXO-valid block; the utxo_set table holds its past UTXO set. */
const META_SINK = 'sink';
/** MuHash of the empty set: a genesis with this commitment starts from no coins. */
const EMPTY_MULTISET_COMMITMENT = new MuHash().finalize();
/** Windows of recent blocks kept in memory; a child's window is built from its selected parent's. */
const WINDOW_CACHE_SIZE = 512;
/** Rejected block hashes remembered in this session (they are never written to the store). */
const INVALID_CACHE_SIZE = 10_000;

const RETRYABLE: ReadonlySet<BlockErrorCode> = new Set(['MISSING_PARENTS', 'TIME_TOO_FAR_IN_FUTURE']);

export interface ConsensusOptions {
  params: ConsensusParams;
  /** The genesis header: `genesisBlock(params.genesis).header`, or a recorded stream's first block. */
  genesis: BlockHeader;
  /** The genesis block's transactions (its coinbase), needed once bodies are imported. */
  genesisTransactions?: readonly Transaction[];
  /** Milliseconds since the epoch; tests and replays of old streams may pin it. */
  now?: () => number;
}

export type InsertResult = {
  hash: BlockKey;
  status: 'inserted' | 'known';
  /** For a block with its body: whether it may be on the selected chain, and if not, why. */
  utxo?: { status: 'valid' } | { status: 'disqualified'; code: string; reason: string };
};

/** The virtual block: what the next block on the DAG would see. */
export interface VirtualState {
  parents: BlockKey[];
  daaScore: number;
  /** Confirmations count from it: a transaction accepted by the virtual has zero. */
  blueScore: number;
  /** Lock times of new transactions are checked against it (kaspad's virtual past median time). */
  pastMedianTime: number;
  /** The set new transactions spend from: the stored (sink's past) set seen through `diff`. */
  utxo: UtxoView;
  /** What the virtual's mergeset (the sink's own transactions first) changes in the stored set. */
  diff: UtxoDiff;
}

/** Everything consensus derives for a block from its direct parents. */
interface Derived {
  ghostdag: GhostdagData;
  window: BlockWindow;
  daaScore: number;
  bits: number;
  pastMedianTime: number;
}

/**
 * Header consensus on a durable store: validates each header in Kaspa's order, one typed
 * BlockError per rule, and commits an accepted header with its GHOSTDAG and reachability data in
 * one SQLite transaction. A rejected header leaves the store exactly as it was.
 */
export class Consensus {
  readonly params: ConsensusParams;
  readonly store: ConsensusStore;
  readonly genesis: BlockKey;
  readonly #genesisHeader: BlockHeader;
  readonly #now: () => number;
  readonly #reachability: ReachabilityIndex;
  readonly #ghostdag: Ghostdag;
  readonly #windows = new Map<BlockKey, BlockWindow>();
  /** Σ targets of each cached window, carried from parent to child instead of re-added per block. */
  readonly #targetSums = new WeakMap<BlockWindow, bigint>();
  readonly #invalid = new Map<BlockKey, string>();
  readonly #windowSource: WindowSource;
  readonly #depth: BlockDepthContext;
  readonly #pruning: PruningPointContext;
  readonly #parents: ParentsBuilderContext;
  readonly #windowSize: number;
  readonly #genesisTransactions: readonly Transaction[];
  readonly #chainListeners = new Set<(event: ChainChangedEvent) => void>();
  readonly #countBodies;
  /** The virtual's state, computed on demand and dropped whenever a block commits. */
  #virtual: VirtualState | undefined;

  constructor(store: ConsensusStore, options: ConsensusOptions) {
    this.params = options.params;
    this.store = store;
    this.#countBodies = store.db.prepare('SELECT count(*) FROM block_bodies').pluck();
    this.#genesisHeader = options.genesis;
    this.#genesisTransactions = options.genesisTransactions ?? [];
    this.genesis = keyOf(headerHash(options.genesis));
    this.#now = options.now ?? Date.now;
    this.#reachability = new ReachabilityIndex(store.reachability);
    const record = (block: BlockKey): BlockRecord => this.#record(block);
    const ghostdagOf = (block: BlockKey): GhostdagData => store.ghostdag.getGhostdag(block);
    this.#ghostdag = new Ghostdag(this.params.ghostdagK, {
      ghostdag: store.ghostdag,
      parentsOf: (block) => (block === ORIGIN ? [] : record(block).parents),
      isDagAncestorOf: (a, b) => this.#reachability.isDagAncestorOf(a, b),
      workOf: (block) => workFromBits(record(block).header.bits),
    });
    this.#windowSource = {
      genesis: this.genesis,
      ghostdag: ghostdagOf,
      windowBlock: (block) => record(block).windowBlock,
    };
    const blueScore = (block: BlockKey): number => ghostdagOf(block).blueScore;
    const nextChainAncestor = (descendant: BlockKey, ancestor: BlockKey): BlockKey =>
      this.#reachability.nextChainAncestor(descendant, ancestor);
    this.#depth = {
      genesis: this.genesis,
      pruningPoint: this.genesis,
      blueScore,
      isChainAncestorOf: (a, b) => this.#reachability.isChainAncestorOf(a, b),
      isDagAncestorOf: (a, b) => this.#reachability.isDagAncestorOf(a, b),
      nextChainAncestor,
    };
    this.#pruning = {
      genesis: this.genesis,
      finalityDepth: this.params.finalityDepth,
      pruningDepth: pruningDepth(this.params),
      blueScore,
      headerPruningPoint: (block) => keyOf(record(block).header.pruningPoint),
      nextChainAncestor,
    };
    this.#parents = {
      genesis: this.genesis,
      levelOf: (block) => record(block).level,
      parentsByLevel: (block) => record(block).parentsByLevel,
      isDagAncestorOf: (a, b) => this.#reachability.isDagAncestorOf(a, b),
    };
    this.#windowSize = Math.max(this.params.difficultyAdjustmentWindowSize, pastMedianTimeWindowSize(this.params));
    this.#initGenesis();
  }

  #initGenesis(): void {
    const { store } = this;
    const storedGenesis = store.meta.get(META_GENESIS);
    if (storedGenesis !== undefined) {
      if (storedGenesis !== this.genesis) {
        throw new StoreError(
          'WRONG_NETWORK',
          `this store belongs to the network with genesis ${storedGenesis} (${store.meta.get(META_NETWORK)}), not ${this.params.name}`,
        );
      }
      if (store.blockUtxo.get(this.genesis) === undefined) {
        // A store written before bodies were kept: its sink so far was the heaviest header.
        store.meta.set(META_HEADERS_TIP, store.meta.get(META_SINK) ?? this.genesis);
        this.#initGenesisUtxo();
        store.commit();
      }
      return;
    }
    store.blocks.add(
      blockRecord(this.genesis, this.#genesisHeader, {
        level: this.params.maxBlockLevel,
        mergeDepthRoot: this.genesis,
        finalityPoint: this.genesis,
      }),
    );
    store.ghostdag.set(this.genesis, Ghostdag.genesisData(ORIGIN));
    this.#reachability.init(this.genesis);
    store.tips.addBlock(this.genesis, []);
    store.meta.set(META_GENESIS, this.genesis);
    store.meta.set(META_NETWORK, this.params.name);
    store.meta.set(META_HEADERS_TIP, this.genesis);
    this.#initGenesisUtxo();
    store.commit();
  }

  /**
   * Genesis's body and UTXO state: its coinbase creates nothing, and its commitment must be the
   * empty set's (a network restarting from a UTXO snapshot, like Kaspa's mainnet, cannot be
   * validated from genesis: its past is not in any block).
   */
  #initGenesisUtxo(): void {
    const { store } = this;
    store.bodies.set(this.genesis, this.#genesisTransactions);
    const knownSet = bytesEqual(this.#genesisHeader.utxoCommitment, EMPTY_MULTISET_COMMITMENT);
    store.blockUtxo.set(
      this.genesis,
      knownSet
        ? { status: 'valid', diff: new UtxoDiff(), multiset: new MuHash(), acceptance: [] }
        : { status: 'disqualified', reason: 'UNKNOWN_GENESIS_UTXO_SET: the UTXO set genesis commits to is not known' },
    );
    store.meta.set(META_SINK, this.genesis);
  }

  #record(block: BlockKey): BlockRecord {
    const record = this.store.blocks.get(block);
    if (record === undefined) throw new StoreError('MISSING', `block ${block} is not in the store`);
    return record;
  }

  /** The heaviest UTXO-valid block by (blue work, hash): the tip of the selected chain. */
  sink(): BlockKey {
    return this.store.meta.get(META_SINK) ?? this.genesis;
  }

  /** The heaviest header, bodies or not. */
  headersSelectedTip(): BlockKey {
    return this.store.meta.get(META_HEADERS_TIP) ?? this.genesis;
  }

  /** Called after each commit that moved the selected chain. Returns the unsubscribe function. */
  onChainChanged(listener: (event: ChainChangedEvent) => void): () => void {
    this.#chainListeners.add(listener);
    return () => this.#chainListeners.delete(listener);
  }

  utxoState(hash: BlockKey): BlockUtxoState | undefined {
    return this.store.blockUtxo.get(hash);
  }

  /** The MuHash of the sink's past UTXO set (finalize() gives its UTXO commitment). */
  sinkMultiset(): MuHash | undefined {
    const state = this.store.blockUtxo.get(this.sink());
    return state?.status === 'valid' ? state.multiset : undefined;
  }

  /** Blocks stored with their bodies, genesis included. */
  blockCount(): number {
    return this.#countBodies.get() as number;
  }

  has(hash: BlockKey): boolean {
    return this.store.blocks.has(hash);
  }

  header(hash: BlockKey): BlockHeader | undefined {
    return this.store.blocks.get(hash)?.header;
  }

  ghostdagData(hash: BlockKey): GhostdagData | undefined {
    return this.store.ghostdag.get(hash);
  }

  tips(): BlockKey[] {
    return [...this.store.tips.all()];
  }

  isDagAncestorOf(ancestor: BlockKey, block: BlockKey): boolean {
    return this.#reachability.isDagAncestorOf(ancestor, block);
  }

  /**
   * Validates a header and, if every rule holds, commits it. Returns 'known' for a header the
   * store already holds; throws BlockError naming the first rule it breaks.
   */
  insertHeader(header: BlockHeader): InsertResult {
    const hash = keyOf(headerHash(header));
    if (this.store.blocks.has(hash)) return { hash, status: 'known' };
    const invalidReason = this.#invalid.get(hash);
    if (invalidReason !== undefined)
      throw new BlockError('KNOWN_INVALID', `block ${hash} was rejected: ${invalidReason}`);
    try {
      this.#validateAndStage(hash, header);
      this.store.commit();
      this.#virtual = undefined;
    } catch (error) {
      this.#rejected(hash, error);
    }
    return { hash, status: 'inserted' };
  }

  /**
   * Drops what the block staged and rethrows. A broken rule condemns the block for the session,
   * except a future timestamp or missing parents, which may be fine later; a store error says
   * nothing about the block.
   */
  #rejected(hash: BlockKey, error: unknown): never {
    this.store.discard();
    const ruleBroken = error instanceof DagwalletError && !(error instanceof StoreError);
    if (ruleBroken && !RETRYABLE.has(error.code as BlockErrorCode)) this.#rememberInvalid(hash, error.message);
    throw error;
  }

  #rememberInvalid(hash: BlockKey, reason: string): void {
    if (this.#invalid.size >= INVALID_CACHE_SIZE) {
      const oldest = this.#invalid.keys().next();
      if (!oldest.done) this.#invalid.delete(oldest.value);
    }
    this.#invalid.set(hash, reason);
  }

  #validateAndStage(hash: BlockKey, header: BlockHeader): Derived {
    const { params } = this;
    const fail = (code: ConstructorParameters<typeof BlockError>[0], message: string): never => {
      throw new BlockError(code, `block ${hash}: ${message}`);
    };
    // In isolation.
    if (header.version !== BLOCK_VERSION) fail('WRONG_VERSION', `version ${header.version}, expected ${BLOCK_VERSION}`);
    const maxTime = this.#now() + params.timestampDeviationTolerance * params.targetTimePerBlockMs;
    if (header.timestamp > maxTime) fail('TIME_TOO_FAR_IN_FUTURE', `timestamp ${header.timestamp} is after ${maxTime}`);
    const parents = (header.parents[0] ?? []).map(keyOf);
    if (parents.length === 0) fail('NO_PARENTS', 'no parents');
    if (parents.length > params.maxBlockParents) {
      fail('TOO_MANY_PARENTS', `${parents.length} parents, at most ${params.maxBlockParents} allowed`);
    }
    const target = compactToTarget(header.bits);
    if (target <= 0n || target > params.powMax)
      fail('TARGET_OUT_OF_RANGE', `bits ${header.bits} give a target out of range`);
    const powValue = calcPowValue(header);
    if (!params.skipProofOfWork && powValue > target) fail('INVALID_POW', 'proof of work above the target');
    const level = blockLevel(powValue, params.maxBlockLevel);

    // Against the parents.
    const missing: BlockKey[] = [];
    for (const parent of parents) {
      if (this.#invalid.has(parent)) fail('INVALID_PARENT', `parent ${parent} is invalid`);
      if (!this.store.blocks.has(parent)) missing.push(parent);
    }
    if (missing.length > 0) {
      throw new BlockError('MISSING_PARENTS', `block ${hash}: unknown parents ${missing.join(', ')}`, missing);
    }
    for (const a of parents) {
      for (const b of parents) {
        if (a !== b && this.#reachability.isDagAncestorOf(a, b)) {
          fail('INVALID_PARENTS_RELATION', `parent ${a} is in the past of parent ${b}`);
        }
      }
    }

    const derived = this.#derive(parents);
    const { ghostdag } = derived;
    if (header.daaScore !== derived.daaScore) {
      fail('UNEXPECTED_DAA_SCORE', `DAA score ${header.daaScore}, expected ${derived.daaScore}`);
    }
    if (header.bits !== derived.bits) fail('UNEXPECTED_DIFFICULTY', `bits ${header.bits}, expected ${derived.bits}`);
    if (header.blueScore !== ghostdag.blueScore) {
      fail('UNEXPECTED_BLUE_SCORE', `blue score ${header.blueScore}, expected ${ghostdag.blueScore}`);
    }
    if (header.blueWork !== ghostdag.blueWork) {
      fail(
        'UNEXPECTED_BLUE_WORK',
        `blue work ${header.blueWork.toString(16)}, expected ${ghostdag.blueWork.toString(16)}`,
      );
    }
    if (header.timestamp <= derived.pastMedianTime) {
      fail('TIME_TOO_OLD', `timestamp ${header.timestamp} is not after the past median time ${derived.pastMedianTime}`);
    }
    const mergesetSize = ghostdag.mergesetBlues.length + ghostdag.mergesetReds.length;
    if (mergesetSize > params.mergesetSizeLimit) {
      fail('MERGESET_TOO_BIG', `mergeset of ${mergesetSize} blocks, at most ${params.mergesetSizeLimit} allowed`);
    }
    const selectedParent = this.#record(ghostdag.selectedParent);
    const mergeDepthRoot = blockAtDepth(this.#depth, ghostdag, params.mergeDepth, selectedParent.mergeDepthRoot);
    const violating = findMergeDepthViolation(this.#depth, ghostdag, mergeDepthRoot);
    if (violating !== undefined) {
      fail('VIOLATES_MERGE_DEPTH', `merges red ${violating} from below the merge depth root ${mergeDepthRoot}`);
    }
    const expectedParents = buildParentsByLevel(this.#parents, parents);
    if (
      !parentsMatch(
        header.parents.map((levelParents) => levelParents.map(keyOf)),
        expectedParents,
      )
    ) {
      fail('UNEXPECTED_PARENTS', 'parents by level differ from those its direct parents imply');
    }
    const pruningPoint = expectedPruningPoint(this.#pruning, ghostdag);
    if (keyOf(header.pruningPoint) !== pruningPoint) {
      fail('UNEXPECTED_PRUNING_POINT', `pruning point ${keyOf(header.pruningPoint)}, expected ${pruningPoint}`);
    }

    const finalityPoint = blockAtDepth(this.#depth, ghostdag, params.finalityDepth, selectedParent.finalityPoint);
    this.#stage(hash, header, derived, { level, mergeDepthRoot, finalityPoint });
    return derived;
  }

  #stage(
    hash: BlockKey,
    header: BlockHeader,
    derived: Derived,
    depth: { level: number; mergeDepthRoot: BlockKey; finalityPoint: BlockKey },
  ): void {
    const { store } = this;
    const record = blockRecord(hash, header, depth);
    const { ghostdag } = derived;
    store.blocks.add(record);
    store.ghostdag.set(hash, ghostdag);
    this.#reachability.addBlock(hash, ghostdag.selectedParent, [
      ...ghostdag.mergesetBlues.slice(1),
      ...ghostdag.mergesetReds,
    ]);
    store.tips.addBlock(hash, record.parents);
    if (this.#isHeavierThan(hash, ghostdag.blueWork, this.headersSelectedTip())) {
      store.meta.set(META_HEADERS_TIP, hash);
      this.#reachability.hintVirtualSelectedParent(hash);
    }
    this.#cacheWindow(hash, derived.window);
  }

  #isHeavierThan(block: BlockKey, blueWork: bigint, other: BlockKey): boolean {
    const otherWork = this.store.ghostdag.getGhostdag(other).blueWork;
    return compareSortable({ key: block, blueWork }, { key: other, blueWork: otherWork }) > 0;
  }

  /**
   * Validates and commits a whole block: its header (unless already stored), its body, and its
   * UTXO state. A block that breaks a header or body rule is rejected with a BlockError (or the
   * BlockBodyError / TxError / CoinbaseError of the broken rule) and nothing is stored. A block
   * whose UTXO commitment, accepted-ID root, coinbase or transactions do not hold against its
   * past UTXO set is stored but disqualified from the selected chain, as kaspad does.
   */
  insertBlock(header: BlockHeader, transactions: readonly Transaction[]): InsertResult {
    const { store } = this;
    const hash = keyOf(headerHash(header));
    if (store.bodies.has(hash)) return { hash, status: 'known' };
    const invalidReason = this.#invalid.get(hash);
    if (invalidReason !== undefined)
      throw new BlockError('KNOWN_INVALID', `block ${hash} was rejected: ${invalidReason}`);
    let state: BlockUtxoState;
    let change: ChainChangedEvent | undefined;
    try {
      const derived = store.blocks.has(hash)
        ? this.#derive(this.#record(hash).parents)
        : this.#validateAndStage(hash, header);
      this.#validateBody(hash, header, transactions, derived);
      store.bodies.set(hash, transactions);
      state = this.#computeUtxo(hash, header, transactions, derived);
      store.blockUtxo.set(hash, state);
      if (state.status === 'valid' && this.#isHeavierThan(hash, derived.ghostdag.blueWork, this.sink())) {
        change = this.#moveSink(hash);
      }
      store.commit();
      this.#virtual = undefined;
    } catch (error) {
      this.#rejected(hash, error);
    }
    // The block is committed whatever a listener does: one that throws must not fail the import
    // or keep the others from hearing of the change.
    if (change) {
      for (const listener of this.#chainListeners) {
        try {
          listener(change);
        } catch (error) {
          process.emitWarning(
            `a chain-changed listener failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    return {
      hash,
      status: 'inserted',
      utxo:
        state.status === 'valid'
          ? { status: 'valid' }
          : { status: 'disqualified', code: disqualificationCode(state.reason), reason: state.reason },
    };
  }

  /** kaspad ValidateBodyInIsolation, then ValidateBodyInContext (parent bodies, lock times, subsidy). */
  #validateBody(hash: BlockKey, header: BlockHeader, transactions: readonly Transaction[], derived: Derived): void {
    const { params } = this;
    validateBodyInIsolation(header, transactions, params);
    const missing = this.#record(hash).parents.filter((parent) => !this.store.bodies.has(parent));
    if (missing.length > 0) {
      throw new BlockError('MISSING_PARENTS', `block ${hash}: parents without bodies ${missing.join(', ')}`, missing);
    }
    for (const tx of transactions)
      validateTransactionInContextIgnoringUtxo(tx, header.daaScore, derived.pastMedianTime);
    const payload = decodeCoinbasePayload((transactions[0] as Transaction).payload, params);
    const subsidy = calcBlockSubsidy(header.daaScore, params);
    if (payload.subsidy !== subsidy) {
      throw new BlockBodyError(
        'BAD_COINBASE_SUBSIDY',
        `coinbase claims subsidy ${payload.subsidy}, expected ${subsidy}`,
      );
    }
  }

  #computeUtxo(
    hash: BlockKey,
    header: BlockHeader,
    transactions: readonly Transaction[],
    derived: Derived,
  ): BlockUtxoState {
    const { ghostdag } = derived;
    const parentState = this.store.blockUtxo.get(ghostdag.selectedParent);
    if (parentState?.status !== 'valid') {
      return { status: 'disqualified', reason: `SELECTED_PARENT_DISQUALIFIED: ${ghostdag.selectedParent}` };
    }
    const { params } = this;
    return computeBlockUtxo(
      {
        block: hash,
        header,
        transactions,
        ghostdag,
        daaWindow: this.#daaWindow(derived.window),
        selectedParentPast: this.#pastUtxoView(ghostdag.selectedParent),
        selectedParentMultiset: parentState.multiset,
        bodyOf: (block) => {
          const body = this.store.bodies.get(block);
          if (!body) throw new StoreError('MISSING', `no body for block ${block}`);
          return body;
        },
        blueWorkOf: (block) => this.store.ghostdag.getGhostdag(block).blueWork,
        validate: (tx, entries) => validateTransactionFully(tx, entries, header.daaScore, params),
      },
      params,
    );
  }

  #validDiff(block: BlockKey): UtxoDiff {
    const state = this.store.blockUtxo.get(block);
    if (state?.status !== 'valid') throw new StoreError('MISSING', `block ${block} has no UTXO diff`);
    return state.diff;
  }

  /**
   * The past UTXO set of a UTXO-valid block, seen through the stored set (the sink's): down from
   * the block to the first block on the sink's chain, and from there up to the sink.
   */
  #pastUtxoView(block: BlockKey): UtxoView {
    const sink = this.sink();
    const forward: UtxoDiff[] = [];
    let common = block;
    while (!this.#reachability.isChainAncestorOf(common, sink)) {
      forward.push(this.#validDiff(common));
      common = this.store.ghostdag.getGhostdag(common).selectedParent;
    }
    const undone: UtxoDiff[] = [];
    for (
      let chainBlock = sink;
      chainBlock !== common;
      chainBlock = this.store.ghostdag.getGhostdag(chainBlock).selectedParent
    ) {
      undone.push(this.#validDiff(chainBlock));
    }
    return new ChainedUtxoView(this.store.utxoSet, forward, undone.reverse());
  }

  /** Moves the stored UTXO set and the sink to `newSink`, and says how the selected chain changed. */
  #moveSink(newSink: BlockKey): ChainChangedEvent {
    const { store } = this;
    const oldSink = this.sink();
    const added: BlockKey[] = [];
    let common = newSink;
    while (!this.#reachability.isChainAncestorOf(common, oldSink)) {
      added.push(common);
      common = store.ghostdag.getGhostdag(common).selectedParent;
    }
    const removed: BlockKey[] = [];
    for (let block = oldSink; block !== common; block = store.ghostdag.getGhostdag(block).selectedParent) {
      removed.push(block);
      store.utxoSet.apply(this.#validDiff(block).reversed());
    }
    added.reverse();
    for (const block of added) store.utxoSet.apply(this.#validDiff(block));
    store.meta.set(META_SINK, newSink);
    return {
      removed,
      added: added.map((block) => {
        const state = store.blockUtxo.get(block);
        const acceptance = state?.status === 'valid' ? state.acceptance : [];
        return {
          block,
          acceptedTransactionIds: acceptance.flatMap((b) =>
            b.transactions.filter((t) => t.accepted).map((t) => bytesToHex(t.id)),
          ),
        };
      }),
    };
  }

  /** GHOSTDAG, the window and what the DAA derives from it, for a block with these parents. */
  #derive(parents: readonly BlockKey[]): Derived {
    const { params } = this;
    const ghostdag = this.#ghostdag.run(parents);
    const window = this.#windowOf(ghostdag);
    const daaWindow = this.#daaWindow(window);
    const selectedParent = this.#record(ghostdag.selectedParent);
    return {
      ghostdag,
      window,
      daaScore: daaScore(
        ghostdag,
        selectedParent.header.daaScore,
        daaWindow,
        params.difficultyAdjustmentWindowSize,
        (block) => this.#record(block).windowBlock,
        this.genesis,
      ),
      bits: requiredDifficultyBits(
        daaWindow,
        params,
        this.#genesisHeader.bits,
        daaWindow === window ? this.#targetSums.get(window) : undefined,
      ),
      pastMedianTime: pastMedianTime(window, pastMedianTimeWindowSize(params), this.#genesisHeader.timestamp),
    };
  }

  /** The difficulty window: the heaviest difficultyAdjustmentWindowSize blocks of the window (usually all of it). */
  #daaWindow(window: BlockWindow): BlockWindow {
    const size = this.params.difficultyAdjustmentWindowSize;
    return window.length <= size ? window : window.slice(window.length - size);
  }

  #windowOf(ghostdag: GhostdagData): BlockWindow {
    const parentWindow =
      this.#windows.get(ghostdag.selectedParent) ?? this.#cachedWindowOfStored(ghostdag.selectedParent);
    const changes = { added: [] as WindowBlock[], evicted: [] as WindowBlock[] };
    const window = windowFromSelectedParent(this.#windowSource, ghostdag, this.#windowSize, parentWindow, changes);
    const parentSum = this.#targetSums.get(parentWindow);
    let sum = parentSum ?? windowTargetSum(window);
    if (parentSum !== undefined && window.length > 0) {
      for (const block of changes.added) sum += targetOf(block.bits);
      for (const block of changes.evicted) sum -= targetOf(block.bits);
    } else if (window.length === 0) {
      sum = 0n;
    }
    this.#targetSums.set(window, sum);
    return window;
  }

  /** A stored block's window, walked afresh when it has fallen out of the cache (e.g. after a restart). */
  #cachedWindowOfStored(block: BlockKey): BlockWindow {
    const cached = this.#windows.get(block);
    if (cached) return cached;
    const window =
      block === this.genesis
        ? []
        : windowByWalk(this.#windowSource, this.store.ghostdag.getGhostdag(block), this.#windowSize);
    this.#targetSums.set(window, windowTargetSum(window));
    this.#cacheWindow(block, window);
    return window;
  }

  #cacheWindow(block: BlockKey, window: BlockWindow): void {
    this.#windows.delete(block);
    this.#windows.set(block, window);
    if (this.#windows.size > WINDOW_CACHE_SIZE) {
      const oldest = this.#windows.keys().next();
      if (!oldest.done) this.#windows.delete(oldest.value);
    }
  }

  /**
   * The consensus fields of a new header on these parents (for templates and tests): GHOSTDAG
   * scores, DAA score and bits, parents by level and the pruning point. The caller supplies the
   * roots, a timestamp above the past median time, and then the nonce.
   */
  headerTemplate(
    parents: readonly BlockKey[],
    fields: Pick<BlockHeader, 'timestamp' | 'hashMerkleRoot' | 'acceptedIdMerkleRoot' | 'utxoCommitment'>,
  ): { header: BlockHeader; pastMedianTime: number } {
    return this.#headerFrom(parents, this.#derive(parents), fields);
  }

  #headerFrom(
    parents: readonly BlockKey[],
    derived: Derived,
    fields: Pick<BlockHeader, 'timestamp' | 'hashMerkleRoot' | 'acceptedIdMerkleRoot' | 'utxoCommitment'>,
  ): { header: BlockHeader; pastMedianTime: number } {
    const toHash = (key: BlockKey): Hash => hexToBytes(key, 32);
    const header: BlockHeader = {
      version: BLOCK_VERSION,
      parents: buildParentsByLevel(this.#parents, parents).map((level) => level.map(toHash)),
      ...fields,
      bits: derived.bits,
      nonce: 0n,
      daaScore: derived.daaScore,
      blueScore: derived.ghostdag.blueScore,
      blueWork: derived.ghostdag.blueWork,
      pruningPoint: toHash(expectedPruningPoint(this.#pruning, derived.ghostdag)),
    };
    return { header, pastMedianTime: derived.pastMedianTime };
  }

  /**
   * A complete block on `parents` for a miner (kaspad BuildBlockTemplate, minus transaction
   * selection, which is the mempool's): every header field computed by our consensus, the UTXO
   * commitment and accepted-ID root of its mergeset, the coinbase paying `coinbaseData`, then
   * `transactions` (valid against the block's past UTXO set, in subnetwork order). Only the nonce
   * is left to find. The selected parent must be UTXO valid.
   */
  blockTemplate(
    parents: readonly BlockKey[],
    options: { timestamp: number; coinbaseData: CoinbaseData; transactions?: readonly Transaction[] },
  ): { header: BlockHeader; transactions: Transaction[] } {
    const { params, store } = this;
    const derived = this.#derive(parents);
    const { ghostdag } = derived;
    const parentState = store.blockUtxo.get(ghostdag.selectedParent);
    if (parentState?.status !== 'valid') {
      throw new BlockError('INVALID_PARENT', `selected parent ${ghostdag.selectedParent} is not UTXO valid`);
    }
    const bodyOf = (block: BlockKey) => store.bodies.get(block) ?? [];
    const order = consensusOrderedMergeset(ghostdag, (block) => store.ghostdag.getGhostdag(block).blueWork);
    const result = applyMergeset(
      order.map((block) => ({ block, transactions: bodyOf(block) })),
      this.#pastUtxoView(ghostdag.selectedParent),
      parentState.multiset,
      derived.daaScore,
      (tx, entries) => validateTransactionFully(tx, entries, derived.daaScore, params),
    );
    const daaWindow = this.#daaWindow(derived.window);
    const coinbase = expectedCoinbaseTransaction(
      {
        ghostdag,
        daaScore: derived.daaScore,
        coinbaseData: options.coinbaseData,
        mergeset: mergesetRewards(result.acceptance, bodyOf, daaWindow, params),
      },
      params,
    );
    const transactions = [coinbase, ...(options.transactions ?? [])];
    const { header } = this.#headerFrom(parents, derived, {
      timestamp: Math.max(options.timestamp, derived.pastMedianTime + 1),
      hashMerkleRoot: hashMerkleRoot(transactions),
      acceptedIdMerkleRoot: acceptedIdMerkleRoot(result.acceptance),
      utxoCommitment: result.multiset.finalize(),
    });
    return { header, transactions };
  }

  /**
   * The virtual block (kaspad's virtual): parents are the sink and, heaviest first, other
   * UTXO-valid tips while the mergeset stays within its limit and the parent count within
   * maxBlockParents (kaspad pickVirtualParents, without its merge-depth filtering of candidates).
   * Its past UTXO set is the one new transactions spend from: the sink's past set plus what the
   * virtual's mergeset accepts, starting with the sink's own transactions and coinbase.
   */
  virtualState(): VirtualState {
    if (this.#virtual) return this.#virtual;
    const { params, store } = this;
    const sink = this.sink();
    const work = (block: BlockKey) => store.ghostdag.getGhostdag(block).blueWork;
    const candidates = this.tips()
      .filter((tip) => tip !== sink && store.blockUtxo.get(tip)?.status === 'valid')
      .sort((x, y) => compareSortable({ key: y, blueWork: work(y) }, { key: x, blueWork: work(x) }));
    const parents = [sink];
    for (const candidate of candidates) {
      if (parents.length >= params.maxBlockParents) break;
      if (parents.some((parent) => this.isDagAncestorOf(candidate, parent) || this.isDagAncestorOf(parent, candidate)))
        continue;
      const ghostdag = this.#ghostdag.run([...parents, candidate]);
      if (ghostdag.mergesetBlues.length + ghostdag.mergesetReds.length > params.mergesetSizeLimit) continue;
      parents.push(candidate);
    }
    const derived = this.#derive(parents);
    const sinkState = store.blockUtxo.get(sink);
    if (sinkState?.status !== 'valid') throw new StoreError('CORRUPT', `the sink ${sink} is not UTXO valid`);
    const order = consensusOrderedMergeset(derived.ghostdag, work);
    const sinkPast = this.#pastUtxoView(sink);
    const result = applyMergeset(
      order.map((block) => ({ block, transactions: store.bodies.get(block) ?? [] })),
      sinkPast,
      sinkState.multiset,
      derived.daaScore,
      (tx, entries) => validateTransactionFully(tx, entries, derived.daaScore, params),
    );
    this.#virtual = {
      parents,
      daaScore: derived.daaScore,
      blueScore: derived.ghostdag.blueScore,
      pastMedianTime: derived.pastMedianTime,
      utxo: new UtxoOverlay(sinkPast, result.diff),
      diff: result.diff,
    };
    return this.#virtual;
  }

  /**
   * The transactions a UTXO-valid block accepted from its mergeset, in acceptance order, coinbase
   * first (empty for a disqualified or unknown block). A mempool takes back the non-coinbase ones
   * when the block leaves the selected chain; indexes read what the block spent and created.
   */
  acceptedTransactions(block: BlockKey): Transaction[] {
    const state = this.store.blockUtxo.get(block);
    if (state?.status !== 'valid') return [];
    const accepted: Transaction[] = [];
    for (const mergesetBlock of state.acceptance) {
      const body = this.store.bodies.get(mergesetBlock.block) ?? [];
      mergesetBlock.transactions.forEach((tx, i) => {
        if (tx.accepted) accepted.push(body[i] as Transaction);
      });
    }
    return accepted;
  }

  /** The window of a stored block (for tests and the explorer). */
  windowOf(block: BlockKey): readonly WindowBlock[] {
    return this.#cachedWindowOfStored(block);
  }
}
