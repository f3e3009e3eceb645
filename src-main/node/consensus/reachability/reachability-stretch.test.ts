import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../test-support/seeded-random.ts';
import { type BlockKey, ORIGIN } from '../model/block-key.ts';
import { ReachabilityIndex } from './reachability.ts';
import { MemoryReachabilityStore } from './reachability-store.ts';
import { importStressDag, loadStressDag, type StressDag, stressKey } from './stress-dag.ts';
import { validateReachability } from './validate.ts';

/**
 * kaspad's reachability stretch DAGs (k = 18, 2^12 to 2^14 blocks). Upstream only checks interval
 * invariants; we also check every answer against ancestor sets computed by brute force.
 */

/** Row i has bit j set iff block j ∈ S(i), for one bitset row per block. */
class BitMatrix {
  readonly words: number;
  readonly bits: Uint32Array;

  constructor(n: number) {
    this.words = (n + 31) >>> 5;
    this.bits = new Uint32Array(n * this.words);
  }

  has(row: number, column: number): boolean {
    return ((this.bits[row * this.words + (column >>> 5)] as number) & (1 << (column & 31))) !== 0;
  }

  set(row: number, column: number): void {
    this.bits[row * this.words + (column >>> 5)]! |= 1 << (column & 31);
  }

  /** row |= other row (other < row, so it is already complete). */
  or(row: number, other: number): void {
    const w = this.words;
    for (let k = 0; k < w; k++) this.bits[row * w + k]! |= this.bits[other * w + k] as number;
  }
}

interface Truth {
  /** past(i) ∪ {i}: the blocks that are DAG ancestors of i. */
  dag: BitMatrix;
  /** chain(i) ∪ {i}: i and its selected-parent chain. */
  chain: BitMatrix;
}

function bruteForce(dag: StressDag, selectedParent: Int32Array): Truth {
  const n = dag.ids.length;
  const truth: Truth = { dag: new BitMatrix(n), chain: new BitMatrix(n) };
  for (let i = 0; i < n; i++) {
    for (const parent of dag.parents[i] as number[]) truth.dag.or(i, parent);
    truth.dag.set(i, i);
    if (i > 0) truth.chain.or(i, selectedParent[i] as number);
    truth.chain.set(i, i);
  }
  return truth;
}

function importAll(name: string) {
  const dag = loadStressDag(name);
  const store = new MemoryReachabilityStore();
  const index = new ReachabilityIndex(store);
  index.init(dag.keys[0] as BlockKey);
  const steps = importStressDag(dag, index);
  const position = new Map(dag.keys.map((key, i) => [key, i]));
  const selectedParent = new Int32Array(dag.ids.length);
  const height = new Int32Array(dag.ids.length);
  steps.forEach((step, i) => {
    selectedParent[i + 1] = position.get(step.selectedParent) as number;
    height[i + 1] = (height[selectedParent[i + 1] as number] as number) + 1;
  });
  return { dag, store, index, height, truth: bruteForce(dag, selectedParent) };
}

function checkPair(index: ReachabilityIndex, dag: StressDag, truth: Truth, a: number, b: number): void {
  const ka = dag.keys[a] as BlockKey;
  const kb = dag.keys[b] as BlockKey;
  if (index.isDagAncestorOf(ka, kb) !== truth.dag.has(b, a)) {
    assert.fail(`isDagAncestorOf(${dag.ids[a]}, ${dag.ids[b]}) should be ${truth.dag.has(b, a)}`);
  }
  if (index.isChainAncestorOf(ka, kb) !== truth.chain.has(b, a)) {
    assert.fail(`isChainAncestorOf(${dag.ids[a]}, ${dag.ids[b]}) should be ${truth.chain.has(b, a)}`);
  }
}

/**
 * Single-parent blocks added on top of an imported file DAG (kaspad reachability_stretch_test.go
 * addArbitraryBlocks / addAlternatingReorgBlocks). Their ancestry follows from their parent's, so
 * the brute-force truth extends without new bitsets: past(new) = past(anchor) + its new-block path.
 */
class Extension {
  readonly index: ReachabilityIndex;
  readonly truth: Truth;
  readonly keys: BlockKey[];
  readonly parent: number[] = [];
  readonly height: number[];
  readonly anchor: number[] = [];
  readonly #n: number;
  #tip = 0;
  #pre: Int32Array = new Int32Array(0);
  #post: Int32Array = new Int32Array(0);

  constructor(dag: StressDag, index: ReachabilityIndex, truth: Truth, fileHeight: Int32Array) {
    this.index = index;
    this.truth = truth;
    this.#n = dag.ids.length;
    this.keys = [...dag.keys];
    this.height = [...fileHeight];
    for (let i = 0; i < this.#n; i++) if (this.#higher(i, this.#tip)) this.#tip = i;
  }

  get size(): number {
    return this.keys.length;
  }

  #higher(a: number, b: number): boolean {
    const ha = this.height[a] as number;
    const hb = this.height[b] as number;
    return ha > hb || (ha === hb && (this.keys[a] as BlockKey) > (this.keys[b] as BlockKey));
  }

  /** Adds a block whose only parent is `parent`, then hints the highest block, as a node would. */
  add(parent: number): number {
    const at = this.keys.length;
    const key = stressKey(1_000_000 + at);
    this.index.addBlock(key, this.keys[parent] as BlockKey, []);
    this.keys.push(key);
    this.parent[at] = parent;
    this.height[at] = (this.height[parent] as number) + 1;
    this.anchor[at] = parent < this.#n ? parent : (this.anchor[parent] as number);
    if (this.#higher(at, this.#tip)) this.#tip = at;
    this.index.hintVirtualSelectedParent(this.keys[this.#tip] as BlockKey);
    return at;
  }

  /** Pre/post order numbers over the forest of new blocks, for their mutual ancestry. */
  seal(): void {
    const children = new Map<number, number[]>();
    const roots: number[] = [];
    for (let at = this.#n; at < this.keys.length; at++) {
      const parent = this.parent[at] as number;
      if (parent < this.#n) roots.push(at);
      else children.set(parent, [...(children.get(parent) ?? []), at]);
    }
    this.#pre = new Int32Array(this.keys.length);
    this.#post = new Int32Array(this.keys.length);
    let clock = 0;
    const stack: [number, boolean][] = roots.map((root) => [root, false]);
    while (stack.length > 0) {
      const [block, done] = stack.pop() as [number, boolean];
      if (done) {
        this.#post[block] = clock++;
        continue;
      }
      this.#pre[block] = clock++;
      stack.push([block, true]);
      for (const child of children.get(block) ?? []) stack.push([child, false]);
    }
  }

  #newAncestor(a: number, b: number): boolean {
    return (
      (this.#pre[a] as number) <= (this.#pre[b] as number) && (this.#post[b] as number) <= (this.#post[a] as number)
    );
  }

  expected(a: number, b: number, relation: 'dag' | 'chain'): boolean {
    const bits = relation === 'dag' ? this.truth.dag : this.truth.chain;
    if (b < this.#n) return a < this.#n && bits.has(b, a);
    return a < this.#n ? bits.has(this.anchor[b] as number, a) : this.#newAncestor(a, b);
  }
}

/** kaspad addArbitraryBlocks: |DAG|/2 blocks on random parents, 1 in 8 followed by a chain of up to 19. */
function addArbitraryBlocks(ext: Extension, store: MemoryReachabilityStore, random: () => number): void {
  const chains = Math.floor(ext.size / 2);
  const validationFrequency = Math.max(1, Math.floor(chains / 100));
  for (let i = 0; i < chains; i++) {
    const block = ext.add(Math.floor(random() * ext.size));
    if (Math.floor(random() * 8) === 0) {
      let tip = block;
      for (let j = Math.floor(random() * 20); j > 0; j--) tip = ext.add(tip);
    }
    // Upstream validates the new chain each time and the whole tree every so often.
    validateReachability(
      store,
      i % validationFrequency === 0 || i === chains - 1 ? ORIGIN : (ext.keys[block] as BlockKey),
    );
  }
}

/**
 * kaspad addAlternatingReorgBlocks: take a file tip on the reindex root's chain and one off it,
 * bring them level (+5), then extend them alternately by 10 blocks, 200 times.
 */
function addAlternatingReorgBlocks(ext: Extension, store: MemoryReachabilityStore, dag: StressDag): void {
  const isParent = new Uint8Array(dag.ids.length);
  for (const parents of dag.parents) for (const parent of parents) isParent[parent] = 1;
  const root = ext.index.reindexRoot();
  let chainTip = -1;
  let reorgTip = -1;
  for (let i = 0; i < dag.ids.length; i++) {
    if (isParent[i]) continue;
    if (ext.index.isChainAncestorOf(root, ext.keys[i] as BlockKey)) chainTip = i;
    else reorgTip = i;
  }
  assert.ok(chainTip >= 0 && reorgTip >= 0, 'the attack DAG has a tip off the reindex root chain');
  const diff = (ext.height[chainTip] as number) - (ext.height[reorgTip] as number);
  for (let i = 0; i < Math.abs(diff) + 5; i++) {
    if (diff > 0) reorgTip = ext.add(reorgTip);
    else chainTip = ext.add(chainTip);
  }
  validateReachability(store);
  for (let i = 0; i < 200; i++) {
    for (let j = 0; j < 10; j++) {
      if (i % 2 === 0) chainTip = ext.add(chainTip);
      else reorgTip = ext.add(reorgTip);
    }
    validateReachability(store);
  }
}

describe('reachability on kaspad stretch DAGs', () => {
  test('block ids map to rusty-kaspa test hashes (u64 id + 1, little-endian)', () => {
    assert.equal(stressKey(0), `01${'00'.repeat(31)}`);
    assert.equal(stressKey(256), `0101${'00'.repeat(30)}`);
  });

  for (const kind of ['attack', 'noattack']) {
    test(`${kind} 2^12: every pair agrees with brute force`, () => {
      const { dag, store, index, truth } = importAll(`${kind}-dag-blocks--2^12-delay-factor--1-k--18.json.gz`);
      assert.equal(validateReachability(store), dag.ids.length + 1); // + ORIGIN
      const n = dag.ids.length;
      let ancestors = 0;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          checkPair(index, dag, truth, a, b);
          if (truth.dag.has(b, a)) ancestors++;
        }
      }
      // Sanity: both relations occur plentifully (not a vacuous check).
      assert.ok(ancestors > n * 100 && ancestors < n * n - n * 100, `${ancestors} ancestor pairs`);
    });

    test(`${kind} 2^12 then kaspad's stretch additions${kind === 'attack' ? ' and alternating reorgs' : ''}`, () => {
      const { dag, store, index, truth, height } = importAll(`${kind}-dag-blocks--2^12-delay-factor--1-k--18.json.gz`);
      const ext = new Extension(dag, index, truth, height);
      addArbitraryBlocks(ext, store, seededRandom(33233));
      if (kind === 'attack') addAlternatingReorgBlocks(ext, store, dag);
      ext.seal();
      assert.equal(validateReachability(store), ext.size + 1);
      const random = seededRandom(0x5eed_7777);
      const n = ext.size;
      for (let i = 0; i < 50_000; i++) {
        const a = Math.floor(random() * n);
        const b = Math.floor(random() * n);
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const) {
          const kx = ext.keys[x] as BlockKey;
          const ky = ext.keys[y] as BlockKey;
          assert.equal(index.isDagAncestorOf(kx, ky), ext.expected(x, y, 'dag'), `dag ${x} → ${y}`);
          assert.equal(index.isChainAncestorOf(kx, ky), ext.expected(x, y, 'chain'), `chain ${x} → ${y}`);
        }
      }
    });

    for (const exponent of [13, 14]) {
      test(`${kind} 2^${exponent}: 50,000 seeded pairs (half of them close in time) agree with brute force`, () => {
        const { dag, store, index, truth } = importAll(
          `${kind}-dag-blocks--2^${exponent}-delay-factor--1-k--18.json.gz`,
        );
        assert.equal(validateReachability(store), dag.ids.length + 1);
        const n = dag.ids.length;
        const random = seededRandom(0x5eed_0000 + exponent);
        let anticone = 0;
        for (let i = 0; i < 50_000; i++) {
          const a = Math.floor(random() * n);
          // Far pairs are almost always related; pairs within 32 positions exercise anticones.
          const near = Math.min(n - 1, Math.max(0, a + Math.floor(random() * 65) - 32));
          const b = i % 2 === 0 ? Math.floor(random() * n) : near;
          checkPair(index, dag, truth, a, b);
          checkPair(index, dag, truth, b, a);
          if (!truth.dag.has(b, a) && !truth.dag.has(a, b)) anticone++;
        }
        assert.ok(anticone > 1000, `only ${anticone} anticone pairs sampled`);
      });
    }
  }
});
