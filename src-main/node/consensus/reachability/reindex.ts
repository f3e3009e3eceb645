import type { BlockKey } from '../model/block-key.ts';
import { isStrictChainAncestorOf, nextChainAncestorUnchecked } from './inquirer.ts';
import { Interval } from './interval.ts';
import { ReachabilityError } from './reachability-error.ts';
import { NO_PARENT, type ReachabilityStore, type ReachabilityStoreReader } from './reachability-store.ts';

/** Which side of a block's children we take space from. */
type Side = 'before' | 'after';

/** Space a block can hand to new children: its interval minus the last point, which is its own. */
export function childrenCapacity(store: ReachabilityStoreReader, block: BlockKey): Interval {
  return store.getInterval(block).decreaseEnd(1);
}

/** Unallocated space before the first child (kaspad remainingIntervalBefore). */
export function remainingBefore(store: ReachabilityStoreReader, block: BlockKey): Interval {
  const capacity = childrenCapacity(store, block);
  const children = store.getChildren(block);
  if (children.length === 0) return capacity;
  return new Interval(capacity.start, store.getInterval(children[0] as BlockKey).start - 1);
}

/** Unallocated space after the last child (kaspad remainingIntervalAfter). */
export function remainingAfter(store: ReachabilityStoreReader, block: BlockKey): Interval {
  const capacity = childrenCapacity(store, block);
  const children = store.getChildren(block);
  if (children.length === 0) return capacity;
  return new Interval(store.getInterval(children[children.length - 1] as BlockKey).end + 1, capacity.end);
}

function indexAmongSiblings(children: readonly BlockKey[], block: BlockKey): number {
  const index = children.indexOf(block);
  if (index < 0) throw new ReachabilityError('DATA_INCONSISTENCY', `${block} is missing from its parent's children`);
  return index;
}

/**
 * One reindex operation (rusty-kaspa reindex.rs ReindexOperationContext, kaspad reindex_context.go).
 * It caches subtree sizes, valid while the tree's shape is unchanged, i.e. for one operation.
 * All traversals are queue-based: the tree is a 16k-deep chain in tests, too deep for recursion.
 */
export class ReindexContext {
  readonly #store: ReachabilityStore;
  readonly #slack: number;
  readonly #subtreeSizes = new Map<BlockKey, number>();

  constructor(store: ReachabilityStore, slack: number) {
    this.#store = store;
    this.#slack = slack;
  }

  /**
   * `newChild` was given an empty interval because its parent was full. Climb to the first
   * ancestor whose interval fits its subtree and re-lay that subtree out; but once the climb
   * reaches the reindex root's chain, take slack from the chain instead (reindexing the root's
   * subtree would touch most recent blocks).
   */
  reindexIntervals(newChild: BlockKey, reindexRoot: BlockKey): void {
    let current = newChild;
    for (;;) {
      const size = this.#subtreeSize(current);
      if (this.#store.getInterval(current).size() >= size) break;

      const parent = this.#store.getParent(current);
      if (parent === NO_PARENT) {
        throw new ReachabilityError('DATA_OVERFLOW', 'reachability tree root is out of interval capacity');
      }
      if (current === reindexRoot) {
        // Takes ~2^41 blocks with our capacity and the default slack.
        throw new ReachabilityError('DATA_OVERFLOW', `reindex root ${reindexRoot} is out of interval capacity`);
      }
      if (isStrictChainAncestorOf(this.#store, parent, reindexRoot)) {
        // Asking for the subtree size doubles `current`'s capacity.
        this.#reindexEarlierThanRoot(current, reindexRoot, parent, size);
        return;
      }
      current = parent;
    }
    this.#propagateInterval(current);
  }

  /**
   * Moving the reindex root one step, `parent` → `child`: squeeze `parent`'s other children to
   * their subtree sizes plus `slack` of room at each end, and give `child` everything else.
   */
  concentrateInterval(parent: BlockKey, child: BlockKey, isFinalReindexRoot: boolean): void {
    const children = this.#store.getChildren(parent);
    const index = indexAmongSiblings(children, child);
    const before = children.slice(0, index);
    const after = children.slice(index + 1);
    const interval = this.#store.getInterval(parent);

    const beforeSizes = before.map((block) => this.#subtreeSize(block));
    const beforeSum = sum(beforeSizes);
    this.#setAll(
      before,
      new Interval(interval.start + this.#slack, interval.start + this.#slack + beforeSum - 1),
      beforeSizes,
    );

    const afterSizes = after.map((block) => this.#subtreeSize(block));
    const afterSum = sum(afterSizes);
    this.#setAll(
      after,
      new Interval(interval.end - this.#slack - afterSum, interval.end - this.#slack - 1),
      afterSizes,
    );

    const allocation = new Interval(
      interval.start + beforeSum + this.#slack,
      interval.end - afterSum - this.#slack - 1,
    );
    if (isFinalReindexRoot && !allocation.contains(this.#store.getInterval(child))) {
      // Lay the subtree out inside a `slack`-narrower interval, so that next time the root
      // moves the new allocation likely still contains it and no propagation is needed.
      this.#store.setInterval(child, new Interval(allocation.start + this.#slack, allocation.end - this.#slack));
      this.#propagateInterval(child);
    }
    // Intermediate chain blocks are not propagated: the next step re-lays their children.
    this.#store.setInterval(child, allocation);
  }

  #setAll(blocks: readonly BlockKey[], span: Interval, sizes: readonly number[]): void {
    const parts = span.splitExact(sizes);
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i] as BlockKey;
      this.#store.setInterval(block, parts[i] as Interval);
      this.#propagateInterval(block);
    }
  }

  #subtreeSize(block: BlockKey): number {
    this.#countSubtrees(block);
    return this.#subtreeSizes.get(block) as number;
  }

  /**
   * Subtree size of every block under `block` (itself included), breadth-first: leaves (or
   * already counted blocks) push their counts up the parent chain, and a block is summed once
   * all its children have reported.
   */
  #countSubtrees(block: BlockKey): void {
    const sizes = this.#subtreeSizes;
    if (sizes.has(block)) return;
    const store = this.#store;
    const reported = new Map<BlockKey, number>();
    const queue: BlockKey[] = [block];
    for (let head = 0; head < queue.length; head++) {
      let current = queue[head] as BlockKey;
      const children = store.getChildren(current);
      if (children.length === 0) {
        sizes.set(current, 1);
      } else if (!sizes.has(current)) {
        for (const child of children) queue.push(child);
        continue;
      }
      while (current !== block) {
        current = store.getParent(current);
        const count = (reported.get(current) ?? 0) + 1;
        reported.set(current, count);
        const siblings = store.getChildren(current);
        if (count < siblings.length) break;
        let total = 1;
        for (const child of siblings) total += sizes.get(child) as number;
        sizes.set(current, total);
      }
    }
  }

  /** Re-lays `block`'s whole subtree inside its (new) interval by the exponential split rule. */
  #propagateInterval(block: BlockKey): void {
    this.#countSubtrees(block);
    const store = this.#store;
    const queue: BlockKey[] = [block];
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head] as BlockKey;
      const children = store.getChildren(current);
      if (children.length === 0) continue;
      const sizes = children.map((child) => this.#subtreeSizes.get(child) as number);
      const parts = childrenCapacity(store, current).splitExponential(sizes);
      for (let i = 0; i < children.length; i++) {
        const child = children[i] as BlockKey;
        store.setInterval(child, parts[i] as Interval);
        queue.push(child);
      }
    }
  }

  /**
   * `allocationBlock` (a child of `commonAncestor`, which is on the reindex root's chain) needs
   * `required` more room. Take it from the slack kept along the chain from `commonAncestor` to
   * the reindex root, on the side where `allocationBlock` lies (rusty-kaspa
   * reindex_intervals_earlier_than_root, reclaim_interval_before/after).
   */
  #reindexEarlierThanRoot(
    allocationBlock: BlockKey,
    reindexRoot: BlockKey,
    commonAncestor: BlockKey,
    required: number,
  ) {
    const chosenChild = nextChainAncestorUnchecked(this.#store, reindexRoot, commonAncestor);
    const side: Side =
      this.#store.getInterval(allocationBlock).start < this.#store.getInterval(chosenChild).start ? 'before' : 'after';
    this.#reclaim(side, allocationBlock, commonAncestor, chosenChild, reindexRoot, required);
  }

  #reclaim(
    side: Side,
    allocationBlock: BlockKey,
    commonAncestor: BlockKey,
    chosenChild: BlockKey,
    reindexRoot: BlockKey,
    required: number,
  ): void {
    const store = this.#store;
    const remaining = side === 'before' ? remainingBefore : remainingAfter;
    let slackSum = 0;
    let pathLength = 0;
    let pathSlackAlloc = 0;

    // Walk down the chain from the chosen child towards the reindex root, collecting slack.
    let current = chosenChild;
    for (;;) {
      if (current === reindexRoot) {
        // The root's interval is the big one: take what is still missing from it, plus fresh
        // `slack` for every chain block we passed (they give theirs away below).
        const offset = required + this.#slack * pathLength - slackSum;
        this.#shrink(side, current, offset, true);
        this.#offsetSiblings(side, allocationBlock, current, offset);
        pathSlackAlloc = this.#slack;
        break;
      }
      const slack = remaining(store, current).size();
      slackSum += slack;
      if (slackSum >= required) {
        const offset = slack - (slackSum - required);
        this.#shrink(side, current, offset, false);
        this.#offsetSiblings(side, allocationBlock, current, offset);
        break;
      }
      current = nextChainAncestorUnchecked(store, reindexRoot, current);
      pathLength++;
    }

    // Back up to the common ancestor: each chain block passes the freed room on to its siblings
    // on that side (keeping `pathSlackAlloc` for itself), until it reaches `allocationBlock`.
    for (;;) {
      current = store.getParent(current);
      if (current === commonAncestor) break;
      const offset = remaining(store, current).size() - pathSlackAlloc;
      this.#shrink(side, current, offset, false);
      this.#offsetSiblings(side, allocationBlock, current, offset);
    }
  }

  /** Gives up `offset` of `block`'s interval on `side` (its children stay put unless propagated). */
  #shrink(side: Side, block: BlockKey, offset: number, propagate: boolean): void {
    const interval = this.#store.getInterval(block);
    this.#store.setInterval(block, side === 'before' ? interval.increaseStart(offset) : interval.decreaseEnd(offset));
    if (propagate) this.#propagateInterval(block);
  }

  /**
   * Shifts the siblings between `current` and `allocationBlock` by `offset` into the room
   * `current` freed, and grows `allocationBlock` by `offset`. If `allocationBlock` is not a
   * sibling, all siblings on that side shift and the room moves up to the parent's slack.
   */
  #offsetSiblings(side: Side, allocationBlock: BlockKey, current: BlockKey, offset: number): void {
    const store = this.#store;
    const siblings = store.getChildren(store.getParent(current));
    const index = indexAmongSiblings(siblings, current);
    const step = side === 'before' ? -1 : 1;
    for (let i = index + step; i >= 0 && i < siblings.length; i += step) {
      const sibling = siblings[i] as BlockKey;
      const interval = store.getInterval(sibling);
      if (sibling === allocationBlock) {
        store.setInterval(sibling, side === 'before' ? interval.increaseEnd(offset) : interval.decreaseStart(offset));
        this.#propagateInterval(sibling);
        break;
      }
      store.setInterval(sibling, side === 'before' ? interval.increase(offset) : interval.decrease(offset));
      this.#propagateInterval(sibling);
    }
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
