import type { BlockKey } from '../model/block-key.ts';
import { ORIGIN } from '../model/block-key.ts';
import { type DagFile, idToKey, keyToId } from './dag-file.ts';
import { Ghostdag } from './ghostdag.ts';
import type { GhostdagData } from './ghostdag-data.ts';

/** The reachability a DAG check runs on: told of each block once GHOSTDAG colored it. */
export interface CheckReachability {
  init(genesis: BlockKey): void;
  addBlock(block: BlockKey, parents: readonly BlockKey[], data: GhostdagData): void;
  isDagAncestorOf(ancestor: BlockKey, block: BlockKey): boolean;
}

export interface DagFileMismatch {
  id: string;
  field: 'selectedParent' | 'blueScore' | 'blues' | 'reds';
  expected: string;
  actual: string;
}

/**
 * Runs GHOSTDAG over a kaspad test DAG in insertion order and lists every block whose selected
 * parent, blue score, mergeset blues or mergeset reds differ from the file. All blocks share
 * the same bits, so one unit of work per blue reproduces the file's order.
 */
export function checkDagFile(file: DagFile, reachability: CheckReachability): DagFileMismatch[] {
  const data = new Map<BlockKey, GhostdagData>();
  const parents = new Map<BlockKey, BlockKey[]>();
  const genesis = idToKey(file.genesisId);
  data.set(genesis, Ghostdag.genesisData(ORIGIN));
  parents.set(genesis, []);
  reachability.init(genesis);
  const ghostdag = new Ghostdag(file.k, {
    ghostdag: {
      getGhostdag(block) {
        const d = data.get(block);
        if (!d) throw new Error(`unknown block ${keyToId(block)}`);
        return d;
      },
    },
    parentsOf: (block) => parents.get(block) ?? [],
    isDagAncestorOf: (a, b) => reachability.isDagAncestorOf(a, b),
    workOf: () => 1n,
  });

  const mismatches: DagFileMismatch[] = [];
  const ids = (keys: BlockKey[]) => keys.map(keyToId).join(',');
  for (const block of file.blocks) {
    const key = idToKey(block.id);
    const blockParents = block.parents.map(idToKey);
    const result = ghostdag.run(blockParents);
    data.set(key, result);
    parents.set(key, blockParents);
    reachability.addBlock(key, blockParents, result);
    const compare = (field: DagFileMismatch['field'], expected: string, actual: string) => {
      if (expected !== actual) mismatches.push({ id: block.id, field, expected, actual });
    };
    compare('selectedParent', block.expectedSelectedParent, keyToId(result.selectedParent));
    compare('blueScore', String(block.expectedScore), String(result.blueScore));
    compare('blues', block.expectedBlues.join(','), ids(result.mergesetBlues));
    compare('reds', block.expectedReds.join(','), ids(result.mergesetReds));
  }
  return mismatches;
}
