import type { BlockKey } from '../model/block-key.ts';
import { ReachabilityError } from './reachability-error.ts';
import type { ReachabilityStoreReader } from './reachability-store.ts';

/**
 * Interval-only queries (rusty-kaspa processes/reachability/inquirer.rs). A block's interval
 * contains exactly the intervals of its selected-parent-tree subtree.
 */

/** `a ∈ chain(b) ∪ {b}`: a block is its own chain ancestor (graph-theory convention, as Kaspa). */
export function isChainAncestorOf(store: ReachabilityStoreReader, a: BlockKey, b: BlockKey): boolean {
  return store.getInterval(a).contains(store.getInterval(b));
}

/**
 * `a ∈ chain(b)`, false for a = b. Children are allocated inside [start, end - 1] of their
 * parent, so a strict descendant's end is always below the ancestor's end.
 */
export function isStrictChainAncestorOf(store: ReachabilityStoreReader, a: BlockKey, b: BlockKey): boolean {
  return store.getInterval(a).strictlyContains(store.getInterval(b));
}

/**
 * Binary search in `ordered` (blocks with disjoint intervals in ascending order, i.e. tree
 * children or a future covering set) for the block that is a chain ancestor of `descendant`.
 * Returns its index, or `-(insertionIndex + 1)` when none is, like Java's binarySearch.
 *
 * rusty-kaspa binary_search_descendant: `descendant`'s interval end is a point unique to it;
 * only the last block starting at or before that point can contain `descendant`.
 */
export function searchChainAncestor(
  store: ReachabilityStoreReader,
  ordered: readonly BlockKey[],
  descendant: BlockKey,
): number {
  const target = store.getInterval(descendant);
  const point = target.end;
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (store.getInterval(ordered[mid] as BlockKey).start <= point) lo = mid + 1;
    else hi = mid;
  }
  // `lo` is the first block starting after `point`: the insertion index.
  if (lo > 0 && store.getInterval(ordered[lo - 1] as BlockKey).contains(target)) return lo - 1;
  return -(lo + 1);
}

/**
 * The tree child of `ancestor` on the chain to `descendant`, without checking that `ancestor`
 * really is a strict chain ancestor (reindexing calls this while `ancestor`'s own interval is
 * being rewritten and not yet consistent with its subtree, as rusty-kaspa notes).
 */
export function nextChainAncestorUnchecked(
  store: ReachabilityStoreReader,
  descendant: BlockKey,
  ancestor: BlockKey,
): BlockKey {
  const children = store.getChildren(ancestor);
  const index = searchChainAncestor(store, children, descendant);
  if (index < 0) throw new ReachabilityError('BAD_QUERY', `${ancestor} is not a chain ancestor of ${descendant}`);
  return children[index] as BlockKey;
}
