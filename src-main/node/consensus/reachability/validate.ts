import { type BlockKey, ORIGIN } from '../model/block-key.ts';
import { ReachabilityError } from './reachability-error.ts';
import type { ReachabilityStoreReader } from './reachability-store.ts';

function fail(message: string): never {
  throw new ReachabilityError('DATA_INCONSISTENCY', message);
}

/**
 * Checks the invariants every query relies on, over the subtree of `root` (rusty-kaspa
 * validate_intervals, kaspad validateIntervals): intervals non-empty; each child strictly inside
 * its parent and pointing back to it; siblings consecutive and ascending; future covering sets
 * ascending and disjoint. Linear in the subtree; for tests and diagnostics. Returns the block count.
 */
export function validateReachability(store: ReachabilityStoreReader, root: BlockKey = ORIGIN): number {
  const queue: BlockKey[] = [root];
  for (let head = 0; head < queue.length; head++) {
    const block = queue[head] as BlockKey;
    const interval = store.getInterval(block);
    if (interval.isEmpty()) fail(`${block} has the empty interval ${interval}`);
    const children = store.getChildren(block);
    let previousEnd = -1;
    for (const child of children) {
      const childInterval = store.getInterval(child);
      if (store.getParent(child) !== block) fail(`${child} is a child of ${block} but names another parent`);
      if (store.getHeight(child) !== store.getHeight(block) + 1) fail(`${child} has a wrong height`);
      if (!interval.strictlyContains(childInterval)) {
        fail(`child ${child} ${childInterval} is not strictly inside ${block} ${interval}`);
      }
      if (previousEnd >= 0 && previousEnd + 1 !== childInterval.start) {
        fail(`children of ${block} are not consecutive at ${child} ${childInterval}`);
      }
      previousEnd = childInterval.end;
      queue.push(child);
    }
    const covering = store.getFutureCoveringSet(block);
    for (let i = 1; i < covering.length; i++) {
      const left = store.getInterval(covering[i - 1] as BlockKey);
      const right = store.getInterval(covering[i] as BlockKey);
      if (left.isEmpty() || right.isEmpty() || left.end >= right.start) {
        fail(`future covering set of ${block} is not ordered: ${left} then ${right}`);
      }
    }
  }
  return queue.length;
}
