import type { BlockKey } from './model/block-key.ts';

export interface ParentsBuilderContext {
  genesis: BlockKey;
  /** The block's level and its parents by level (level 0 = direct parents). */
  levelOf(block: BlockKey): number;
  parentsByLevel(block: BlockKey): readonly (readonly BlockKey[])[];
  isDagAncestorOf(ancestor: BlockKey, block: BlockKey): boolean;
}

/**
 * The parents by level a block with these direct parents must carry (kaspad
 * blockparentbuilder.BuildParents, rusty-kaspa parents_builder.rs). For each level, the
 * candidates are the direct parents that reach that level plus the parents their headers list
 * at that level; a candidate in the past of another is dropped, leaving the antichain of the
 * level's tips. Levels above 0 whose only block is genesis are left out, and so is everything
 * above them. Every referenced block is in our store (we do not prune yet), so reachability
 * answers directly where Kaspa falls back to reference blocks for pruned ones.
 */
export function buildParentsByLevel(ctx: ParentsBuilderContext, directParents: readonly BlockKey[]): BlockKey[][] {
  const candidatesByLevel: Set<BlockKey>[] = [];
  const level = (i: number): { set: Set<BlockKey>; isNew: boolean } => {
    let set = candidatesByLevel[i];
    if (set) return { set, isNew: false };
    set = new Set();
    candidatesByLevel[i] = set;
    return { set, isNew: true };
  };
  // Direct parents are in each other's anticone: each goes into every level it reaches.
  for (const parent of directParents) {
    for (let i = 0; i <= ctx.levelOf(parent); i++) level(i).set.add(parent);
  }
  for (const parent of directParents) {
    ctx.parentsByLevel(parent).forEach((levelParents, i) => {
      const { set: candidates, isNew } = level(i);
      for (const grandparent of levelParents) {
        // A header's own level parents already form an antichain.
        if (isNew) {
          candidates.add(grandparent);
          continue;
        }
        let inPastOfACandidate = false;
        const inFutureOf: BlockKey[] = [];
        for (const candidate of candidates) {
          if (ctx.isDagAncestorOf(candidate, grandparent)) inFutureOf.push(candidate);
          else if (!inPastOfACandidate && ctx.isDagAncestorOf(grandparent, candidate)) inPastOfACandidate = true;
        }
        for (const candidate of inFutureOf) candidates.delete(candidate);
        if (!inPastOfACandidate || inFutureOf.length > 0) candidates.add(grandparent);
      }
    });
  }
  const result: BlockKey[][] = [];
  for (let i = 0; i < candidatesByLevel.length; i++) {
    const candidates = candidatesByLevel[i] as Set<BlockKey>;
    if (i > 0 && candidates.size === 1 && candidates.has(ctx.genesis)) break;
    result.push([...candidates]);
  }
  return result;
}

/**
 * Header parents match the expected ones as Kaspa compares them: the same number of levels,
 * and per level the same count with every header parent among the expected.
 */
export function parentsMatch(
  header: readonly (readonly BlockKey[])[],
  expected: readonly (readonly BlockKey[])[],
): boolean {
  if (header.length !== expected.length) return false;
  return expected.every((expectedLevel, i) => {
    const headerLevel = header[i] as readonly BlockKey[];
    if (headerLevel.length !== expectedLevel.length) return false;
    const expectedSet = new Set(expectedLevel);
    return headerLevel.every((parent) => expectedSet.has(parent));
  });
}
