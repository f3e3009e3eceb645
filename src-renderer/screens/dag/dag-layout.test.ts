import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_METRICS, type DagLayout, laneFor, layoutDag } from './dag-layout.ts';
import { generatedDag, node, smallDag } from './dag-test-fixtures.ts';

function at(layout: DagLayout, hash: string): { x: number; y: number; lane: number } {
  const i = layout.indexOf.get(hash);
  assert.ok(i !== undefined, `${hash} laid out`);
  return { x: layout.x[i] as number, y: layout.y[i] as number, lane: layout.lane[i] as number };
}

function assertNoOverlap(layout: DagLayout): void {
  const { blockWidth, blockHeight } = layout.metrics;
  for (let i = 0; i < layout.blocks.length; i++) {
    for (let j = i + 1; j < layout.blocks.length; j++) {
      const apartX = Math.abs((layout.x[i] as number) - (layout.x[j] as number)) >= blockWidth;
      const apartY = Math.abs((layout.y[i] as number) - (layout.y[j] as number)) >= blockHeight;
      assert.ok(apartX || apartY, `${layout.blocks[i]?.hash} and ${layout.blocks[j]?.hash} overlap`);
    }
  }
}

describe('layoutDag', () => {
  it('places blocks by DAA score on x: equal scores share a column, higher scores sit further right', () => {
    const layout = layoutDag(smallDag());
    assert.equal(layout.blocks.length, 6);
    assert.equal(at(layout, 'a').x, at(layout, 'b').x);
    assert.equal(at(layout, 'c').x, at(layout, 'd').x);
    const order = ['g', 'a', 'c', 'e'].map((hash) => at(layout, hash).x);
    assert.deepEqual(
      order,
      [...order].sort((p, q) => p - q),
    );
    assert.equal(
      at(layout, 'c').x - at(layout, 'a').x,
      2 * DEFAULT_METRICS.columnWidth,
      'x is proportional to DAA score',
    );
    assert.ok(DEFAULT_METRICS.columnWidth > DEFAULT_METRICS.blockWidth, 'neighbouring columns cannot touch');
  });

  it('stacks blocks of one DAA score in distinct lanes without overlap', () => {
    const layout = layoutDag(smallDag());
    assert.notEqual(at(layout, 'a').y, at(layout, 'b').y);
    assert.notEqual(at(layout, 'c').y, at(layout, 'd').y);
    assertNoOverlap(layout);
    assertNoOverlap(layoutDag(generatedDag(300)));
  });

  it('keeps lane 0 for the selected chain and puts other blocks beside it', () => {
    const layout = layoutDag(smallDag());
    for (const hash of ['g', 'a', 'c']) assert.equal(at(layout, hash).lane, 0, `${hash} is on the chain lane`);
    for (const hash of ['b', 'd', 'e']) assert.notEqual(at(layout, hash).lane, 0, `${hash} is off the chain lane`);
    // e has no chain block in its column, yet does not take the chain's lane.
    assert.equal(at(layout, 'e').lane, 1);
  });

  it('flags the chain edges: chain block to chain parent only', () => {
    const layout = layoutDag(smallDag());
    const edges = new Map<string, number>();
    for (let e = 0; e < layout.edgeChild.length; e++) {
      const child = layout.blocks[layout.edgeChild[e] as number]?.hash;
      const parent = layout.blocks[layout.edgeParent[e] as number]?.hash;
      edges.set(`${child}->${parent}`, layout.edgeChain[e] as number);
    }
    assert.deepEqual(Object.fromEntries(edges), {
      'a->g': 1,
      'b->g': 0,
      'c->a': 1,
      'c->b': 0,
      'd->a': 0,
      'e->c': 0,
      'e->d': 0,
    });
  });

  it('drops edges to parents outside the window and finds the tip', () => {
    const layout = layoutDag([node('x', 50, ['gone'], { chain: true }), node('y', 51, ['x', 'gone'])]);
    assert.equal(layout.edgeChild.length, 1);
    assert.equal(layout.blocks[layout.tipIndex]?.hash, 'x', 'the newest chain block is the tip');
    assert.equal(layoutDag([node('u', 5, [])]).tipIndex, 0, 'without chain blocks: the newest block');
    assert.equal(layoutDag([]).tipIndex, -1);
  });

  it('reports bounds that hold every block rectangle', () => {
    const layout = layoutDag(smallDag());
    const { blockWidth, blockHeight } = layout.metrics;
    assert.equal(layout.bounds.minX, 10 * DEFAULT_METRICS.columnWidth - blockWidth / 2);
    assert.equal(layout.bounds.maxX, 14 * DEFAULT_METRICS.columnWidth + blockWidth / 2);
    assert.equal(layout.bounds.minY, -blockHeight / 2);
    assert.equal(layout.bounds.maxY, DEFAULT_METRICS.rowHeight + blockHeight / 2);
    assert.deepEqual(layoutDag([]).bounds, { minX: 0, maxX: 0, minY: 0, maxY: 0 });
  });

  it('orders lanes outward: 0, 1, -1, 2, -2', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map(laneFor), [0, 1, -1, 2, -2]);
    const wide = layoutDag([
      node('chain', 7, [], { chain: true }),
      ...[1, 2, 3, 4, 5, 6].map((n) => node(`side${n}`, 7, [], { timestamp: n })),
    ]);
    assert.deepEqual(
      wide.blocks.map((block) => at(wide, block.hash).lane),
      [0, 1, -1, 2, -2, 3, -3],
    );
  });

  it('keeps a block in its lane when only its colour changes', () => {
    const before = layoutDag(smallDag());
    const recoloured = smallDag().map((block) => (block.hash === 'e' ? { ...block, color: 'blue' as const } : block));
    const after = layoutDag(recoloured);
    for (const block of before.blocks) assert.deepEqual(at(after, block.hash), at(before, block.hash));
  });
});
