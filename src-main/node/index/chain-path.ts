import type { BlockKey } from '../consensus/model/block-key.ts';
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
