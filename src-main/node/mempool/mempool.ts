import type { ChainChangedEvent } from '../consensus/chain-changed.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { isCoinbase, type Transaction } from '../consensus/model/transaction.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import type { UtxoView } from '../consensus/utxo/utxo-view.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { DagwalletError } from '../errors.ts';
import { type CheckedTransaction, checkTransaction, type ReadyTransaction } from './check-transaction.ts';
import { planEviction } from './eviction.ts';
import { defaultMempoolOptions, type MempoolOptions } from './mempool-options.ts';
import { type Orphan, OrphanPool } from './orphan-pool.ts';
import { type MempoolEntry, TransactionPool } from './transaction-pool.ts';

export type { MempoolEntry } from './transaction-pool.ts';

/** What the mempool needs from consensus; `Consensus` (consensus/consensus.ts) satisfies it structurally. */
export interface MempoolChain {
  readonly params: ConsensusParams;
  virtualState(): {
    daaScore: number;
    pastMedianTime: number;
    utxo: UtxoView;
    /**
     * What the virtual's mergeset spends on top of the sink's past UTXO set (Consensus has it).
     * Optional: with it a chain change re-checks only the pool transactions spending what the
     * chain spent; without it, all of them.
     */
    diff?: { toRemove: ReadonlyMap<OutpointKey, unknown> };
  };
  /** Transactions a chain block accepted, coinbase first (Consensus.acceptedTransactions). */
  acceptedTransactions(block: BlockKey): Transaction[];
}

export type MempoolRemovalReason = 'included' | 'conflict' | 'evicted' | 'expired' | 'invalid';

export interface MempoolChange {
  added: MempoolEntry[];
  removed: { id: string; reason: MempoolRemovalReason }[];
}

export interface SubmitResult {
  id: string;
  status: 'accepted' | 'orphan';
  /** Orphans that entered the pool because this transaction did, in the order they entered. */
  promoted: string[];
}

type VirtualView = ReturnType<MempoolChain['virtualState']>;

/** Which pool transactions a chain change re-checks. */
type ResyncScope = { kind: 'revalidate' } | { kind: 'all' } | { kind: 'spenders'; spent: ReadonlySet<OutpointKey> };

/**
 * Transactions included via the virtual's mergeset only (not yet by a chain block) are kept this
 * long, in case the block carrying them stops being merged and they must come back.
 */
const AWAITING_CHAIN_ACCEPTANCE_LIMIT = 10_000;

/**
 * The node's pool of unconfirmed transactions (kaspad v0.12 domain/miningmanager/mempool):
 * validated against the virtual UTXO set seen through the pool's own outputs, orphans kept aside
 * until their parents come, one spender per outpoint, limits enforced by evicting the lowest fee
 * rates, and kept in step with the selected chain.
 */
export class Mempool {
  readonly #chain: MempoolChain;
  readonly #options: MempoolOptions;
  readonly #pool = new TransactionPool();
  readonly #orphans: OrphanPool;
  readonly #listeners = new Set<(change: MempoolChange) => void>();
  /** Left the pool as 'included' through the virtual alone; dropped once a chain block accepts them. */
  readonly #awaitingChainAcceptance = new Map<string, Transaction>();

  constructor(chain: MempoolChain, options: Partial<MempoolOptions> = {}) {
    this.#chain = chain;
    this.#options = { ...defaultMempoolOptions(chain.params), ...options };
    this.#orphans = new OrphanPool(this.#options);
  }

  get size(): number {
    return this.#pool.size;
  }

  get totalMass(): number {
    return this.#pool.totalMass;
  }

  get orphanCount(): number {
    return this.#orphans.size;
  }

  /** Sompi per 1000 grams: the least fee rate the pool takes (kaspad MinimumRelayTransactionFee). */
  get minimumRelayFeeRate(): bigint {
    return this.#options.minimumRelayFeeRate;
  }

  /** The orphan with this ID, waiting for a parent (the orphan pool holds a few dozen at most). */
  orphan(id: string): Orphan | undefined {
    return this.#orphans.all().find((orphan) => orphan.id === id);
  }

  has(id: string): boolean {
    return this.#pool.has(id);
  }

  get(id: string): MempoolEntry | undefined {
    return this.#pool.get(id);
  }

  /** Every pool transaction, parents before children (orphans are not in the pool). */
  entries(): MempoolEntry[] {
    return this.#pool.entries();
  }

  /** The pool transaction spending this outpoint ("txidhex:index"), if any. */
  spender(outpoint: string): string | undefined {
    return this.#pool.spender(outpoint);
  }

  /**
   * Called with every change to the pool's transactions, synchronously, once the pool is
   * consistent again (a listener may submit). Entries are snapshots: a later change of an
   * entry's pool parents gives a new object. Returns the unsubscribe function.
   */
  onChange(listener: (change: MempoolChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Validates and adds a transaction (kaspad validateAndInsertTransaction). An input nobody
   * knows makes it an orphan, kept aside; otherwise it enters the pool and any orphans waiting
   * for it follow. Throws MempoolError, or consensus's TxError / ScriptError with their codes,
   * naming the first rule broken; the pool is then unchanged.
   */
  submit(tx: Transaction): SubmitResult {
    const virtual = this.#chain.virtualState();
    const change: MempoolChange = { added: [], removed: [] };
    const checked = this.#check(tx, virtual);
    if (checked.kind === 'orphan') {
      this.#orphans.add({ tx, id: checked.id, mass: checked.mass, addedAtDaaScore: virtual.daaScore });
      return { id: checked.id, status: 'orphan', promoted: [] };
    }
    const entry = this.#admit(tx, checked, virtual, change);
    const promoted = this.#promoteOrphansOf([entry.id], virtual, change);
    this.#emit(change);
    return { id: entry.id, status: 'accepted', promoted };
  }

  /**
   * Ready transactions, highest fee rate first, as many as fit in `maxMass` (for block
   * templates). Ready means every input is in the virtual UTXO set: like kaspad v0.12, a
   * transaction spending another pool transaction waits until its parent is mined.
   */
  selectForBlock(maxMass: number): Transaction[] {
    const selected: Transaction[] = [];
    let mass = 0;
    for (const entry of this.#pool.dearestFirst()) {
      if (entry.parents.length > 0 || mass + entry.mass > maxMass) continue;
      selected.push(entry.tx);
      mass += entry.mass;
    }
    return selected;
  }

  /**
   * A block template found `transaction` no longer valid against the virtual (kaspad
   * RemoveInvalidTransactions): it leaves as 'invalid', with its descendants. For the mining
   * builder's TransactionSource; `_error` is what the template's validation threw.
   */
  removeInvalid(transaction: Transaction, _error?: unknown): void {
    const change: MempoolChange = { added: [], removed: [] };
    this.#removeWithDescendants(bytesToHex(transactionId(transaction)), 'invalid', change);
    this.#emit(change);
  }

  /**
   * Brings the pool in line with the virtual after the selected chain moved. Call it from
   * Consensus.onChainChanged with every event, in order; an empty event re-checks every pool
   * transaction against the current virtual (after a block the virtual merges without moving the
   * chain, or after events were missed).
   *
   * Transactions the chain or the virtual now include leave as 'included'; those whose inputs
   * something else spent leave as 'conflict', with their descendants. The transactions of
   * removed chain blocks come back (revalidated), and after a reorganisation every pool
   * transaction is revalidated ('invalid' if it no longer holds). Orphans whose inputs appeared
   * are promoted; old transactions and orphans expire.
   */
  handleChainChanged(event: ChainChangedEvent): void {
    const virtual = this.#chain.virtualState();
    const change: MempoolChange = { added: [], removed: [] };
    const acceptedIds = new Set(event.added.flatMap((block) => block.acceptedTransactionIds));
    for (const id of acceptedIds) this.#awaitingChainAcceptance.delete(id);
    const cameBack = [
      ...[...event.removed]
        .reverse()
        .flatMap((block) => this.#chain.acceptedTransactions(block))
        .filter((tx) => !isCoinbase(tx)),
      ...this.#awaitingChainAcceptance.values(),
    ];
    this.#resync(virtual, acceptedIds, cameBack, this.#resyncScope(event, virtual), change);
    this.#enforceLimits(change);
    this.#orphans.expire(virtual.daaScore);
    const waiting = this.#orphans.all().filter((orphan) => this.#inputsAvailable(orphan.tx, virtual.utxo));
    for (const orphan of waiting) {
      if (!this.#orphans.has(orphan.id)) continue;
      this.#orphans.remove(orphan.id);
      if (this.#tryAdmit(orphan.tx, virtual, change)) this.#promoteOrphansOf([orphan.id], virtual, change);
    }
    this.#expire(virtual.daaScore, change);
    this.#emit(change);
  }

  /**
   * After a reorganisation everything is revalidated. When the chain only grew, just the
   * spenders of what it spent can have changed (kaspad removeDoubleSpends): the inputs of the
   * transactions the new chain blocks accepted, and what the virtual's mergeset spends. Without
   * the virtual's diff, or for an empty event (an explicit resync), every transaction is checked.
   */
  #resyncScope(event: ChainChangedEvent, virtual: VirtualView): ResyncScope {
    if (event.removed.length > 0) return { kind: 'revalidate' };
    if (event.added.length === 0 || virtual.diff === undefined) return { kind: 'all' };
    const spent = new Set<OutpointKey>(virtual.diff.toRemove.keys());
    for (const { block } of event.added) {
      for (const tx of this.#chain.acceptedTransactions(block)) {
        for (const { previousOutpoint } of tx.inputs) {
          spent.add(outpointKey(previousOutpoint.transactionId, previousOutpoint.index));
        }
      }
    }
    return { kind: 'spenders', spent };
  }

  #check(tx: Transaction, virtual: VirtualView): CheckedTransaction {
    return checkTransaction(tx, {
      params: this.#chain.params,
      relayFeeRate: this.#options.minimumRelayFeeRate,
      virtual,
      pool: this.#pool,
      isOrphan: (id) => this.#orphans.has(id),
    });
  }

  /** Makes room (or refuses), then adds a checked transaction. */
  #admit(tx: Transaction, checked: ReadyTransaction, virtual: VirtualView, change: MempoolChange): MempoolEntry {
    const entry = this.#entryOf(tx, checked, this.#options.now(), virtual.daaScore);
    const evicted = planEviction(this.#pool, entry, this.#options);
    for (const id of evicted) this.#removeOne(id, 'evicted', change);
    this.#pool.add(entry);
    change.added.push(entry);
    return entry;
  }

  /** #check and #admit for a transaction that is not a fresh submission: false if it fails or is an orphan. */
  #tryAdmit(tx: Transaction, virtual: VirtualView, change: MempoolChange): boolean {
    try {
      const checked = this.#check(tx, virtual);
      if (checked.kind === 'orphan') return false;
      this.#admit(tx, checked, virtual, change);
      return true;
    } catch (error) {
      if (error instanceof DagwalletError) return false;
      throw error;
    }
  }

  #entryOf(tx: Transaction, checked: ReadyTransaction, addedAt: number, addedAtDaaScore: number): MempoolEntry {
    const { id, mass, fee, parents } = checked;
    return { tx, id, fee, mass, feeRate: Number(fee) / mass, addedAt, addedAtDaaScore, parents };
  }

  /** Enforces the limits after transactions came back without eviction planning: the cheapest leave. */
  #enforceLimits(change: MempoolChange): void {
    const { maxTransactionCount, maxTotalMass } = this.#options;
    for (const candidate of this.#pool.cheapestFirst()) {
      if (this.#pool.size <= maxTransactionCount && this.#pool.totalMass <= maxTotalMass) return;
      if (this.#pool.has(candidate.id)) this.#removeWithDescendants(candidate.id, 'evicted', change);
    }
  }

  /** Moves orphans waiting on `parentIds` (and on what they bring, recursively) into the pool. */
  #promoteOrphansOf(parentIds: readonly string[], virtual: VirtualView, change: MempoolChange): string[] {
    const promoted: string[] = [];
    const queue = [...parentIds];
    for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
      for (const orphan of this.#orphans.childrenOf(parent)) {
        if (!this.#inputsAvailable(orphan.tx, virtual.utxo)) continue;
        this.#orphans.remove(orphan.id);
        // kaspad unorphanTransaction: a promoted orphan that breaks a rule is simply dropped.
        if (!this.#tryAdmit(orphan.tx, virtual, change)) continue;
        promoted.push(orphan.id);
        queue.push(orphan.id);
      }
    }
    return promoted;
  }

  /** Every input is a pool output or in the virtual UTXO set. */
  #inputsAvailable(tx: Transaction, utxo: UtxoView): boolean {
    return tx.inputs.every((input) => {
      const { transactionId: parentId, index } = input.previousOutpoint;
      const parent = this.#pool.get(bytesToHex(parentId));
      if (parent) return index < parent.tx.outputs.length;
      return utxo.get(outpointKey(parentId, index)) !== undefined;
    });
  }

  /**
   * Re-admits `cameBack` first (pool transactions may spend their outputs), then finds, among
   * the pool transactions in `scope`, those with an input that is neither a pool output nor in
   * the virtual UTXO set: 'included' if the chain accepted them or the virtual holds their
   * outputs (and so their ancestors), 'conflict' otherwise, with their descendants. Scope
   * 'revalidate' (after a reorganisation: entries may differ) checks every transaction in full
   * again, and one failing for any other reason leaves as 'invalid'.
   */
  #resync(
    virtual: VirtualView,
    acceptedIds: ReadonlySet<string>,
    cameBack: readonly Transaction[],
    scope: ResyncScope,
    change: MempoolChange,
  ): void {
    const old = this.#pool.entries();
    const revalidate = scope.kind === 'revalidate';
    const oldIds = new Set(old.map((entry) => entry.id));
    if (revalidate) this.#pool.clear();
    for (const tx of cameBack) {
      const id = bytesToHex(transactionId(tx));
      if (oldIds.has(id) || this.#pool.has(id) || this.#orphans.has(id)) continue;
      this.#awaitingChainAcceptance.delete(id);
      if (this.#tryAdmit(tx, virtual, change)) continue;
      // Still included, by the virtual alone: it may yet have to come back.
      if (!acceptedIds.has(id) && this.#outputsInUtxo(tx, id, virtual.utxo)) this.#awaitChainAcceptance(id, tx);
    }
    const candidates =
      scope.kind === 'spenders'
        ? new Set([...scope.spent].map((key) => this.#pool.spender(key)).filter((id) => id !== undefined))
        : oldIds;
    const gone = new Set<string>();
    const invalid = new Set<string>();
    for (const entry of old) {
      if (!candidates.has(entry.id)) continue;
      if (revalidate) {
        const outcome = this.#readmit(entry, virtual);
        if (outcome === 'gone') gone.add(entry.id);
        else if (outcome === 'invalid') invalid.add(entry.id);
      } else if (!this.#stillSpendable(entry, gone, virtual.utxo)) {
        gone.add(entry.id);
      }
    }
    const byId = new Map(old.map((entry) => [entry.id, entry]));
    const included = new Set<string>();
    for (const id of gone) {
      const { tx } = byId.get(id) as MempoolEntry;
      if (acceptedIds.has(id) || this.#outputsInUtxo(tx, id, virtual.utxo)) included.add(id);
    }
    // A transaction cannot be in the chain without the parents it spends from.
    const stack = [...included];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      for (const parent of byId.get(id)?.parents ?? []) {
        if (gone.has(parent) && !included.has(parent)) {
          included.add(parent);
          stack.push(parent);
        }
      }
    }
    const reasons = new Map<string, MempoolRemovalReason>();
    const drop = (id: string, reason: MempoolRemovalReason) => {
      reasons.set(id, reason);
      // Revalidation rebuilt the pool without it: only the report is left to make.
      if (revalidate) change.removed.push({ id, reason });
      else this.#removeOne(id, reason, change);
    };
    for (const entry of old) {
      const { id } = entry;
      if (reasons.has(id) || (!gone.has(id) && !invalid.has(id))) continue;
      if (included.has(id)) {
        drop(id, 'included');
        if (!acceptedIds.has(id)) this.#awaitChainAcceptance(id, entry.tx);
        continue;
      }
      // Spending an output of a transaction that no longer holds is no conflict with the chain.
      const parentInvalid = entry.parents.some((parent) => reasons.get(parent) === 'invalid');
      const reason = invalid.has(id) || parentInvalid ? 'invalid' : 'conflict';
      // Revalidation re-checked every descendant itself; otherwise they go with their parent.
      for (const removed of revalidate ? [id] : this.#pool.withDescendants(id)) drop(removed, reason);
    }
  }

  /** Checks an old entry in full against the new virtual and re-adds it, keeping when it first came. */
  #readmit(entry: MempoolEntry, virtual: VirtualView): 'kept' | 'gone' | 'invalid' {
    try {
      const checked = this.#check(entry.tx, virtual);
      if (checked.kind === 'orphan') return 'gone';
      this.#pool.add(this.#entryOf(entry.tx, checked, entry.addedAt, entry.addedAtDaaScore));
      return 'kept';
    } catch (error) {
      if (!(error instanceof DagwalletError)) throw error;
      return error.code === 'DOUBLE_SPEND' ? 'gone' : 'invalid';
    }
  }

  /** Each input still exists: a pool output of a parent not gone, or an entry of the virtual UTXO set. */
  #stillSpendable(entry: MempoolEntry, gone: ReadonlySet<string>, utxo: UtxoView): boolean {
    return entry.tx.inputs.every((input) => {
      const { transactionId: parentId, index } = input.previousOutpoint;
      const parent = bytesToHex(parentId);
      if (this.#pool.has(parent) && !gone.has(parent)) return true;
      return utxo.get(outpointKey(parentId, index)) !== undefined;
    });
  }

  #outputsInUtxo(tx: Transaction, id: string, utxo: UtxoView): boolean {
    return tx.outputs.some((_output, index) => utxo.get(`${id}:${index}`) !== undefined);
  }

  #awaitChainAcceptance(id: string, tx: Transaction): void {
    this.#awaitingChainAcceptance.set(id, tx);
    if (this.#awaitingChainAcceptance.size > AWAITING_CHAIN_ACCEPTANCE_LIMIT) {
      const oldest = this.#awaitingChainAcceptance.keys().next();
      if (!oldest.done) this.#awaitingChainAcceptance.delete(oldest.value);
    }
  }

  /** kaspad expireOldTransactions: not mined within the expiry, a transaction leaves with its descendants. */
  #expire(daaScore: number, change: MempoolChange): void {
    for (const entry of this.#pool.entries()) {
      if (!this.#pool.has(entry.id)) continue;
      if (daaScore - entry.addedAtDaaScore > this.#options.transactionExpiryDaaScore) {
        this.#removeWithDescendants(entry.id, 'expired', change);
      }
    }
  }

  #removeWithDescendants(id: string, reason: MempoolRemovalReason, change: MempoolChange): void {
    for (const removed of this.#pool.withDescendants(id)) this.#removeOne(removed, reason, change);
  }

  #removeOne(id: string, reason: MempoolRemovalReason, change: MempoolChange): void {
    if (this.#pool.removeOne(id)) change.removed.push({ id, reason });
  }

  /** Tells the listeners, leaving out transactions that came and went within the same change. */
  #emit(change: MempoolChange): void {
    const added = new Set(change.added.map((entry) => entry.id));
    const removed = new Set(change.removed.map((removal) => removal.id));
    const net: MempoolChange = {
      added: change.added.filter((entry) => !removed.has(entry.id)),
      removed: change.removed.filter((removal) => !added.has(removal.id)),
    };
    if (net.added.length === 0 && net.removed.length === 0) return;
    for (const listener of this.#listeners) listener(net);
  }
}
