import type { BlockKey } from '../model/block-key.ts';
import { ReachabilityIndex } from '../reachability/reachability.ts';
import { MemoryReachabilityStore } from '../reachability/reachability-store.ts';
import type { CheckReachability } from './dag-file-check.ts';
import { compareSortable, type GhostdagData, type SortableBlock } from './ghostdag-data.ts';

/** The interval index, fed as the node feeds it: each colored block, then the heaviest tip as hint. */
export function indexReachability(): CheckReachability {
  const index = new ReachabilityIndex(new MemoryReachabilityStore());
  let heaviest: SortableBlock | undefined;
  return {
    init: (genesis) => index.init(genesis),
    addBlock(block: BlockKey, _parents: readonly BlockKey[], data: GhostdagData) {
      const mergeset = [...data.mergesetBlues.slice(1), ...data.mergesetReds];
      index.addBlock(block, data.selectedParent, mergeset);
      const candidate = { key: block, blueWork: data.blueWork };
      if (!heaviest || compareSortable(candidate, heaviest) > 0) {
        heaviest = candidate;
        index.hintVirtualSelectedParent(block);
      }
    },
    isDagAncestorOf: (a, b) => index.isDagAncestorOf(a, b),
  };
}
