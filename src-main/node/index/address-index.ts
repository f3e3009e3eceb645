import type { Consensus } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { catchUpChain, chainLinkOrThrow } from './chain-path.ts';
import {
  type AddressHistoryCursor,
  type AddressHistoryRow,
  type ChainBlockHistory,
  HistoryRepository,
} from './history-repository.ts';
import { historyEntriesOf } from './history-rows.ts';
import { IndexError } from './index-error.ts';
import { scriptKeyHex, scriptKeysOf } from './script-keys.ts';
import { type AddressUtxo, ScriptUtxos } from './script-utxos.ts';

export type { AddressHistoryCursor, AddressHistoryRow } from './history-repository.ts';
export type { AddressUtxo } from './script-utxos.ts';

export interface AddressHistoryOptions {
  /** At most this many transactions (all their rows for the given scripts); all when absent. */
  limit?: number;
  /** Only transactions older than this one (the last row of the previous page). */
  before?: AddressHistoryCursor;
}

/**
 * Which unspent outputs and which transactions belong to some scripts, answered from the store.
 *
 * UTXOs come from the UTXO set itself (utxo_set carries each entry's script, written with the
 * entry), seen through the virtual's diff. History is written after each commit that moves the
 * selected chain, in its own transaction with the chain block it is complete up to (the index
 * tip); on attach, and before every history answer, the index walks from its tip to the sink:
 * rows of blocks that left the chain go, rows of blocks that joined come. A process killed at
 * any point therefore leaves an index that is behind, never wrong, and it catches up on open.
 */
export class AddressIndex {
  readonly #consensus: Consensus;
  readonly #history: HistoryRepository;
  readonly #utxos: ScriptUtxos;
  readonly #unsubscribe: () => void;
  /** The committed index tip. */
  #tip: BlockKey;
  #closed = false;

  constructor(consensus: Consensus) {
    this.#consensus = consensus;
    const { db } = consensus.store;
    this.#history = new HistoryRepository(db);
    this.#utxos = new ScriptUtxos(db);
    this.#tip = this.#history.tip() ?? consensus.genesis;
    this.catchUp();
    this.#unsubscribe = consensus.onChainChanged(() => {
      // The block is committed whatever happens here; an index failure must not fail its import.
      // The next question catches up again and reports the error to whoever asked.
      try {
        this.catchUp();
      } catch {
        // Left behind the sink; see above.
      }
    });
  }

  static attach(consensus: Consensus): AddressIndex {
    return new AddressIndex(consensus);
  }

  /** The chain block the history is complete up to: the sink, once caught up. */
  tip(): BlockKey {
    return this.#tip;
  }

  /** The unspent outputs paying any of `scripts` in the virtual's UTXO set (spendable or not yet mature). */
  utxosByScripts(scripts: readonly ScriptPublicKey[]): AddressUtxo[] {
    this.#assertOpen();
    const keys = scriptKeysOf(scripts);
    if (keys.length === 0) return [];
    return this.#utxos.virtual(keys, this.#consensus.virtualState().diff);
  }

  /**
   * The transactions accepted by the selected chain that pay or spend from any of `scripts`,
   * newest first (by accepting block, then acceptance order): one row per transaction and script.
   */
  history(scripts: readonly ScriptPublicKey[], options: AddressHistoryOptions = {}): AddressHistoryRow[] {
    this.#assertOpen();
    const keys = scriptKeysOf(scripts);
    const limit = checkedLimit(options.limit);
    const before = checkedCursor(options.before);
    this.catchUp();
    if (keys.length === 0) return [];
    return this.#history.page(keys, limit, before);
  }

  /** How many transactions accepted by the selected chain pay or spend from any of `scripts`. */
  transactionCount(scripts: readonly ScriptPublicKey[]): number {
    this.#assertOpen();
    const keys = scriptKeysOf(scripts);
    this.catchUp();
    return keys.length === 0 ? 0 : this.#history.count(keys);
  }

  /** For each script: whether any transaction ever touched it or an unspent output pays it (wallet address discovery). */
  isUsed(scripts: readonly ScriptPublicKey[]): boolean[] {
    this.#assertOpen();
    const keys = scriptKeysOf(scripts);
    if (keys.length === 0) return [];
    this.catchUp();
    const used = this.#history.used(keys);
    const rest = keys.filter((key) => !used.has(key));
    if (rest.length > 0) {
      // Outputs the virtual's mergeset created are in no chain block's history yet.
      const diff = this.#consensus.virtualState().diff;
      for (const { entry } of this.#utxos.virtual(rest, diff)) used.add(scriptKeyHex(entry.scriptPublicKey));
    }
    return keys.map((key) => used.has(key));
  }

  /** Brings the history to the sink now (queries do this themselves). */
  catchUp(): void {
    this.#assertOpen();
    catchUpChain<ChainBlockHistory>(this.#consensus, this.#tip, {
      genesisHasRows: false,
      rowsOf: (block) => this.#chainBlockHistory(block),
      write: (rollBackAbove, rows, tip) => this.#history.write(rollBackAbove, rows, tip),
      onTip: (tip) => {
        this.#tip = tip;
      },
    });
  }

  /** Stops following the chain; the store stays open (it is the consensus's). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
  }

  #chainBlockHistory(block: BlockKey): ChainBlockHistory {
    const consensus = this.#consensus;
    const state = consensus.utxoState(block);
    if (state?.status !== 'valid') throw new IndexError('INCONSISTENT', `chain block ${block} is not UTXO valid`);
    const transactions = consensus.acceptedTransactions(block);
    const acceptance = state.acceptance.flatMap((mergesetBlock) =>
      mergesetBlock.transactions.filter((t) => t.accepted),
    );
    if (transactions.length !== acceptance.length || transactions.some((tx) => tx === undefined)) {
      throw new IndexError('INCONSISTENT', `chain block ${block} accepted transactions whose bodies are not stored`);
    }
    const accepted = transactions.map((transaction, i) => {
      const { id, fee } = acceptance[i] as (typeof acceptance)[number];
      return { transaction, id, fee };
    });
    return {
      block,
      blueScore: chainLinkOrThrow(this.#consensus, block).blueScore,
      entries: historyEntriesOf(accepted, state.diff.toRemove),
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new IndexError('CLOSED', 'the address index is closed');
  }
}

function checkedLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new IndexError('BAD_ARGUMENT', `limit must be a non-negative integer, not ${String(limit)}`);
  }
  return limit;
}

function checkedCursor(before: AddressHistoryCursor | undefined): AddressHistoryCursor | undefined {
  if (before === undefined) return undefined;
  const { acceptingBlueScore, acceptanceIndex } = (before ?? {}) as Partial<AddressHistoryCursor>;
  const valid = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!valid(acceptingBlueScore) || !valid(acceptanceIndex)) {
    throw new IndexError(
      'BAD_ARGUMENT',
      'before must give acceptingBlueScore and acceptanceIndex as non-negative integers',
    );
  }
  return { acceptingBlueScore, acceptanceIndex } as AddressHistoryCursor;
}
