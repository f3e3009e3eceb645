import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../../errors.ts';
import { NaiveReachability } from '../../test-support/naive-reachability.ts';
import { vectorPath } from '../../test-support/vectors.ts';
import { parseDagFile, readDagFile } from './dag-file.ts';
import { checkDagFile } from './dag-file-check.ts';
import { indexReachability } from './index-reachability.ts';

function naive() {
  const reachability = new NaiveReachability();
  return {
    init: (genesis: string) => reachability.addBlock(genesis, []),
    addBlock: (block: string, parents: readonly string[]) => reachability.addBlock(block, parents),
    isDagAncestorOf: (a: string, b: string) => reachability.isDagAncestorOf(a, b),
  };
}

describe('GHOSTDAG on kaspad test DAGs (kaspad/ghostdag-dags)', () => {
  for (let i = 0; i <= 5; i++) {
    it(`dag${i}.json: every selected parent, blue score, blue and red matches`, () => {
      const file = readDagFile(vectorPath('kaspad', 'ghostdag-dags', `dag${i}.json`));
      assert.deepEqual(checkDagFile(file, naive()), [], 'with explicit ancestor sets');
      assert.deepEqual(checkDagFile(file, indexReachability()), [], 'with the interval index');
    });
  }

  it('reports a wrong expectation instead of passing it', () => {
    const file = readDagFile(vectorPath('kaspad', 'ghostdag-dags', 'dag0.json'));
    const last = file.blocks.at(-1);
    assert.ok(last);
    last.expectedScore += 1;
    const mismatches = checkDagFile(file, naive());
    assert.deepEqual(
      mismatches.map((m) => [m.id, m.field]),
      [[last.id, 'blueScore']],
    );
  });

  it('refuses a file whose blocks are out of insertion order', () => {
    const block = (id: string, parents: string[]) => ({
      ID: id,
      Parents: parents,
      ExpectedSelectedParent: 'G',
      ExpectedScore: 1,
      ExpectedBlues: ['G'],
      ExpectedReds: [],
    });
    const bad = [[block('A', ['B']), block('B', ['G'])], [block('A', [])], [block('A', ['G']), block('A', ['G'])]];
    for (const blocks of bad) {
      assert.throws(() => parseDagFile(JSON.stringify({ K: 1, GenesisID: 'G', Blocks: blocks })), DecodeError);
    }
  });

  it('colors a block red once the k-cluster is full', () => {
    // k = 1: two side branches cannot both be blue next to the chain.
    const file = parseDagFile(
      JSON.stringify({
        K: 1,
        GenesisID: 'G',
        Blocks: [
          {
            ID: 'A',
            Parents: ['G'],
            ExpectedSelectedParent: 'G',
            ExpectedScore: 1,
            ExpectedBlues: ['G'],
            ExpectedReds: [],
          },
          {
            ID: 'B',
            Parents: ['G'],
            ExpectedSelectedParent: 'G',
            ExpectedScore: 1,
            ExpectedBlues: ['G'],
            ExpectedReds: [],
          },
          {
            ID: 'C',
            Parents: ['G'],
            ExpectedSelectedParent: 'G',
            ExpectedScore: 1,
            ExpectedBlues: ['G'],
            ExpectedReds: [],
          },
          {
            ID: 'D',
            Parents: ['A', 'B', 'C'],
            ExpectedSelectedParent: 'C',
            ExpectedScore: 3,
            ExpectedBlues: ['C', 'A'],
            ExpectedReds: ['B'],
          },
        ],
      }),
    );
    assert.deepEqual(checkDagFile(file, naive()), []);
  });
});
