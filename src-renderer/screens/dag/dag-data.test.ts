import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BlockAddedPayload } from '../../../src-shared/api.ts';
import { DagData } from './dag-data.ts';
import { node, smallDag } from './dag-test-fixtures.ts';

function added(hash: string, daaScore: number, parents: string[]): BlockAddedPayload {
  return { hash, daaScore, blueScore: daaScore, timestamp: daaScore * 1000, parents, transactionCount: 1 };
}

describe('DagData', () => {
  it('takes a snapshot and lists it oldest first', () => {
    const data = new DagData();
    data.replace([...smallDag()].reverse());
    assert.deepEqual(
      data.list().map((block) => block.hash),
      ['g', 'a', 'b', 'c', 'd', 'e'],
    );
    assert.deepEqual(data.daaRange(), { oldest: 10, newest: 14 });
  });

  it('adds a notified block as unmerged and off the chain, once', () => {
    const data = new DagData();
    data.replace(smallDag());
    const version = data.version;
    assert.equal(data.add(added('f', 15, ['e'])), true);
    assert.equal(data.add(added('f', 15, ['e'])), false, 'a repeat changes nothing');
    assert.equal(data.version, version + 1);
    assert.deepEqual(data.get('f'), {
      hash: 'f',
      daaScore: 15,
      blueScore: 15,
      timestamp: 15_000,
      parents: ['e'],
      selectedParent: null,
      isChainBlock: false,
      color: 'unmerged',
    });
  });

  it('moves chain flags on a chain change: joining blocks turn blue, leaving ones keep their colour', () => {
    const data = new DagData();
    data.replace(smallDag());
    data.chainChanged({ removed: ['c'], added: ['d', 'e'] });
    assert.equal(data.get('c')?.isChainBlock, false);
    assert.equal(data.get('c')?.color, 'blue');
    assert.equal(data.get('d')?.isChainBlock, true);
    assert.equal(data.get('d')?.color, 'blue');
    assert.equal(data.get('e')?.isChainBlock, true);
    const version = data.version;
    data.chainChanged({ removed: ['unknown'], added: ['also-unknown'] });
    assert.equal(data.version, version, 'hashes outside the window change nothing');
  });

  it('applies a chain change that named a block before the block itself arrived', () => {
    const data = new DagData();
    data.replace(smallDag());
    data.chainChanged({ removed: [], added: ['f'] });
    data.add(added('f', 15, ['e']));
    assert.equal(data.get('f')?.isChainBlock, true);
    assert.equal(data.get('f')?.color, 'blue');
    data.chainChanged({ removed: ['f'], added: ['g2'] });
    data.chainChanged({ removed: ['g2'], added: [] });
    data.add(added('g2', 16, ['f']));
    assert.equal(data.get('g2')?.isChainBlock, false, 'the later word wins');
  });

  it('keeps blocks that arrived after a re-read was answered, drops older ones the answer lacks', () => {
    const data = new DagData();
    data.replace(smallDag());
    data.add(added('late', 15, ['e']));
    // The next answer starts at DAA score 13 (the window moved on) and predates 'late'.
    data.replace(smallDag().filter((block) => block.daaScore >= 13));
    assert.equal(data.get('late')?.daaScore, 15);
    for (const hash of ['g', 'a', 'b']) assert.equal(data.get(hash), undefined, `${hash} left the window`);
    assert.equal(data.size, 4);
  });

  it('keeps only the newest blocks by DAA score', () => {
    const data = new DagData(3);
    data.replace([node('p', 1, []), node('q', 2, ['p']), node('r', 3, ['q']), node('s', 4, ['r'])]);
    assert.deepEqual(
      data.list().map((block) => block.hash),
      ['q', 'r', 's'],
    );
    assert.equal(data.add(added('old', 0, [])), false, 'older than the whole window: ignored');
    assert.equal(data.add(added('t', 5, ['s'])), true);
    assert.deepEqual(
      data.list().map((block) => block.hash),
      ['r', 's', 't'],
    );
  });

  it('does not share arrays with the answer it was given', () => {
    const snapshot = smallDag();
    const data = new DagData();
    data.replace(snapshot);
    snapshot[1]?.parents.push('mutated');
    assert.deepEqual(data.get('a')?.parents, ['g']);
  });
});
