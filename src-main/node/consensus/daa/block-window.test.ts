import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readVectorJson } from '../../test-support/vectors.ts';
import { idToKey, keyToId } from '../ghostdag/dag-file.ts';
import { Ghostdag } from '../ghostdag/ghostdag.ts';
import type { GhostdagData } from '../ghostdag/ghostdag-data.ts';
import { type BlockKey, ORIGIN } from '../model/block-key.ts';
import { ReachabilityIndex } from '../reachability/reachability.ts';
import { MemoryReachabilityStore } from '../reachability/reachability-store.ts';
import { type BlockWindow, type WindowSource, windowByWalk, windowFromSelectedParent } from './block-window.ts';

interface WindowVector {
  setup: { genesis_id: string; ghostdag_k: number };
  blocks: { id: string; parents: string[]; expected_window: string[] }[];
}

describe('block window (rusty-kaspa block_window_test)', () => {
  const vector = readVectorJson<WindowVector>('transcribed', 'block_window.json');
  const size = 10;
  const genesis = idToKey(vector.setup.genesis_id);
  const data = new Map<BlockKey, GhostdagData>([[genesis, Ghostdag.genesisData(ORIGIN)]]);
  const parents = new Map<BlockKey, BlockKey[]>([[genesis, []]]);
  const reachability = new ReachabilityIndex(new MemoryReachabilityStore());
  reachability.init(genesis);
  const ghostdagOf = (block: BlockKey): GhostdagData => {
    const found = data.get(block);
    if (!found) throw new Error(`unknown block ${block}`);
    return found;
  };
  const ghostdag = new Ghostdag(vector.setup.ghostdag_k, {
    ghostdag: { getGhostdag: ghostdagOf },
    parentsOf: (block) => parents.get(block) ?? [],
    isDagAncestorOf: (a, b) => reachability.isDagAncestorOf(a, b),
    workOf: () => 1n,
  });
  // Equal bits everywhere, so blue work is the blue score (the vector's setup says so).
  const source: WindowSource = {
    genesis,
    ghostdag: ghostdagOf,
    windowBlock: (key) => ({ key, blueWork: ghostdagOf(key).blueWork, timestamp: 0, bits: 0 }),
  };
  const windows = new Map<BlockKey, BlockWindow>([[genesis, []]]);

  for (const block of vector.blocks) {
    it(`window of ${block.id} is ${block.expected_window.join('') || 'empty'}`, () => {
      const key = idToKey(block.id);
      const blockParents = block.parents.map(idToKey);
      const result = ghostdag.run(blockParents);
      data.set(key, result);
      parents.set(key, blockParents);
      reachability.addBlock(key, result.selectedParent, [...result.mergesetBlues.slice(1), ...result.mergesetReds]);

      const walked = windowByWalk(source, result, size);
      const parentWindow = windows.get(result.selectedParent);
      assert.ok(parentWindow);
      const incremental = windowFromSelectedParent(source, result, size, parentWindow);
      windows.set(key, incremental);
      // The vector lists the window heaviest first.
      const descending = (window: BlockWindow) => window.map((b) => keyToId(b.key)).reverse();
      assert.deepEqual(descending(walked), block.expected_window, 'kaspad walk');
      assert.deepEqual(descending(incremental), block.expected_window, "from the selected parent's window");
    });
  }
});
