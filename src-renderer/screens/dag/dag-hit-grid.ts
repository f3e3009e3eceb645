/**
 * Which block is under the pointer: a uniform grid over the layout's world coordinates, built
 * once per layout, so a hit test looks at a few blocks instead of all of them. Plain TypeScript.
 */
import type { DagLayout } from './dag-layout.ts';

export class HitGrid {
  readonly cellSize: number;
  readonly #layout: DagLayout;
  readonly #cells = new Map<string, number[]>();

  constructor(layout: DagLayout, cellSize = Math.max(layout.metrics.columnWidth, layout.metrics.rowHeight) * 2) {
    this.#layout = layout;
    this.cellSize = cellSize;
    const halfWidth = layout.metrics.blockWidth / 2;
    const halfHeight = layout.metrics.blockHeight / 2;
    for (let i = 0; i < layout.blocks.length; i++) {
      const x = layout.x[i] as number;
      const y = layout.y[i] as number;
      this.#forCells(x - halfWidth, y - halfHeight, x + halfWidth, y + halfHeight, (key) => {
        const cell = this.#cells.get(key);
        if (cell) cell.push(i);
        else this.#cells.set(key, [i]);
      });
    }
  }

  /**
   * The block whose rectangle, grown by `tolerance` world units on each side, holds the point;
   * the one with the nearest centre when several do. -1 for none.
   */
  hitTest(x: number, y: number, tolerance = 0): number {
    const layout = this.#layout;
    const halfWidth = layout.metrics.blockWidth / 2 + tolerance;
    const halfHeight = layout.metrics.blockHeight / 2 + tolerance;
    let best = -1;
    let bestDistance = Infinity;
    const seen = new Set<number>();
    // Blocks are filed under every cell their own rectangle touches; the tolerance may reach one cell further.
    this.#forCells(x - tolerance, y - tolerance, x + tolerance, y + tolerance, (key) => {
      for (const i of this.#cells.get(key) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const dx = Math.abs(x - (layout.x[i] as number));
        const dy = Math.abs(y - (layout.y[i] as number));
        if (dx > halfWidth || dy > halfHeight) continue;
        const distance = dx * dx + dy * dy;
        if (distance < bestDistance) {
          best = i;
          bestDistance = distance;
        }
      }
    });
    return best;
  }

  #forCells(minX: number, minY: number, maxX: number, maxY: number, visit: (key: string) => void): void {
    const size = this.cellSize;
    const fromColumn = Math.floor(minX / size);
    const toColumn = Math.floor(maxX / size);
    const fromRow = Math.floor(minY / size);
    const toRow = Math.floor(maxY / size);
    for (let column = fromColumn; column <= toColumn; column++) {
      for (let row = fromRow; row <= toRow; row++) visit(`${column},${row}`);
    }
  }
}
