import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HitGrid } from './dag-hit-grid.ts';
import { type DagLayout, layoutDag } from './dag-layout.ts';
import { generatedDag, smallDag } from './dag-test-fixtures.ts';

/** The answer without a grid: every block checked. */
function bruteForce(layout: DagLayout, x: number, y: number, tolerance: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < layout.blocks.length; i++) {
    const dx = Math.abs(x - (layout.x[i] as number));
    const dy = Math.abs(y - (layout.y[i] as number));
    if (dx > layout.metrics.blockWidth / 2 + tolerance || dy > layout.metrics.blockHeight / 2 + tolerance) continue;
    if (dx * dx + dy * dy < bestDistance) {
      best = i;
      bestDistance = dx * dx + dy * dy;
    }
  }
  return best;
}

describe('HitGrid', () => {
  it('finds every block at its centre and at its corners', () => {
    const layout = layoutDag(smallDag());
    const grid = new HitGrid(layout);
    const halfWidth = layout.metrics.blockWidth / 2 - 0.01;
    const halfHeight = layout.metrics.blockHeight / 2 - 0.01;
    for (let i = 0; i < layout.blocks.length; i++) {
      const x = layout.x[i] as number;
      const y = layout.y[i] as number;
      assert.equal(grid.hitTest(x, y), i, `centre of ${layout.blocks[i]?.hash}`);
      assert.equal(grid.hitTest(x - halfWidth, y - halfHeight), i);
      assert.equal(grid.hitTest(x + halfWidth, y + halfHeight), i);
    }
  });

  it('finds nothing between blocks or far away', () => {
    const layout = layoutDag(smallDag());
    const grid = new HitGrid(layout);
    const g = layout.indexOf.get('g') as number;
    const a = layout.indexOf.get('a') as number;
    const a_b = layout.indexOf.get('b') as number;
    // Between two neighbouring columns on the chain lane.
    assert.equal(grid.hitTest(((layout.x[g] as number) + (layout.x[a] as number)) / 2, 0), -1);
    // Between two lanes of one column.
    assert.equal(grid.hitTest(layout.x[a] as number, ((layout.y[a] as number) + (layout.y[a_b] as number)) / 2), -1);
    assert.equal(grid.hitTest(-1e6, 5), -1);
    assert.equal(grid.hitTest(layout.x[a] as number, 1e6), -1);
    assert.equal(new HitGrid(layoutDag([])).hitTest(0, 0), -1);
  });

  it('reaches a block just outside its rectangle with a tolerance', () => {
    const layout = layoutDag(smallDag());
    const grid = new HitGrid(layout);
    const a = layout.indexOf.get('a') as number;
    const justRight = (layout.x[a] as number) + layout.metrics.blockWidth / 2 + 2;
    assert.equal(grid.hitTest(justRight, 0), -1);
    assert.equal(grid.hitTest(justRight, 0, 3), a);
  });

  it('agrees with checking every block, on a 1,000-block DAG', () => {
    const layout = layoutDag(generatedDag(1000));
    const grid = new HitGrid(layout);
    const { minX, maxX, minY, maxY } = layout.bounds;
    let state = 42;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    let hits = 0;
    for (let n = 0; n < 5000; n++) {
      const x = minX + random() * (maxX - minX);
      const y = minY + random() * (maxY - minY);
      const tolerance = n % 2 === 0 ? 0 : 4;
      const expected = bruteForce(layout, x, y, tolerance);
      assert.equal(grid.hitTest(x, y, tolerance), expected, `at ${x}, ${y}`);
      if (expected >= 0) hits++;
    }
    assert.ok(hits > 100, `the sample hit blocks (${hits})`);
  });
});
