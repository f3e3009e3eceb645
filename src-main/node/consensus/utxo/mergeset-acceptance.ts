import { DagwalletError } from '../../errors.ts';
import type { MuHash } from '../../crypto/muhash.ts';
import { compareBytes } from '../../encoding/hex.ts';
import { transactionId } from '../hashing/tx-hash.ts';
import { merkleRoot } from '../hashing/merkle.ts';
import type { BlockKey } from '../model/block-key.ts';
import type { Hash } from '../model/hash.ts';
import { ZERO_HASH } from '../model/hash.ts';
import type { Transaction, UtxoEntry } from '../model/transaction.ts';
import { UtxoDiff } from './utxo-diff.ts';
import { outpointKey, serializeUtxo } from './utxo-serialization.ts';
import { UtxoOverlay, type UtxoView } from './utxo-view.ts';

export interface TransactionAcceptance {
  id: Hash;
  accepted: boolean;
  /** Zero for coinbases and for transactions not accepted. */
  fee: bigint;
}

/** What one merging block made of one block of its mergeset (kaspad BlockAcceptanceData). */
export interface BlockAcceptance {
  block: BlockKey;
  transactions: TransactionAcceptance[];
}

export interface MergesetBody {
  block: BlockKey;
  transactions: readonly Transaction[];
}

/**
 * Validates a non-coinbase transaction against the UTXO entries it spends, as of the merging
 * block, and returns its fee; throws (any DagwalletError) when it must not be accepted.
 */
export type ValidateInContext = (tx: Transaction, entries: readonly UtxoEntry[]) => bigint;

export interface MergesetResult {
  diff: UtxoDiff;
  acceptance: BlockAcceptance[];
  multiset: MuHash;
}

/**
 * Applies a block's mergeset to its selected parent's past UTXO set (kaspad consensusstatemanager
 * applyMergeSetBlocks / maybeAcceptTransaction / calculateMultiset): blocks in consensus order
 * (selected parent first, then by blue work), each block's transactions in order. A transaction
 * is accepted if every input is still unspent and it validates in context; a coinbase only when
 * it is the selected parent's. Outputs of accepted transactions enter the set stamped with the
 * merging block's DAA score, and the MuHash follows every change.
 */
export function applyMergeset(
  mergeset: readonly MergesetBody[],
  selectedParentPast: UtxoView,
  selectedParentMultiset: MuHash,
  daaScore: number,
  validate: ValidateInContext,
): MergesetResult {
  const diff = new UtxoDiff();
  const view = new UtxoOverlay(selectedParentPast, diff);
  const multiset = selectedParentMultiset.clone();
  const acceptance = mergeset.map(({ block, transactions }, blockIndex) => ({
    block,
    transactions: transactions.map((tx, txIndex): TransactionAcceptance => {
      const id = transactionId(tx);
      const coinbase = txIndex === 0;
      const entries: UtxoEntry[] = [];
      for (const input of tx.inputs) {
        const entry = view.get(outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index));
        if (!entry) return { id, accepted: false, fee: 0n };
        entries.push(entry);
      }
      let fee = 0n;
      if (coinbase) {
        // Coinbase outputs enter the set only through the selected chain.
        if (blockIndex !== 0) return { id, accepted: false, fee: 0n };
      } else {
        try {
          fee = validate(tx, entries);
        } catch (error) {
          if (error instanceof DagwalletError) return { id, accepted: false, fee: 0n };
          throw error;
        }
      }
      tx.inputs.forEach((input, i) => {
        const key = outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index);
        multiset.remove(serializeUtxo(key, entries[i] as UtxoEntry));
      });
      diff.addTransaction(tx, id, entries, daaScore, coinbase);
      tx.outputs.forEach((output, index) => {
        const entry = {
          amount: output.value,
          scriptPublicKey: output.scriptPublicKey,
          blockDaaScore: daaScore,
          isCoinbase: coinbase,
        };
        multiset.add(serializeUtxo(outpointKey(id, index), entry));
      });
      return { id, accepted: true, fee };
    }),
  }));
  return { diff, acceptance, multiset };
}

/** kaspad calculateAcceptedIDMerkleRoot: the accepted transaction IDs, sorted bytewise, as a merkle tree. */
export function acceptedIdMerkleRoot(acceptance: readonly BlockAcceptance[]): Hash {
  const ids = acceptance.flatMap((block) => block.transactions.filter((t) => t.accepted).map((t) => t.id));
  if (ids.length === 0) return ZERO_HASH;
  return merkleRoot(ids.sort(compareBytes));
}
