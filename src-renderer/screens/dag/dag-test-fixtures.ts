/** Small DAGs for the DAG view's tests. */
import type { BlockColor } from '../../../src-shared/api.ts';
import type { DagNode } from './dag-data.ts';

export function node(
  hash: string,
  daaScore: number,
  parents: string[],
  options: { chain?: boolean; color?: BlockColor; timestamp?: number } = {},
): DagNode {
  return {
    hash,
    daaScore,
    blueScore: daaScore,
    timestamp: options.timestamp ?? daaScore * 1000,
    parents,
    selectedParent: parents[0] ?? null,
    isChainBlock: options.chain ?? false,
    color: options.color ?? (options.chain ? 'blue' : 'unmerged'),
  };
}

/**
 *   g ← a ← c ← e
 *     ↖ b ↙   ↙
 *       a ← d
 * g, a, c are the chain; b is blue, d red, e not merged yet. a and b share DAA score 11, c and d 13.
 */
export function smallDag(): DagNode[] {
  return [
    node('g', 10, [], { chain: true }),
    node('a', 11, ['g'], { chain: true }),
    node('b', 11, ['g'], { color: 'blue', timestamp: 11_500 }),
    node('c', 13, ['a', 'b'], { chain: true }),
    node('d', 13, ['a'], { color: 'red' }),
    node('e', 14, ['c', 'd']),
  ];
}

/** A deterministic pseudo-random DAG: `count` blocks, 1 to 4 parallel blocks per DAA score. */
export function generatedDag(count: number, seed = 7): DagNode[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const nodes: DagNode[] = [];
  let previous: DagNode[] = [];
  let daaScore = 1000;
  while (nodes.length < count) {
    const width = Math.min(count - nodes.length, 1 + Math.floor(random() * 4));
    const column: DagNode[] = [];
    for (let i = 0; i < width; i++) {
      const parents =
        previous.length === 0 ? [] : previous.filter((_, j) => j === 0 || random() < 0.5).map((p) => p.hash);
      const hash = `h${nodes.length.toString(16).padStart(6, '0')}`;
      const chain = i === 0;
      const color: BlockColor = chain ? 'blue' : random() < 0.2 ? 'red' : random() < 0.1 ? 'unmerged' : 'blue';
      column.push(node(hash, daaScore, parents, { chain, color, timestamp: daaScore * 1000 + i }));
      nodes.push(column[column.length - 1] as DagNode);
    }
    previous = column;
    daaScore += 1 + Math.floor(random() * 2);
  }
  return nodes;
}
