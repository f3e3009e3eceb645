import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../test-support/seeded-random.ts';
import { type BlockKey, ORIGIN } from '../model/block-key.ts';
import { Interval } from './interval.ts';
import {
  DEFAULT_REINDEX_DEPTH,
  DEFAULT_REINDEX_SLACK,
  ReachabilityIndex,
  type ReachabilityOptions,
} from './reachability.ts';
import { ReachabilityError } from './reachability-error.ts';
import { MemoryReachabilityStore } from './reachability-store.ts';
import { validateReachability } from './validate.ts';

/** A block named by short ASCII, zero-padded to 32 bytes as in kaspad's GHOSTDAG test DAGs. */
function k(name: string): BlockKey {
  return Buffer.concat([Buffer.from(name, 'ascii'), Buffer.alloc(32 - name.length)]).toString('hex');
}

function newIndex(options?: ReachabilityOptions) {
  const store = new MemoryReachabilityStore();
  const index = new ReachabilityIndex(store, options);
  return { store, index };
}

function isReachabilityError(code: string) {
  return (error: unknown) => error instanceof ReachabilityError && error.code === code;
}

/**
 * Feeds a DAG given by parents to the index the way a node would, with explicit ancestor sets
 * as the reference: selected parent = greatest height (ties: greater key), mergeset = the rest
 * of the past, hint = the highest block so far.
 */
class DagDriver {
  readonly store = new MemoryReachabilityStore();
  readonly index: ReachabilityIndex;
  readonly blocks: BlockKey[] = [];
  readonly past = new Map<BlockKey, Set<BlockKey>>();
  readonly selectedParent = new Map<BlockKey, BlockKey>();
  readonly height = new Map<BlockKey, number>();
  tip: BlockKey;

  constructor(genesis: BlockKey, options?: ReachabilityOptions) {
    this.index = new ReachabilityIndex(this.store, options);
    this.index.init(genesis);
    this.blocks.push(genesis);
    this.past.set(genesis, new Set());
    this.height.set(genesis, 0);
    this.tip = genesis;
  }

  #higher(a: BlockKey, b: BlockKey): boolean {
    const ha = this.height.get(a) as number;
    const hb = this.height.get(b) as number;
    return ha > hb || (ha === hb && a > b);
  }

  add(block: BlockKey, parents: readonly BlockKey[]): void {
    let selected = parents[0] as BlockKey;
    for (const parent of parents) if (this.#higher(parent, selected)) selected = parent;
    const past = new Set<BlockKey>();
    for (const parent of parents) {
      past.add(parent);
      for (const ancestor of this.past.get(parent) as Set<BlockKey>) past.add(ancestor);
    }
    const selectedPast = this.past.get(selected) as Set<BlockKey>;
    const mergeset = [...past].filter((b) => b !== selected && !selectedPast.has(b));
    this.index.addBlock(block, selected, mergeset);
    this.blocks.push(block);
    this.past.set(block, past);
    this.selectedParent.set(block, selected);
    this.height.set(block, (this.height.get(selected) as number) + 1);
    if (this.#higher(block, this.tip)) this.tip = block;
    this.index.hintVirtualSelectedParent(this.tip);
  }

  isChainAncestor(a: BlockKey, b: BlockKey): boolean {
    for (let current: BlockKey | undefined = b; current !== undefined; current = this.selectedParent.get(current)) {
      if (current === a) return true;
    }
    return false;
  }

  /** Checks both queries for every ordered pair against the reference. */
  checkAllPairs(): void {
    for (const a of this.blocks) {
      for (const b of this.blocks) {
        const dag = a === b || (this.past.get(b) as Set<BlockKey>).has(a);
        assert.equal(this.index.isDagAncestorOf(a, b), dag, `isDagAncestorOf ${a} ${b}`);
        assert.equal(this.index.isChainAncestorOf(a, b), this.isChainAncestor(a, b), `isChainAncestorOf ${a} ${b}`);
      }
    }
  }
}

describe('reachability index on hand-built DAGs', () => {
  test('defaults are kaspad reindex window 200 and slack 2^12', () => {
    assert.equal(DEFAULT_REINDEX_DEPTH, 200);
    assert.equal(DEFAULT_REINDEX_SLACK, 4096);
  });

  test('a chain: every earlier block is a chain and DAG ancestor, never the reverse', () => {
    const { store, index } = newIndex();
    const chain = Array.from({ length: 10 }, (_, i) => k(`C${i}`));
    index.init(chain[0] as BlockKey);
    for (let i = 1; i < chain.length; i++) {
      index.addBlock(chain[i] as BlockKey, chain[i - 1] as BlockKey, []);
      index.hintVirtualSelectedParent(chain[i] as BlockKey);
    }
    for (const [i, a] of chain.entries()) {
      for (const [j, b] of chain.entries()) {
        assert.equal(index.isChainAncestorOf(a, b), i <= j);
        assert.equal(index.isReachabilityTreeAncestorOf(a, b), i <= j);
        assert.equal(index.isStrictChainAncestorOf(a, b), i < j);
        assert.equal(index.isDagAncestorOf(a, b), i <= j);
      }
      assert.ok(index.isChainAncestorOf(ORIGIN, a));
    }
    assert.equal(index.nextChainAncestor(chain[9] as BlockKey, chain[3] as BlockKey), chain[4]);
    assert.equal(index.nextChainAncestor(chain[9] as BlockKey, ORIGIN), chain[0]);
    assert.equal(validateReachability(store), 11);
    // Fewer than `depth` blocks: the reindex root may only advance to genesis.
    assert.equal(index.reindexRoot(), ORIGIN);
  });

  test('a diamond: the merged side parent is a DAG but not a chain ancestor', () => {
    const { store, index } = newIndex();
    const [G, A, B, C] = [k('G'), k('A'), k('B'), k('C')] as const;
    index.init(G);
    index.addBlock(A, G, []);
    index.addBlock(B, G, []);
    index.addBlock(C, A, [B]);
    index.hintVirtualSelectedParent(C);

    assert.deepEqual(store.getChildren(G), [A, B]);
    assert.deepEqual(store.getFutureCoveringSet(B), [C]);
    assert.deepEqual(store.getFutureCoveringSet(A), []);
    assert.ok(index.isDagAncestorOf(B, C));
    assert.ok(!index.isChainAncestorOf(B, C));
    assert.ok(index.isChainAncestorOf(A, C));
    assert.ok(index.isDagAncestorOf(G, C) && index.isChainAncestorOf(G, C));
    assert.ok(!index.isDagAncestorOf(A, B) && !index.isDagAncestorOf(B, A));
    assert.ok(!index.isDagAncestorOf(C, A) && !index.isDagAncestorOf(C, B) && !index.isDagAncestorOf(C, G));
    for (const x of [G, A, B, C]) {
      assert.ok(index.isDagAncestorOf(x, x) && index.isChainAncestorOf(x, x) && !index.isStrictChainAncestorOf(x, x));
    }
    assert.equal(index.nextChainAncestor(C, G), A);
    validateReachability(store);
  });

  test('forks and merges: future covering sets answer exactly the merged ancestry', () => {
    const { store, index } = newIndex();
    const [G, A1, A2, A3, B1, B2, C1, D, E, F] = ['G', 'A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'D', 'E', 'F'].map(k) as [
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
      BlockKey,
    ];
    index.init(G);
    index.addBlock(A1, G, []);
    index.addBlock(A2, A1, []);
    index.addBlock(A3, A2, []);
    index.addBlock(B1, G, []);
    index.addBlock(B2, B1, []);
    index.addBlock(C1, A2, []);
    index.addBlock(D, A3, [B2, B1, C1]); // D = (A3, B2, C1): merges the B branch and C1
    index.addBlock(E, B2, []); // E is in D's anticone
    index.addBlock(F, D, [E]); // F = (D, E)
    index.hintVirtualSelectedParent(F);

    assert.deepEqual(store.getFutureCoveringSet(B1), [D]);
    assert.deepEqual(store.getFutureCoveringSet(B2), [D]);
    assert.deepEqual(store.getFutureCoveringSet(C1), [D]);
    assert.deepEqual(store.getFutureCoveringSet(E), [F]);

    const past: Record<string, BlockKey[]> = {
      [G]: [],
      [A1]: [G],
      [A2]: [G, A1],
      [A3]: [G, A1, A2],
      [B1]: [G],
      [B2]: [G, B1],
      [C1]: [G, A1, A2],
      [D]: [G, A1, A2, A3, B1, B2, C1],
      [E]: [G, B1, B2],
      [F]: [G, A1, A2, A3, B1, B2, C1, D, E],
    };
    const chain: Record<string, BlockKey[]> = {
      [G]: [],
      [A1]: [G],
      [A2]: [G, A1],
      [A3]: [G, A1, A2],
      [B1]: [G],
      [B2]: [G, B1],
      [C1]: [G, A1, A2],
      [D]: [G, A1, A2, A3],
      [E]: [G, B1, B2],
      [F]: [G, A1, A2, A3, D],
    };
    const all = [G, A1, A2, A3, B1, B2, C1, D, E, F];
    for (const a of all) {
      for (const b of all) {
        const dag = a === b || (past[b] as BlockKey[]).includes(a);
        const inChain = a === b || (chain[b] as BlockKey[]).includes(a);
        assert.equal(index.isDagAncestorOf(a, b), dag, `dag ${a} → ${b}`);
        assert.equal(index.isChainAncestorOf(a, b), inChain, `chain ${a} → ${b}`);
      }
    }
    validateReachability(store);
  });

  test('typed errors for unknown blocks, duplicates, bad mergesets and bad queries', () => {
    const { store, index } = newIndex();
    assert.throws(() => index.hintVirtualSelectedParent(k('G')), isReachabilityError('NOT_INITIALIZED'));
    const [G, A, B, C, X] = [k('G'), k('A'), k('B'), k('C'), k('X')] as const;
    index.init(G);
    index.addBlock(A, G, []);
    index.addBlock(B, A, []);
    assert.throws(() => index.isDagAncestorOf(X, A), isReachabilityError('UNKNOWN_BLOCK'));
    assert.throws(() => index.isDagAncestorOf(A, X), isReachabilityError('UNKNOWN_BLOCK'));
    assert.throws(() => index.isChainAncestorOf(X, A), isReachabilityError('UNKNOWN_BLOCK'));
    assert.throws(() => index.addBlock(C, X, []), isReachabilityError('UNKNOWN_BLOCK'));
    assert.throws(() => index.addBlock(C, B, [X]), isReachabilityError('UNKNOWN_BLOCK'));
    assert.throws(() => index.addBlock(B, A, []), isReachabilityError('BLOCK_EXISTS'));
    assert.throws(() => index.hintVirtualSelectedParent(X), isReachabilityError('UNKNOWN_BLOCK'));
    // A is in B's past, so it cannot be in the mergeset of a child of B; nor B itself.
    assert.throws(() => index.addBlock(C, B, [A]), isReachabilityError('DATA_INCONSISTENCY'));
    assert.throws(() => index.addBlock(C, B, [B]), isReachabilityError('DATA_INCONSISTENCY'));
    assert.throws(() => index.nextChainAncestor(A, B), isReachabilityError('BAD_QUERY'));
    assert.throws(() => index.nextChainAncestor(A, A), isReachabilityError('BAD_QUERY'));
    // Rejected calls left nothing behind.
    assert.ok(!index.has(C));
    assert.deepEqual(store.getChildren(B), []);
    assert.deepEqual(store.getFutureCoveringSet(A), []);
    const D = k('D');
    index.addBlock(D, A, []);
    assert.throws(() => index.addBlock(C, B, [D, D]), isReachabilityError('DATA_INCONSISTENCY'));
    assert.ok(!index.has(C));
    validateReachability(store);
    assert.throws(() => new ReachabilityIndex(store, { reindexSlack: 0 }), RangeError);
  });

  test('running out of interval space is a DATA_OVERFLOW, not a corrupt index', () => {
    const { index } = newIndex({ rootInterval: new Interval(1, 8) });
    index.init(k('B0'));
    assert.throws(() => {
      for (let i = 1; i < 10; i++) index.addBlock(k(`B${i}`), k(`B${i - 1}`), []);
    }, isReachabilityError('DATA_OVERFLOW'));
  });

  test('init is idempotent and a new index over the same store sees the same data', () => {
    const { store, index } = newIndex();
    const [G, A] = [k('G'), k('A')] as const;
    index.init(G);
    index.addBlock(A, G, []);
    index.init(G);
    const reopened = new ReachabilityIndex(store);
    reopened.init(G);
    assert.ok(reopened.isChainAncestorOf(G, A));
    assert.equal(store.size, 3);
  });

  test('a 20,000-block chain with a hint per block: no recursion, root trails by the depth', () => {
    const { store, index } = newIndex();
    const keys = Array.from({ length: 20_000 }, (_, i) => {
      const bytes = Buffer.alloc(32);
      bytes.writeUInt32LE(i + 1);
      return bytes.toString('hex');
    });
    index.init(keys[0] as BlockKey);
    for (let i = 1; i < keys.length; i++) {
      index.addBlock(keys[i] as BlockKey, keys[i - 1] as BlockKey, []);
      index.hintVirtualSelectedParent(keys[i] as BlockKey);
    }
    // Heights: genesis 1, block i has i + 1; the root is the deepest block `depth` below the tip.
    assert.equal(index.reindexRoot(), keys[keys.length - 1 - DEFAULT_REINDEX_DEPTH]);
    assert.ok(index.isChainAncestorOf(keys[0] as BlockKey, keys[19_999] as BlockKey));
    assert.ok(!index.isDagAncestorOf(keys[19_999] as BlockKey, keys[0] as BlockKey));
    assert.equal(validateReachability(store), 20_001);
  });

  test('rusty-kaspa test_add_early_blocks: a binary tree, then a block under an early block (depth 2, slack 5)', () => {
    const { store, index } = newIndex({ reindexDepth: 2, reindexSlack: 5 });
    const key = (i: number) => k(`T${i}`);
    index.init(key(1));
    for (let i = 2; i < 100; i++) {
      index.addBlock(key(i), key(Math.floor(i / 2)), []);
      index.hintVirtualSelectedParent(key(i));
    }
    index.addBlock(key(100), key(2), []);
    validateReachability(store);
    for (let i = 1; i <= 100; i++) {
      for (let j = 1; j <= 100; j++) {
        let expected = false;
        for (let x = j; x >= 1 && !expected; x = x === 100 ? 2 : Math.floor(x / 2)) expected = x === i;
        assert.equal(index.isChainAncestorOf(key(i), key(j)), expected, `${i} → ${j}`);
      }
    }
  });

  test('a reorg moves the reindex root to the other chain only once it leads by the slack', () => {
    const depth = 3;
    const slack = 8;
    const { store, index } = newIndex({
      reindexDepth: depth,
      reindexSlack: slack,
    });
    const a = (i: number) => k(`a${i}`);
    const b = (i: number) => k(`b${i}`);
    const G = k('G');
    index.init(G);
    // Chain a1..a20 (heights 2..21), hinted all along.
    for (let i = 1; i <= 20; i++) {
      index.addBlock(a(i), i === 1 ? G : a(i - 1), []);
      index.hintVirtualSelectedParent(a(i));
    }
    assert.equal(index.reindexRoot(), a(17)); // height 18 = 21 - depth
    // Chain b1..b35 from genesis; hinted as if it were the selected tip.
    for (let i = 1; i <= 35; i++) {
      index.addBlock(b(i), i === 1 ? G : b(i - 1), []);
      index.hintVirtualSelectedParent(b(i));
      // b_i has height i + 1; the root (height 18) moves once i + 1 - 18 >= slack.
      if (i + 1 - 18 < slack) assert.equal(index.reindexRoot(), a(17), `b${i}`);
      else assert.equal(index.reindexRoot(), b(i - depth), `b${i}`);
      validateReachability(store);
    }
    // A hint behind the root (an old block) leaves the root alone.
    index.hintVirtualSelectedParent(a(5));
    index.hintVirtualSelectedParent(b(35));
    assert.equal(index.reindexRoot(), b(32));
    // Hinting the root itself is a no-op, not an error.
    index.hintVirtualSelectedParent(b(32));
    assert.equal(index.reindexRoot(), b(32));
  });
});

describe('reachability index under forced reindexing (seeded random DAGs vs. explicit ancestor sets)', () => {
  const scenarios: {
    name: string;
    options: ReachabilityOptions;
    blocks: number;
    seed: number;
    spread: number;
  }[] = [
    {
      name: 'default parameters',
      options: {},
      blocks: 400,
      seed: 1,
      spread: 6,
    },
    {
      name: 'depth 2, slack 2',
      options: { reindexDepth: 2, reindexSlack: 2 },
      blocks: 400,
      seed: 2,
      spread: 6,
    },
    {
      name: 'depth 4, slack 8, wide DAG',
      options: { reindexDepth: 4, reindexSlack: 8 },
      blocks: 400,
      seed: 3,
      spread: 20,
    },
    {
      name: 'root capacity 2^16, depth 3, slack 4',
      options: {
        reindexDepth: 3,
        reindexSlack: 4,
        rootInterval: new Interval(1, 1 << 16),
      },
      blocks: 400,
      seed: 4,
      spread: 8,
    },
  ];

  for (const { name, options, blocks, seed, spread } of scenarios) {
    test(`${name}: tips plus blocks on random old parents, all pairs checked as it grows`, () => {
      const random = seededRandom(seed);
      const driver = new DagDriver(k('G'), options);
      for (let i = 1; i < blocks; i++) {
        const recent = driver.blocks.slice(-spread);
        const parents = new Set<BlockKey>();
        if (random() < 0.15) {
          // kaspad's stretch test: attach to an arbitrary old block (forces reindexing below the root).
          parents.add(driver.blocks[Math.floor(random() * driver.blocks.length)] as BlockKey);
        } else {
          const count = 1 + Math.floor(random() * 3);
          for (let j = 0; j < count; j++) parents.add(recent[Math.floor(random() * recent.length)] as BlockKey);
        }
        // Drop parents that are ancestors of other parents (Kaspa parents form an antichain).
        const antichain = [...parents].filter(
          (p) => ![...parents].some((q) => q !== p && (driver.past.get(q) as Set<BlockKey>).has(p)),
        );
        driver.add(k(`R${i}`), antichain);
        validateReachability(driver.store);
        if (i % 100 === 0) driver.checkAllPairs();
      }
      driver.checkAllPairs();
    });
  }
});
