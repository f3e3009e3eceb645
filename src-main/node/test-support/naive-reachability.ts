import type { BlockKey } from '../consensus/model/block-key.ts';

/**
 * Reachability by explicit ancestor sets: quadratic memory, obviously right. Tests use it as
 * the reference for the interval index and to run GHOSTDAG on small DAGs.
 */
export class NaiveReachability {
  readonly #past = new Map<BlockKey, Set<BlockKey>>();

  addBlock(block: BlockKey, parents: readonly BlockKey[]): void {
    const past = new Set<BlockKey>();
    for (const parent of parents) {
      past.add(parent);
      for (const ancestor of this.#past.get(parent) ?? []) past.add(ancestor);
    }
    this.#past.set(block, past);
  }

  /** Reflexive, as Kaspa's is_dag_ancestor_of: a block is in its own past for this query. */
  isDagAncestorOf(ancestor: BlockKey, block: BlockKey): boolean {
    return ancestor === block || (this.#past.get(block)?.has(ancestor) ?? false);
  }
}
