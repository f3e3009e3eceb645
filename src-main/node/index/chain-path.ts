import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Consensus } from '../consensus/consensus.ts';
import { IndexError } from './index-error.ts';

/** What the path between two chain tips needs of a block. */
export interface ChainLink {
  selectedParent: BlockKey;
  blueScore: number;
}

export interface ChainPath {
  /** The newest block on both selected chains. */
  common: BlockKey;
  /** The blocks from just above `common` up to `to`, oldest first. */
  added: BlockKey[];
}

/**
 * How to get from the selected chain ending at `from` to the one ending at `to`: drop `from`'s
 * blocks above `common`, then add `added`. Blue score grows by at least one from a selected parent
 * to its child, so stepping down whichever side is higher meets at the common block without
 * reachability queries.
 */
export function chainPath(from: BlockKey, to: BlockKey, linkOf: (block: BlockKey) => ChainLink | undefined): ChainPath {
  const link = (block: BlockKey): ChainLink => {
    const found = linkOf(block);
    if (found === undefined) {
      throw new IndexError('INCONSISTENT', `block ${block} has no GHOSTDAG data: the chains share no block`);
    }
    return found;
  };
  const added: BlockKey[] = [];
  let a = from;
  let b = to;
  while (a !== b) {
    const linkA = link(a);
    const linkB = link(b);
    if (linkA.blueScore >= linkB.blueScore) a = linkA.selectedParent;
    if (linkB.blueScore >= linkA.blueScore) {
      added.push(b);
      b = linkB.selectedParent;
    }
  }
  return { common: a, added: added.reverse() };
}

/** A stored block's place on a selected chain (its GHOSTDAG data); undefined for a block not stored. */
export function chainLinkOf(consensus: Consensus, block: BlockKey): ChainLink | undefined {
  const ghostdag = consensus.ghostdagData(block);
  return ghostdag && { selectedParent: ghostdag.selectedParent, blueScore: ghostdag.blueScore };
}

export function chainLinkOrThrow(consensus: Consensus, block: BlockKey): ChainLink {
  const link = chainLinkOf(consensus, block);
  if (link === undefined) throw new IndexError('INCONSISTENT', `block ${block} has no GHOSTDAG data`);
  return link;
}

/** Chain blocks written per store transaction while catching up, so a long catch-up holds little in memory. */
const CATCH_UP_BATCH = 256;

export interface ChainCatchUp<Row extends { block: BlockKey }> {
  /**
   * On starting over (no tip, or a tip that is no block of this store), whether genesis gets rows of
   * its own (otherwise the walk starts above it).
   */
  genesisHasRows: boolean;
  /** The rows one chain block contributes. */
  rowsOf(block: BlockKey): Row;
  /**
   * Deletes the rows of chain blocks above `rollBackAbove` (a blue score; -1: all), inserts `rows`
   * and records `tip`, in one store transaction.
   */
  write(rollBackAbove: number | undefined, rows: Row[], tip: BlockKey): void;
  /** The tip now on disk, after each write. */
  onTip(tip: BlockKey): void;
}

/**
 * Brings an index that keeps rows per selected-chain block from its recorded `tip` to the sink:
 * the blocks that left the chain are rolled back and the ones that joined it written, in batches,
 * so a process killed half-way leaves the index behind (at a recorded tip), never wrong.
 */
export function catchUpChain<Row extends { block: BlockKey }>(
  consensus: Consensus,
  tip: BlockKey | undefined,
  index: ChainCatchUp<Row>,
): void {
  const sink = consensus.sink();
  if (tip === sink) return;
  const linkOf = (block: BlockKey) => chainLinkOf(consensus, block);
  let rollBackAbove: number | undefined;
  let common: BlockKey;
  let added: BlockKey[];
  if (tip === undefined || !consensus.has(tip)) {
    rollBackAbove = -1;
    common = consensus.genesis;
    const above = chainPath(consensus.genesis, sink, linkOf).added;
    added = index.genesisHasRows ? [consensus.genesis, ...above] : above;
  } else {
    ({ common, added } = chainPath(tip, sink, linkOf));
    if (common !== tip) rollBackAbove = chainLinkOrThrow(consensus, common).blueScore;
  }
  if (added.length === 0) {
    index.write(rollBackAbove, [], common);
    index.onTip(common);
    return;
  }
  for (let start = 0; start < added.length; start += CATCH_UP_BATCH) {
    const rows = added.slice(start, start + CATCH_UP_BATCH).map((block) => index.rowsOf(block));
    const batchTip = (rows.at(-1) as Row).block;
    index.write(start === 0 ? rollBackAbove : undefined, rows, batchTip);
    index.onTip(batchTip);
  }
}
