import type { Consensus } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { catchUpChain } from './chain-path.ts';
import { IndexError } from './index-error.ts';
import {
  type BlockMerge,
  type ChainBlockRows,
  type DagBlockRow,
  type TransactionAcceptance,
  TransactionIndexRepository,
  type TransactionLocation,
} from './transaction-index-repository.ts';

export type {
  BlockMerge,
  DagBlockRow,
  MergeColor,
  TransactionAcceptance,
  TransactionLocation,
} from './transaction-index-repository.ts';

const HASH_HEX = /^[0-9a-f]{64}$/;

/**
 * Where transactions live and what the selected chain made of them, answered from the store.
 *
 * Which blocks hold a transaction (`transaction_blocks`) is written by the store with each body,
 * so it is never behind. What follows the selected chain — the chain itself by blue score, which
 * chain block merged each block and how it colored it, which chain block accepted each
 * transaction — is written after each commit that moves the chain, in its own transaction with
 * the chain block it is complete up to (the index tip). On attach, and before every answer that
 * depends on the chain, the index walks from its tip to the sink: rows of blocks that left the
 * chain go, rows of blocks that joined come. A process killed at any point leaves an index that
 * is behind, never wrong, and it catches up on open (the AddressIndex's scheme).
 */
export class TransactionIndex {
  readonly #consensus: Consensus;
  readonly #repository: TransactionIndexRepository;
  readonly #unsubscribe: () => void;
  /** The committed index tip; undefined while nothing, not even genesis, is indexed. */
  #tip: BlockKey | undefined;
  #closed = false;

  constructor(consensus: Consensus) {
    this.#consensus = consensus;
    this.#repository = new TransactionIndexRepository(consensus.store.db);
    this.#tip = this.#repository.tip();
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

  static attach(consensus: Consensus): TransactionIndex {
    return new TransactionIndex(consensus);
  }

  /** The chain block the chain tables are complete up to: the sink, once caught up. */
  tip(): BlockKey | undefined {
    return this.#tip;
  }

  /** The blocks whose stored bodies hold the transaction (ID in hex), oldest by DAA score first (then by hash). */
  locations(transactionId: string): TransactionLocation[] {
    this.#assertOpen();
    return this.#repository.locations(idBlob(transactionId));
  }

  /** The transaction itself, from the body of the first block holding it; undefined if no stored body does. */
  transaction(transactionId: string): Transaction | undefined {
    for (const { block, position } of this.locations(transactionId)) {
      const transaction = this.#consensus.store.bodies.get(block)?.[position];
      if (transaction !== undefined) return transaction;
    }
    return undefined;
  }

  /** The IDs of a block's transactions in body order; undefined while its body is not stored. */
  transactionIdsOf(block: BlockKey): string[] | undefined {
    this.#assertOpen();
    const ids = this.#repository.transactionIdsOf(checkedKey(block, 'block'));
    if (ids.length > 0) return ids;
    return this.#consensus.store.bodies.has(block) ? [] : undefined;
  }

  /** The chain block that accepted the transaction; undefined while none on the selected chain has. */
  acceptance(transactionId: string): TransactionAcceptance | undefined {
    this.#assertOpen();
    const id = idBlob(transactionId);
    this.catchUp();
    return this.#repository.acceptance(id);
  }

  /** Which chain block merged the block and how it colored it; undefined while no chain block has. */
  merge(block: BlockKey): BlockMerge | undefined {
    this.#assertOpen();
    checkedKey(block, 'block');
    this.catchUp();
    return this.#repository.merge(block);
  }

  /** Whether the block is on the selected chain (genesis and the sink included). */
  isChainBlock(block: BlockKey): boolean {
    return this.merge(block)?.mergedBy === block;
  }

  /** The selected chain's block with this blue score, if one has it. */
  chainBlockAt(blueScore: number): BlockKey | undefined {
    this.#assertOpen();
    if (!Number.isSafeInteger(blueScore) || blueScore < 0) {
      throw new IndexError('BAD_ARGUMENT', `blueScore must be a non-negative integer, not ${String(blueScore)}`);
    }
    this.catchUp();
    return this.#repository.chainBlock(blueScore);
  }

  /** The blocks naming this one as a direct parent, oldest by DAA score first (then by hash). */
  children(block: BlockKey): BlockKey[] {
    this.#assertOpen();
    return this.#repository.children(checkedKey(block, 'block'));
  }

  /** The `limit` blocks with the highest DAA scores, newest first, with what a DAG view draws of them. */
  recentBlocks(limit: number): DagBlockRow[] {
    this.#assertOpen();
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new IndexError('BAD_ARGUMENT', `limit must be a non-negative integer, not ${String(limit)}`);
    }
    this.catchUp();
    return this.#repository.recent(limit);
  }

  /** Brings the chain tables to the sink now (queries do this themselves). */
  catchUp(): void {
    this.#assertOpen();
    catchUpChain<ChainBlockRows>(this.#consensus, this.#tip, {
      genesisHasRows: true,
      rowsOf: (block) => this.#chainBlockRows(block),
      write: (rollBackAbove, rows, tip) => this.#repository.write(rollBackAbove, rows, tip),
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

  #chainBlockRows(block: BlockKey): ChainBlockRows {
    const consensus = this.#consensus;
    const state = consensus.utxoState(block);
    if (state?.status !== 'valid') throw new IndexError('INCONSISTENT', `chain block ${block} is not UTXO valid`);
    const ghostdag = consensus.ghostdagData(block);
    if (ghostdag === undefined) throw new IndexError('INCONSISTENT', `block ${block} has no GHOSTDAG data`);
    // mergesetBlues[0] is the selected parent, a chain block with its own row (genesis has none).
    const blues = block === consensus.genesis ? [] : ghostdag.mergesetBlues.slice(1);
    return {
      block,
      blueScore: ghostdag.blueScore,
      merged: [
        { block, isRed: false },
        ...blues.map((blue) => ({ block: blue, isRed: false })),
        ...ghostdag.mergesetReds.map((red) => ({ block: red, isRed: true })),
      ],
      accepted: state.acceptance.flatMap((mergesetBlock) =>
        mergesetBlock.transactions.filter((tx) => tx.accepted).map((tx) => tx.id),
      ),
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new IndexError('CLOSED', 'the transaction index is closed');
  }
}

function checkedKey(key: string, what: string): string {
  if (typeof key !== 'string' || !HASH_HEX.test(key)) {
    throw new IndexError('BAD_ARGUMENT', `${what} must be 64 lowercase hex characters`);
  }
  return key;
}

function idBlob(transactionId: string): Buffer {
  return Buffer.from(checkedKey(transactionId, 'transactionId'), 'hex');
}
