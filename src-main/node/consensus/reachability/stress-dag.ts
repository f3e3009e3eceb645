import { readFileSync } from 'node:fs';
import { DecodeError } from '../../errors.ts';
import { gunzipFirstMember } from '../../replay/gzip.ts';
import { vectorPath } from '../../test-support/vectors.ts';
import type { BlockKey } from '../model/block-key.ts';
import type { ReachabilityIndex } from './reachability.ts';

/**
 * kaspad's reachability stretch DAGs (domain/consensus/testdata/reachability, MANIFEST §2) and
 * a stand-in for GHOSTDAG to import them, shared by the stretch test and the benchmark.
 */
export const STRESS_DAG_NAMES = [12, 13, 14].flatMap((exponent) =>
  ['attack', 'noattack'].map((kind) => `${kind}-dag-blocks--2^${exponent}-delay-factor--1-k--18.json.gz`),
);

/** Blocks by position in the file (topological order); parents are positions too. */
export interface StressDag {
  name: string;
  ids: number[];
  keys: BlockKey[];
  parents: number[][];
}

/** rusty-kaspa's mapping of id n to a hash: the u64 n + 1, little-endian, in the first 8 bytes. */
export function stressKey(id: number): BlockKey {
  const bytes = Buffer.alloc(32);
  bytes.writeBigUInt64LE(BigInt(id + 1));
  return bytes.toString('hex');
}

export function loadStressDag(name: string): StressDag {
  const raw = JSON.parse(gunzipFirstMember(readFileSync(vectorPath('kaspad', 'reachability', name))).toString('utf8'));
  if (!Array.isArray(raw)) throw new DecodeError('BAD_VALUE', `${name}: expected a JSON array`);
  const position = new Map<string, number>();
  const dag: StressDag = { name, ids: [], keys: [], parents: [] };
  for (const entry of raw as { id?: unknown; parents?: unknown }[]) {
    if (typeof entry.id !== 'string' || !/^\d+$/.test(entry.id) || !Array.isArray(entry.parents)) {
      throw new DecodeError('BAD_VALUE', `${name}: block ${dag.ids.length} is malformed`);
    }
    const parents = entry.parents.map((parent) => {
      const at = position.get(String(parent));
      if (at === undefined) throw new DecodeError('BAD_VALUE', `${name}: parent ${parent} of ${entry.id} comes later`);
      return at;
    });
    if (parents.length === 0 && dag.ids.length > 0)
      throw new DecodeError('BAD_VALUE', `${name}: second root ${entry.id}`);
    position.set(entry.id, dag.ids.length);
    dag.ids.push(Number(entry.id));
    dag.keys.push(stressKey(Number(entry.id)));
    dag.parents.push(parents);
  }
  return dag;
}

/** What a node would hand the index for one block: its selected parent, mergeset and the hint. */
export interface ImportStep {
  block: BlockKey;
  selectedParent: BlockKey;
  mergeset: BlockKey[];
  hint: BlockKey;
}

/**
 * Imports `dag` into `index` (already `init`ed with block 0) as a node would, and returns the
 * steps for replay. GHOSTDAG is replaced by "longest path": the selected parent is the parent
 * with the greatest height (ties: the greater id), and the hint is the highest block so far.
 * The mergeset is past(block) minus past(selected parent) minus the selected parent, found by a
 * BFS from the other parents that stops at DAG ancestors of the selected parent, asking the
 * index itself, as GHOSTDAG's mergeset search does.
 */
export function importStressDag(dag: StressDag, index: ReachabilityIndex): ImportStep[] {
  const n = dag.ids.length;
  const height = new Int32Array(n);
  const steps: ImportStep[] = [];
  const visited = new Uint32Array(n); // stamp = block position + 1
  let tip = 0;
  const higher = (a: number, b: number) =>
    (height[a] as number) > (height[b] as number) ||
    (height[a] === height[b] && (dag.ids[a] as number) > (dag.ids[b] as number));

  for (let i = 1; i < n; i++) {
    const parents = dag.parents[i] as number[];
    let selected = parents[0] as number;
    for (const parent of parents) if (higher(parent, selected)) selected = parent;
    height[i] = (height[selected] as number) + 1;
    const selectedKey = dag.keys[selected] as BlockKey;

    const mergeset: BlockKey[] = [];
    const queue: number[] = [];
    for (const parent of parents) {
      if (parent !== selected && visited[parent] !== i + 1) {
        visited[parent] = i + 1;
        queue.push(parent);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head] as number;
      if (index.isDagAncestorOf(dag.keys[current] as BlockKey, selectedKey)) continue;
      mergeset.push(dag.keys[current] as BlockKey);
      for (const parent of dag.parents[current] as number[]) {
        if (visited[parent] !== i + 1) {
          visited[parent] = i + 1;
          queue.push(parent);
        }
      }
    }

    const block = dag.keys[i] as BlockKey;
    index.addBlock(block, selectedKey, mergeset);
    if (higher(i, tip)) tip = i;
    const hint = dag.keys[tip] as BlockKey;
    index.hintVirtualSelectedParent(hint);
    steps.push({ block, selectedParent: selectedKey, mergeset, hint });
  }
  return steps;
}

/** Replays recorded steps into a fresh index (already `init`ed with block 0). */
export function replayImport(steps: readonly ImportStep[], index: ReachabilityIndex): void {
  for (const step of steps) {
    index.addBlock(step.block, step.selectedParent, step.mergeset);
    index.hintVirtualSelectedParent(step.hint);
  }
}
