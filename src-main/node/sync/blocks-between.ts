import type { Consensus } from '../consensus/consensus.ts';
import { compareSortable } from '../consensus/ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { knownGhostdag, storedGhostdag, SyncError } from './sync-error.ts';

/** What blocksBetween reads from consensus. */
export type BetweenConsensus = Pick<Consensus, 'has' | 'ghostdagData' | 'isDagAncestorOf'>;

/**
 * The blocks a syncee holding `low` is missing to reach `high` (kaspad GetHashesBetween): every
 * block of past(high) ∪ {high} outside past(low) ∪ {low}, each after all of its parents, so the
 * syncee can insert them one at a time. Yields nothing when `low` is `high`.
 *
 * Throws SyncError UNKNOWN_BLOCK for a hash we do not hold and NOT_IN_PAST unless `low` is in
 * past(high) ∪ {high}; both checks run at the call, before the first block is asked for. The
 * chain from `high` down to where it meets past(low) is listed up front; mergesets are read one
 * chain block at a time, so a caller can stream batches without holding the whole answer.
 *
 * Why the order is topological. Let C be the highest block of high's selected chain inside
 * past(low) ∪ {low}, and B1 … Bn the chain blocks above it, lowest first (Bn = high). Then
 * past(Bi) ∪ {Bi} = past(B(i-1)) ∪ {B(i-1)} ∪ mergeset(Bi) ∪ {Bi}, with B0 = C, and
 * past(C) ∪ {C} ⊆ past(low) ∪ {low}. So by induction, once Bi is yielded, everything in
 * past(Bi) ∪ {Bi} is either yielded or in past(low) ∪ {low}. For a block X of mergeset(Bi), a
 * parent P of X lies in past(Bi): if it is in past(B(i-1)) ∪ {B(i-1)} it came before; otherwise it
 * is in mergeset(Bi) too. A block's blue work is its selected parent's plus the work of its blue
 * mergeset, which holds the selected parent itself (work > 0), so it is strictly greater than its
 * selected parent's, which GHOSTDAG picked as the parent of greatest (blue work, hash). Hence
 * blue work strictly rises from any block to its children and, by transitivity, to its whole
 * future: P sorts before X by (blue work, hash). Bi itself follows its whole mergeset.
 */
export function blocksBetween(consensus: BetweenConsensus, low: BlockKey, high: BlockKey): Generator<BlockKey> {
  knownGhostdag(consensus, low, 'low');
  const highData = knownGhostdag(consensus, high, 'high');
  if (!consensus.isDagAncestorOf(low, high)) {
    throw new SyncError('NOT_IN_PAST', `block ${low} is neither ${high} nor in its past`);
  }
  // kaspad starts from the chain block where low's own selected chain meets high's; the highest
  // chain block inside past(low) ∪ {low} is at least as high, so fewer mergesets are read. The
  // walk ends by genesis at the latest, which is in every block's past.
  const chainAboveLow: BlockKey[] = [];
  for (let block = high, data = highData; !consensus.isDagAncestorOf(block, low);) {
    chainAboveLow.push(block);
    block = data.selectedParent;
    data = storedGhostdag(consensus, block);
  }
  return yieldBetween(consensus, low, chainAboveLow.reverse());
}

function* yieldBetween(
  consensus: BetweenConsensus,
  low: BlockKey,
  chainLowestFirst: readonly BlockKey[],
): Generator<BlockKey> {
  for (const chainBlock of chainLowestFirst) {
    const { selectedParent, mergesetBlues, mergesetReds } = storedGhostdag(consensus, chainBlock);
    // The selected parent was the previous chain block (or the meeting block, already held).
    const missing = [...mergesetBlues, ...mergesetReds]
      .filter((block) => block !== selectedParent && !consensus.isDagAncestorOf(block, low))
      .map((key) => ({ key, blueWork: storedGhostdag(consensus, key).blueWork }))
      .sort(compareSortable);
    for (const { key } of missing) yield key;
    // Above the meeting block by construction, so never in past(low).
    yield chainBlock;
  }
}
