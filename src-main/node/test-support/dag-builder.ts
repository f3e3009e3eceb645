import type { BlockKey } from '../consensus/model/block-key.ts';
import { SimnetChain } from './simnet-chain.ts';

/**
 * Test support: fills a simnet store at `path` with `count` blocks beyond genesis, not a mere
 * chain: every `forkEvery`-th step mines two siblings on the same parents, which the next block
 * merges, so syncing it exercises mergesets and red/blue coloring. Returns the chain, open.
 */
export function buildBranchingDag(path: string, count: number, forkEvery = 7): SimnetChain {
  const chain = SimnetChain.open({ path });
  let mined = 0;
  while (mined < count) {
    if (mined % forkEvery === forkEvery - 1 && count - mined >= 2) {
      const parents: BlockKey[] = chain.consensus.virtualState().parents;
      chain.mine({ parents });
      chain.mine({ parents });
      mined += 2;
    } else {
      chain.mine();
      mined += 1;
    }
  }
  return chain;
}
