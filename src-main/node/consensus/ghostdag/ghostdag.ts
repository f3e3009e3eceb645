import { DagwalletError } from '../../errors.ts';
import type { BlockKey } from '../model/block-key.ts';
import { compareSortable, type GhostdagData, type GhostdagStoreReader } from './ghostdag-data.ts';

export interface GhostdagContext {
  ghostdag: GhostdagStoreReader;
  parentsOf(block: BlockKey): readonly BlockKey[];
  /** True when `ancestor` is in the past of `block`; reflexive, as Kaspa's is_dag_ancestor_of. */
  isDagAncestorOf(ancestor: BlockKey, block: BlockKey): boolean;
  /** The work of a block's own proof of work, from its bits. */
  workOf(block: BlockKey): bigint;
}

export class GhostdagError extends DagwalletError<'NO_PARENTS' | 'NOT_IN_BLUE_SET'> {}

type ColoringResult = { blue: false } | { blue: true; anticoneSize: number; bluesAnticoneSizes: Map<BlockKey, number> };

/**
 * GHOSTDAG (PHANTOM with greedy k-cluster coloring), as rusty-kaspa
 * consensus/src/processes/ghostdag/protocol.rs and kaspad ghostdagmanager state it:
 *  - the selected parent is the parent with the most blue work (ties: the greater hash);
 *  - the mergeset is the past of the block that is not in the past of the selected parent;
 *  - mergeset blocks are visited in ascending (blue work, hash) order, and one is colored blue
 *    only if its blue anticone stays within k and no blue's anticone grows past k;
 *  - blue score = selected parent's + number of mergeset blues; blue work likewise, with work.
 */
export class Ghostdag {
  readonly k: number;
  readonly #ctx: GhostdagContext;

  constructor(k: number, context: GhostdagContext) {
    this.k = k;
    this.#ctx = context;
  }

  /** The data of a genesis block: it has no parents and scores zero. */
  static genesisData(origin: BlockKey): GhostdagData {
    return {
      blueScore: 0,
      blueWork: 0n,
      selectedParent: origin,
      mergesetBlues: [],
      mergesetReds: [],
      bluesAnticoneSizes: new Map(),
    };
  }

  findSelectedParent(parents: readonly BlockKey[]): BlockKey {
    let best: { key: BlockKey; blueWork: bigint } | undefined;
    for (const key of parents) {
      const candidate = { key, blueWork: this.#ctx.ghostdag.getGhostdag(key).blueWork };
      if (!best || compareSortable(candidate, best) > 0) best = candidate;
    }
    if (!best) throw new GhostdagError('NO_PARENTS', 'a block other than genesis needs parents');
    return best.key;
  }

  /** Sorts ascending by (blue work, hash). */
  sortBlocks(blocks: Iterable<BlockKey>): BlockKey[] {
    return [...blocks]
      .map((key) => ({ key, blueWork: this.#ctx.ghostdag.getGhostdag(key).blueWork }))
      .sort(compareSortable)
      .map((b) => b.key);
  }

  /** The mergeset without the selected parent, found by walking back until the selected parent's past. */
  orderedMergesetWithoutSelectedParent(selectedParent: BlockKey, parents: readonly BlockKey[]): BlockKey[] {
    const queue = parents.filter((p) => p !== selectedParent);
    const mergeset = new Set(queue);
    const selectedParentPast = new Set<BlockKey>();
    for (let i = 0; i < queue.length; i++) {
      for (const parent of this.#ctx.parentsOf(queue[i] as BlockKey)) {
        if (mergeset.has(parent) || selectedParentPast.has(parent)) continue;
        if (this.#ctx.isDagAncestorOf(parent, selectedParent)) {
          selectedParentPast.add(parent);
          continue;
        }
        mergeset.add(parent);
        queue.push(parent);
      }
    }
    return this.sortBlocks(mergeset);
  }

  run(parents: readonly BlockKey[]): GhostdagData {
    const selectedParent = this.findSelectedParent(parents);
    const data: GhostdagData = {
      blueScore: 0,
      blueWork: 0n,
      selectedParent,
      mergesetBlues: [selectedParent],
      mergesetReds: [],
      bluesAnticoneSizes: new Map([[selectedParent, 0]]),
    };
    for (const candidate of this.orderedMergesetWithoutSelectedParent(selectedParent, parents)) {
      const coloring = this.#checkBlueCandidate(data, candidate);
      if (coloring.blue) {
        data.mergesetBlues.push(candidate);
        data.bluesAnticoneSizes.set(candidate, coloring.anticoneSize);
        for (const [blue, size] of coloring.bluesAnticoneSizes) data.bluesAnticoneSizes.set(blue, size + 1);
      } else {
        data.mergesetReds.push(candidate);
      }
    }
    const parentData = this.#ctx.ghostdag.getGhostdag(selectedParent);
    data.blueScore = parentData.blueScore + data.mergesetBlues.length;
    data.blueWork = parentData.blueWork;
    for (const blue of data.mergesetBlues) data.blueWork += this.#ctx.workOf(blue);
    return data;
  }

  /**
   * Walks the selected chain from the new block down, over every blue that is not in the
   * candidate's past, until reaching a chain block in the candidate's past (then all remaining
   * blues are in its past too).
   */
  #checkBlueCandidate(newBlock: GhostdagData, candidate: BlockKey): ColoringResult {
    // The mergeset blues hold the selected parent besides at most k others.
    if (newBlock.mergesetBlues.length === this.k + 1) return { blue: false };
    const bluesAnticoneSizes = new Map<BlockKey, number>();
    let anticoneSize = 0;
    let chainBlock: { key: BlockKey | null; data: GhostdagData } = { key: null, data: newBlock };
    for (;;) {
      if (chainBlock.key !== null && this.#ctx.isDagAncestorOf(chainBlock.key, candidate)) {
        return { blue: true, anticoneSize, bluesAnticoneSizes };
      }
      for (const blue of chainBlock.data.mergesetBlues) {
        if (this.#ctx.isDagAncestorOf(blue, candidate)) continue;
        const blueAnticone = this.#blueAnticoneSize(blue, newBlock);
        bluesAnticoneSizes.set(blue, blueAnticone);
        anticoneSize++;
        // k-cluster violations: the candidate's blue anticone, or a blue's, would exceed k.
        if (anticoneSize > this.k || blueAnticone === this.k) return { blue: false };
      }
      const next = chainBlock.data.selectedParent;
      chainBlock = { key: next, data: this.#ctx.ghostdag.getGhostdag(next) };
    }
  }

  /** The blue anticone size of `block` in the view of `context`, found down its selected chain. */
  #blueAnticoneSize(block: BlockKey, context: GhostdagData): number {
    let sizes = context.bluesAnticoneSizes;
    let selectedParent = context.selectedParent;
    for (;;) {
      const size = sizes.get(block);
      if (size !== undefined) return size;
      const parentData = this.#ctx.ghostdag.getGhostdag(selectedParent);
      if (parentData.mergesetBlues.length === 0) {
        throw new GhostdagError('NOT_IN_BLUE_SET', `block ${block} is not in the blue set of the context`);
      }
      sizes = parentData.bluesAnticoneSizes;
      selectedParent = parentData.selectedParent;
    }
  }
}
