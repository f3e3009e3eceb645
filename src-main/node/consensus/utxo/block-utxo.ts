import { decodeCoinbasePayload } from '../coinbase/coinbase-payload.ts';
import { expectedCoinbaseTransaction, type MergedBlockReward } from '../coinbase/expected-coinbase.ts';
import type { WindowBlock } from '../daa/block-window.ts';
import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import { transactionHash } from '../hashing/tx-hash.ts';
import type { BlockKey } from '../model/block-key.ts';
import type { BlockHeader } from '../model/header.ts';
import type { Transaction, UtxoEntry } from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';
import { bytesEqual, bytesToHex } from '../../encoding/hex.ts';
import { DagwalletError } from '../../errors.ts';
import type { MuHash } from '../../crypto/muhash.ts';
import type { BlockUtxoState } from '../../store/block-utxo-repository.ts';
import {
  acceptedIdMerkleRoot,
  applyMergeset,
  type BlockAcceptance,
  type ValidateInContext,
} from './mergeset-acceptance.ts';
import { outpointKey } from './utxo-serialization.ts';
import { UtxoOverlay, type UtxoView } from './utxo-view.ts';

export interface BlockUtxoInput {
  block: BlockKey;
  header: BlockHeader;
  transactions: readonly Transaction[];
  ghostdag: GhostdagData;
  /** The block's DAA window (for which merged blocks earn a reward). */
  daaWindow: readonly WindowBlock[];
  selectedParentPast: UtxoView;
  selectedParentMultiset: MuHash;
  bodyOf(block: BlockKey): readonly Transaction[];
  blueWorkOf(block: BlockKey): bigint;
  /** Context validation of a transaction spending `entries`, as of this block (includes scripts). */
  validate: ValidateInContext;
}

/**
 * kaspad's consensus order of a mergeset (ghostdagmanager GetSortedMergeSet): the selected
 * parent, then the other blues and the reds merged by (blue work, hash).
 */
export function consensusOrderedMergeset(ghostdag: GhostdagData, blueWorkOf: (block: BlockKey) => bigint): BlockKey[] {
  const [selectedParent, ...blues] = ghostdag.mergesetBlues;
  const rest = [...blues, ...ghostdag.mergesetReds].sort((a, b) => {
    const wa = blueWorkOf(a);
    const wb = blueWorkOf(b);
    if (wa !== wb) return wa < wb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return selectedParent === undefined ? rest : [selectedParent, ...rest];
}

/** Reasons are stored as "CODE: explanation"; the code names the broken rule (kaspad ruleerrors, TxError, ScriptError). */
/** What each mergeset block earns its miner: its payload's subsidy and accepted fees, if it is DAA-added. */
export function mergesetRewards(
  acceptance: readonly BlockAcceptance[],
  bodyOf: (block: BlockKey) => readonly Transaction[],
  daaWindow: readonly WindowBlock[],
  params: ConsensusParams,
): Map<BlockKey, MergedBlockReward> {
  const daaWindowKeys = new Set(daaWindow.map((b) => b.key));
  const rewards = new Map<BlockKey, MergedBlockReward>();
  for (const accepted of acceptance) {
    const mergedCoinbase = bodyOf(accepted.block)[0] as Transaction;
    rewards.set(accepted.block, {
      coinbase: decodeCoinbasePayload(mergedCoinbase.payload, params),
      acceptedFees: accepted.transactions.reduce((sum, tx) => sum + tx.fee, 0n),
      daaAdded: daaWindowKeys.has(accepted.block),
    });
  }
  return rewards;
}

function disqualified(reason: string): BlockUtxoState {
  return { status: 'disqualified', reason };
}

export function disqualificationCode(reason: string): string {
  return /^([A-Z_]+):/.exec(reason)?.[1] ?? 'DISQUALIFIED';
}

/**
 * A block's UTXO state (kaspad consensusstatemanager calculatePastUTXOAndAcceptanceData +
 * verifyUTXO): apply its mergeset to its selected parent's past UTXO set, then the header's UTXO
 * commitment and accepted-ID merkle root must match, its coinbase must be the expected one, and
 * its own transactions must be valid against its past UTXO set. Failing that, the block stays in
 * the DAG but is disqualified from the selected chain, as kaspad does: a reason, not an error.
 */
export function computeBlockUtxo(input: BlockUtxoInput, params: ConsensusParams): BlockUtxoState {
  const { header, ghostdag } = input;
  const order = consensusOrderedMergeset(ghostdag, input.blueWorkOf);
  const mergeset = order.map((block) => ({ block, transactions: input.bodyOf(block) }));
  const result = applyMergeset(
    mergeset,
    input.selectedParentPast,
    input.selectedParentMultiset,
    header.daaScore,
    input.validate,
  );

  const commitment = result.multiset.finalize();
  if (!bytesEqual(commitment, header.utxoCommitment)) {
    return disqualified(
      `BAD_UTXO_COMMITMENT: header ${bytesToHex(header.utxoCommitment)}, computed ${bytesToHex(commitment)}`,
    );
  }
  const acceptedRoot = acceptedIdMerkleRoot(result.acceptance);
  if (!bytesEqual(acceptedRoot, header.acceptedIdMerkleRoot)) {
    return disqualified(
      `BAD_ACCEPTED_ID_MERKLE_ROOT: header ${bytesToHex(header.acceptedIdMerkleRoot)}, computed ${bytesToHex(acceptedRoot)}`,
    );
  }

  const coinbase = input.transactions[0] as Transaction;
  const expected = expectedCoinbaseTransaction(
    {
      ghostdag,
      daaScore: header.daaScore,
      coinbaseData: decodeCoinbasePayload(coinbase.payload, params),
      mergeset: mergesetRewards(result.acceptance, input.bodyOf, input.daaWindow, params),
    },
    params,
  );
  if (!bytesEqual(transactionHash(expected), transactionHash(coinbase))) {
    return disqualified('BAD_COINBASE_TRANSACTION: the coinbase is not the one its mergeset pays');
  }

  // The block's own transactions, each against the block's past UTXO set (not each other's outputs).
  const past = new UtxoOverlay(input.selectedParentPast, result.diff);
  for (const [index, tx] of input.transactions.entries()) {
    if (index === 0) continue;
    const entries: UtxoEntry[] = [];
    for (const txInput of tx.inputs) {
      const { transactionId, index: outputIndex } = txInput.previousOutpoint;
      const entry = past.get(outpointKey(transactionId, outputIndex));
      if (!entry)
        return disqualified(
          `MISSING_TX_OUT: transaction ${index} spends ${bytesToHex(transactionId)}:${outputIndex}, not in the past UTXO set`,
        );
      entries.push(entry);
    }
    try {
      input.validate(tx, entries);
    } catch (error) {
      if (!(error instanceof DagwalletError)) throw error;
      return disqualified(`${error.code}: transaction ${index}: ${error.message}`);
    }
  }
  return { status: 'valid', diff: result.diff, multiset: result.multiset, acceptance: result.acceptance };
}
