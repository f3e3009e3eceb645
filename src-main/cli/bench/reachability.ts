import type { BlockKey } from '../../node/consensus/model/block-key.ts';
import { ReachabilityIndex } from '../../node/consensus/reachability/reachability.ts';
import { MemoryReachabilityStore } from '../../node/consensus/reachability/reachability-store.ts';
import { importStressDag, loadStressDag, replayImport } from '../../node/consensus/reachability/stress-dag.ts';
import { seededRandom } from '../../node/test-support/seeded-random.ts';
import { type BenchFigure, measureRate } from './figure.ts';

const DAG = 'attack-dag-blocks--2^14-delay-factor--1-k--18.json.gz';

function freshIndex(genesis: BlockKey): ReachabilityIndex {
  const index = new ReachabilityIndex(new MemoryReachabilityStore());
  index.init(genesis);
  return index;
}

/**
 * The reachability index on kaspad's 2^14-block attack DAG (k = 18). A first pass works out
 * selected parents and mergesets (with the index's own help, as GHOSTDAG would); the timed
 * passes replay just the index work a node does per block: addBlock plus a hint.
 */
export function run(): BenchFigure[] {
  const dag = loadStressDag(DAG);
  const genesis = dag.keys[0] as BlockKey;
  const steps = importStressDag(dag, freshIndex(genesis));

  let best = Number.POSITIVE_INFINITY;
  let index = freshIndex(genesis);
  for (let round = 0; round < 5; round++) {
    index = freshIndex(genesis);
    const start = performance.now();
    replayImport(steps, index);
    best = Math.min(best, performance.now() - start);
  }

  // Random pairs: most are related through the chain or a covering set, some are in anticone.
  const random = seededRandom(0x00be_0c11);
  const pairs = Array.from({ length: 4096 }, () => {
    const a = Math.floor(random() * dag.keys.length);
    const b =
      random() < 0.5
        ? Math.floor(random() * dag.keys.length)
        : Math.min(dag.keys.length - 1, a + 1 + Math.floor(random() * 32));
    return [dag.keys[a] as BlockKey, dag.keys[b] as BlockKey] as const;
  });
  let next = 0;
  let found = 0;
  const queries = measureRate(
    () => {
      const [a, b] = pairs[next++ & 4095] as readonly [BlockKey, BlockKey];
      if (index.isDagAncestorOf(a, b)) found++;
    },
    1,
    256,
  );
  if (found === 0) throw new Error('benchmark pairs found no ancestors');

  return [
    { name: 'reachability_import_attack_2_14_ms', value: best, unit: 'ms' },
    {
      name: 'reachability_import_blocks_per_s',
      value: steps.length / (best / 1000),
      unit: 'blocks/s',
    },
    {
      name: 'reachability_is_dag_ancestor_per_s',
      value: queries,
      unit: 'queries/s',
    },
  ];
}
