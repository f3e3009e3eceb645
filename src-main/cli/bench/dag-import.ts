import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ghostdag } from '../../node/consensus/ghostdag/ghostdag.ts';
import { compareSortable } from '../../node/consensus/ghostdag/ghostdag-data.ts';
import { type BlockKey, ORIGIN } from '../../node/consensus/model/block-key.ts';
import { ReachabilityIndex } from '../../node/consensus/reachability/reachability.ts';
import { loadStressDag } from '../../node/consensus/reachability/stress-dag.ts';
import { ConsensusStore } from '../../node/store/consensus-store.ts';
import type { BenchFigure } from './figure.ts';

const DAG = 'attack-dag-blocks--2^14-delay-factor--1-k--18.json.gz';

/**
 * kaspad's 2^14-block attack DAG imported as the node imports blocks, minus the header checks
 * (the file has only topology): GHOSTDAG with k = 18, the reachability index, and one SQLite
 * transaction per block writing both.
 */
export function run(): BenchFigure[] {
  const dag = loadStressDag(DAG);
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-bench-dag-'));
  const store = ConsensusStore.open(join(dir, 'dag.sqlite'));
  try {
    const parents = new Map<BlockKey, BlockKey[]>();
    const reachability = new ReachabilityIndex(store.reachability);
    const ghostdag = new Ghostdag(18, {
      ghostdag: store.ghostdag,
      parentsOf: (block) => parents.get(block) ?? [],
      isDagAncestorOf: (a, b) => reachability.isDagAncestorOf(a, b),
      workOf: () => 1n,
    });
    const genesis = dag.keys[0] as BlockKey;
    const started = performance.now();
    store.ghostdag.set(genesis, Ghostdag.genesisData(ORIGIN));
    reachability.init(genesis);
    store.commit();
    let sink = { key: genesis, blueWork: 0n };
    for (let i = 1; i < dag.keys.length; i++) {
      const block = dag.keys[i] as BlockKey;
      const blockParents = (dag.parents[i] as number[]).map((p) => dag.keys[p] as BlockKey);
      parents.set(block, blockParents);
      const data = ghostdag.run(blockParents);
      store.ghostdag.set(block, data);
      reachability.addBlock(block, data.selectedParent, [...data.mergesetBlues.slice(1), ...data.mergesetReds]);
      const candidate = { key: block, blueWork: data.blueWork };
      if (compareSortable(candidate, sink) > 0) {
        sink = candidate;
        reachability.hintVirtualSelectedParent(block);
      }
      store.commit();
    }
    const ms = performance.now() - started;
    return [
      { name: 'dag_import_attack_2_14_ms', value: ms, unit: 'ms' },
      { name: 'dag_import_attack_2_14_blocks_per_s', value: (dag.keys.length - 1) / (ms / 1000), unit: 'blocks/s' },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
