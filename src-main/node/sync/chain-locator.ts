import type { Consensus } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { MAX_BLOCK_LOCATOR_HASHES } from '../p2p/wire/limits.ts';
import { knownGhostdag, storedGhostdag, SyncError } from './sync-error.ts';

/** What the locator reads from consensus. */
export type LocatorConsensus = Pick<Consensus, 'genesis' | 'sink' | 'has' | 'ghostdagData' | 'isDagAncestorOf'>;

/**
 * The syncer's answer to an IBD chain-block-locator request (kaspad
 * CreateHeadersSelectedChainBlockLocator): blocks of `high`'s selected chain from `high` down to
 * `low`, `high` first and `low` last, spaced by blue-score gaps of at least 1, 2, 4, 8, ... so a
 * syncee finds the highest block it shares with us in logarithmically many entries.
 *
 * `high` defaults to the sink, `low` to genesis. Throws SyncError UNKNOWN_BLOCK for a hash we do
 * not hold and NOT_IN_SELECTED_CHAIN unless `low` is `high` or a selected-chain ancestor of it.
 *
 * kaspad spaces entries by index in its headers-selected-chain store; we keep no chain index, so we
 * space them by blue score, as kaspad's older createBlockLocator does. Blue score rises by at least
 * one per chain block, so the gaps in chain blocks are never larger than the blue-score gaps and the
 * locator stays logarithmic. Costs one GHOSTDAG read per chain block between `high` and `low`.
 */
export function chainBlockLocator(
  consensus: LocatorConsensus,
  low: BlockKey | null,
  high: BlockKey | null,
  limit: number = MAX_BLOCK_LOCATOR_HASHES,
): BlockKey[] {
  if (!Number.isInteger(limit) || limit < 2) {
    throw new SyncError('BAD_LIMIT', `a locator limit must be an integer of at least 2 (both ends), got ${limit}`);
  }
  const highKey = high ?? consensus.sink();
  const lowKey = low ?? consensus.genesis;
  const highData = knownGhostdag(consensus, highKey, 'high');
  const lowScore = knownGhostdag(consensus, lowKey, 'low').blueScore;
  const notOnChain = (): SyncError =>
    new SyncError('NOT_IN_SELECTED_CHAIN', `block ${lowKey} is not on the selected chain of ${highKey}`);
  // A chain ancestor is also a DAG ancestor: one reachability query refuses most bad requests
  // before any walk. Being in the past is not enough, though; the walk below settles the rest.
  if (!consensus.isDagAncestorOf(lowKey, highKey)) throw notOnChain();

  const locator = [highKey];
  let current = highKey;
  let data = highData;
  let step = 1;
  // Blue scores strictly fall along a selected chain, so the walk ends at the first chain block
  // at or below `low`'s score, which is `low` exactly when `low` is on the chain.
  while (data.blueScore > lowScore) {
    const target = Math.max(data.blueScore - step, lowScore);
    while (data.blueScore > target) {
      current = data.selectedParent;
      data = storedGhostdag(consensus, current);
    }
    if (data.blueScore <= lowScore) break;
    locator.push(current);
    step *= 2;
  }
  if (current !== lowKey) throw notOnChain();
  if (lowKey !== highKey) locator.push(lowKey);

  // kaspad's createBlockLocator stops at its limit, dropping `low`; its headers-chain locator has
  // no limit at all (doubling keeps it near 64 entries). We keep `low` as the last entry, so even a
  // cut locator still ends at the block the syncee asked to be covered. With doubling gaps the cut
  // needs more than 2^(limit - 2) blue score between the ends, i.e. never at the default 500.
  if (locator.length > limit) return [...locator.slice(0, limit - 1), lowKey];
  return locator;
}
