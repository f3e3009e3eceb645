/**
 * Test support for the sync queries: a simnet DAG of a few hundred real blocks with the shapes a
 * sync must handle, and brute-force views of it that share no code with the queries.
 */
import type { Consensus } from '../consensus/consensus.ts';
import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';

export interface TestDag {
  chain: SimnetChain;
  consensus: Consensus;
  /** Siblings mined on one parent and merged by the next block without becoming its selected parent. */
  mergedSiblings: BlockKey[];
  /** A 25-block branch grown beside a heavier chain, then merged: most of it red. */
  sideBranch: BlockKey[];
  /** The chain block the side branch grew from. */
  forkPoint: BlockKey;
  /** A tip mined last on an old chain block: outside the sink's past. */
  stale: BlockKey;
}

export function buildTestDag(): TestDag {
  const chain = SimnetChain.open();
  const { consensus } = chain;
  const siblings: BlockKey[] = [];
  /** `steps` blocks on the virtual's parents; every 5th step first mines 2 or 3 siblings on the sink. */
  const grow = (steps: number): void => {
    for (let step = 0; step < steps; step++) {
      if (step % 5 === 0) {
        const sink = consensus.sink();
        for (let i = 0; i < 2 + (step % 2); i++) siblings.push(chain.mine({ parents: [sink] }));
      }
      chain.mine();
    }
  };
  grow(100);
  // Two main blocks per side block keep the main chain the heavier one, so the side stays off it.
  const forkPoint = consensus.sink();
  const sideBranch: BlockKey[] = [];
  let mainTip = forkPoint;
  for (let i = 0; i < 25; i++) {
    sideBranch.push(chain.mine({ parents: [sideBranch.at(-1) ?? forkPoint] }));
    mainTip = chain.mine({ parents: [mainTip] });
    mainTip = chain.mine({ parents: [mainTip] });
  }
  chain.mine({ parents: [mainTip, sideBranch.at(-1) as BlockKey] });
  grow(100);
  const stale = chain.mine({ parents: [chain.selectedChain().at(-20) as BlockKey] });
  const onChain = new Set(chain.selectedChain());
  return {
    chain,
    consensus,
    mergedSiblings: siblings.filter((block) => !onChain.has(block)),
    sideBranch,
    forkPoint,
    stale,
  };
}

/** Level-0 parents, read from the stored header. */
export function parentsOf(consensus: Consensus, block: BlockKey): BlockKey[] {
  const header = consensus.header(block);
  if (header === undefined) throw new Error(`no header for ${block}`);
  return (header.parents[0] ?? []).map(keyOf);
}

/** past(block) ∪ {block}, by breadth-first search over parents. */
export function pastAndSelf(consensus: Consensus, block: BlockKey): Set<BlockKey> {
  const seen = new Set([block]);
  const queue = [block];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const parent of parentsOf(consensus, next)) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return seen;
}

/** `block`'s selected chain, `block` first, down to genesis. */
export function selectedChainOf(consensus: Consensus, block: BlockKey): BlockKey[] {
  const chain = [block];
  for (let current = block; current !== consensus.genesis;) {
    current = (consensus.ghostdagData(current) as { selectedParent: BlockKey }).selectedParent;
    chain.push(current);
  }
  return chain;
}

export function blueScoreOf(consensus: Consensus, block: BlockKey): number {
  return (consensus.ghostdagData(block) as { blueScore: number }).blueScore;
}
