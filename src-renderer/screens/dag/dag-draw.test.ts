import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitBounds } from './dag-camera.ts';
import { type DagPalette, type DrawContext, drawDag, niceStep } from './dag-draw.ts';
import { layoutDag } from './dag-layout.ts';
import { generatedDag } from './dag-test-fixtures.ts';

const palette: DagPalette = {
  background: 'bg',
  blue: 'blue',
  red: 'red',
  unmerged: 'grey',
  chain: 'gold',
  edge: 'edge',
  text: 'text',
  muted: 'muted',
  grid: 'grid',
};

/** A context that counts calls instead of drawing. */
function recorder(): { context: DrawContext; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const context = new Proxy({} as Record<string, unknown>, {
    get: (target, name: string) =>
      name in target ? target[name] : (..._args: unknown[]) => calls.set(name, (calls.get(name) ?? 0) + 1),
    set: (target, name: string, value) => {
      target[name] = value;
      return true;
    },
  });
  return { context: context as unknown as DrawContext, calls };
}

describe('drawDag', () => {
  const layout = layoutDag(generatedDag(1000));
  const viewport = { width: 1200, height: 600 };

  it('draws every block when all are in view, with one fill per colour', () => {
    const { context, calls } = recorder();
    const stats = drawDag(context, layout, fitBounds(layout.bounds, viewport), viewport, palette);
    assert.equal(stats.blocks, 1000);
    assert.equal(stats.edges, layout.edgeChild.length);
    assert.ok((calls.get('fill') ?? 0) <= 3, 'one fill per colour');
    assert.ok((calls.get('stroke') ?? 0) <= 5, 'grid, edges, chain edges, chain outlines (and hover)');
  });

  it('culls blocks and edges off screen', () => {
    const { context } = recorder();
    const tip = layout.tipIndex;
    const camera = { centerX: layout.x[tip] as number, centerY: 0, zoom: 1 };
    const stats = drawDag(context, layout, camera, viewport, palette);
    assert.ok(stats.blocks > 0 && stats.blocks < 150, `${stats.blocks} blocks drawn of 1,000`);
    assert.ok(stats.edges < layout.edgeChild.length / 4);
  });

  it('draws an empty layout without throwing', () => {
    const { context } = recorder();
    assert.deepEqual(drawDag(context, layoutDag([]), { centerX: 0, centerY: 0, zoom: 1 }, viewport, palette), {
      blocks: 0,
      edges: 0,
    });
  });

  it('picks round DAA steps for the grid', () => {
    assert.deepEqual([0.3, 1, 1.5, 3, 7, 12, 180].map(niceStep), [1, 1, 2, 5, 10, 20, 200]);
  });
});
