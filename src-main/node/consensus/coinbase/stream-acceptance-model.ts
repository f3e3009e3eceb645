import { bytesToHex } from '../../encoding/hex.ts';
import { compareSortable, type GhostdagData } from '../ghostdag/ghostdag-data.ts';
import { transactionId } from '../hashing/tx-hash.ts';
import type { BlockKey } from '../model/block-key.ts';
import type { Outpoint, Transaction } from '../model/transaction.ts';

/**
 * FOR TESTS ONLY, until UTXO acceptance exists: which mergeset transactions a block accepts, and
 * their fees, after kaspad consensusstatemanager applyMergeSetBlocks / maybeAcceptTransaction.
 * The UTXO set of a block's past is its selected parent's plus what it accepts; the mergeset is
 * applied in GetSortedMergeSet order; a transaction is accepted when all its inputs are unspent
 * and coinbase inputs are mature (checkTransactionCoinbaseMaturity); only the selected parent's
 * coinbase enters the set. Lock times, sequence locks and scripts are NOT checked: a recorded
 * stream's transactions are taken to pass them.
 */
interface Entry {
  amount: bigint;
  daaScore: number;
  isCoinbase: boolean;
}

export interface AcceptanceBlock {
  ghostdag: GhostdagData;
  daaScore: number;
  transactions: readonly Transaction[];
}

const key = (outpoint: Outpoint): string => `${bytesToHex(outpoint.transactionId)}:${outpoint.index}`;

/** kaspad ghostdagManager GetSortedMergeSet: the selected parent, then blues and reds merged by (blue work, hash). */
export function sortedMergeset(data: GhostdagData, blueWork: (block: BlockKey) => bigint): BlockKey[] {
  const sortable = (block: BlockKey) => ({ key: block, blueWork: blueWork(block) });
  const rest = [...data.mergesetBlues.slice(1), ...data.mergesetReds];
  rest.sort((a, b) => compareSortable(sortable(a), sortable(b)));
  return [data.selectedParent, ...rest];
}

export class StreamAcceptanceModel {
  readonly #utxo = new Map<BlockKey, Map<string, Entry>>();
  readonly #coinbaseMaturity: number;

  constructor(genesis: BlockKey, coinbaseMaturity: number) {
    this.#coinbaseMaturity = coinbaseMaturity;
    this.#utxo.set(genesis, new Map());
  }

  /** Applies a block's mergeset; returns the accepted fees per merged block. Parents first. */
  accept(
    block: AcceptanceBlock,
    blockOf: (key: BlockKey) => AcceptanceBlock,
    blueWork: (key: BlockKey) => bigint,
    hash: BlockKey,
  ): Map<BlockKey, bigint> {
    const parentUtxo = this.#utxo.get(block.ghostdag.selectedParent);
    if (parentUtxo === undefined) throw new Error(`no UTXO set for ${block.ghostdag.selectedParent}`);
    const utxo = new Map(parentUtxo);
    const fees = new Map<BlockKey, bigint>();
    for (const merged of sortedMergeset(block.ghostdag, blueWork)) {
      const isSelectedParent = merged === block.ghostdag.selectedParent;
      let blockFees = 0n;
      blockOf(merged).transactions.forEach((tx, i) => {
        if (i === 0 && !isSelectedParent) return;
        const entries = tx.inputs.map((input) => utxo.get(key(input.previousOutpoint)));
        if (entries.some((e) => e === undefined)) return;
        const spent = entries as Entry[];
        if (spent.some((e) => e.isCoinbase && e.daaScore + this.#coinbaseMaturity > block.daaScore)) return;
        let fee = 0n;
        for (const e of spent) fee += e.amount;
        for (const o of tx.outputs) fee -= o.value;
        if (i !== 0) blockFees += fee;
        for (const input of tx.inputs) utxo.delete(key(input.previousOutpoint));
        const id = transactionId(tx);
        tx.outputs.forEach((o, index) =>
          utxo.set(key({ transactionId: id, index }), {
            amount: o.value,
            daaScore: block.daaScore,
            isCoinbase: i === 0,
          }),
        );
      });
      fees.set(merged, blockFees);
    }
    this.#utxo.set(hash, utxo);
    return fees;
  }
}
