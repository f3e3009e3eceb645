/**
 * Where each block of the DAG view sits, computed once per data change (never per frame).
 * World coordinates: x grows with DAA score (time flows right), blocks of one DAA score share a
 * column and are stacked in lanes. Lane 0 is kept for the selected chain, so the chain reads as
 * one straight line with the side blocks around it. Plain TypeScript, no DOM.
 */
import type { DagNode } from './dag-data.ts';

export interface LayoutMetrics {
  /** World units between two consecutive DAA scores. */
  columnWidth: number;
  /** World units between two lanes. */
  rowHeight: number;
  blockWidth: number;
  blockHeight: number;
}

export const DEFAULT_METRICS: LayoutMetrics = { columnWidth: 36, rowHeight: 28, blockWidth: 22, blockHeight: 18 };

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface DagLayout {
  readonly metrics: LayoutMetrics;
  /** The blocks in drawing order: by DAA score, then lane. */
  readonly blocks: readonly DagNode[];
  /** Block centres, index-aligned with `blocks`. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly lane: Int32Array;
  readonly indexOf: ReadonlyMap<string, number>;
  /** Edge i runs from block edgeChild[i] to its parent edgeParent[i] (parents outside the view have none). */
  readonly edgeChild: Int32Array;
  readonly edgeParent: Int32Array;
  /** 1 when both ends are on the selected chain: the chain's own edge. */
  readonly edgeChain: Uint8Array;
  /** The rectangles of all blocks; all zero for an empty layout. */
  readonly bounds: Bounds;
  /** The newest chain block (the sink as far as the view knows), else the newest block; -1 when empty. */
  readonly tipIndex: number;
}

/** Lane order 0, 1, -1, 2, -2, … for the n-th block of a column (n from 0). */
export function laneFor(n: number): number {
  return n % 2 === 1 ? (n + 1) / 2 : n === 0 ? 0 : -n / 2;
}

export function layoutDag(nodes: readonly DagNode[], metrics: LayoutMetrics = DEFAULT_METRICS): DagLayout {
  const columns = new Map<number, DagNode[]>();
  for (const node of nodes) {
    const column = columns.get(node.daaScore);
    if (column) column.push(node);
    else columns.set(node.daaScore, [node]);
  }
  const daaScores = [...columns.keys()].sort((a, b) => a - b);

  const blocks: DagNode[] = [];
  const laneOf: number[] = [];
  for (const daaScore of daaScores) {
    const column = (columns.get(daaScore) ?? []).sort(columnOrder);
    // Lane 0 belongs to the chain; a column without a chain block starts beside it.
    let next = column[0]?.isChainBlock ? 0 : 1;
    for (const node of column) {
      blocks.push(node);
      laneOf.push(laneFor(next++));
    }
  }

  const count = blocks.length;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const lane = new Int32Array(count);
  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const node = blocks[i] as DagNode;
    x[i] = node.daaScore * metrics.columnWidth;
    lane[i] = laneOf[i] as number;
    y[i] = (laneOf[i] as number) * metrics.rowHeight;
    indexOf.set(node.hash, i);
  }

  const children: number[] = [];
  const parents: number[] = [];
  const chain: number[] = [];
  for (let i = 0; i < count; i++) {
    const node = blocks[i] as DagNode;
    for (const parent of node.parents) {
      const p = indexOf.get(parent);
      if (p === undefined) continue;
      children.push(i);
      parents.push(p);
      // Parents form an antichain, so a chain block has exactly one parent on the chain: its selected parent.
      chain.push(node.isChainBlock && (blocks[p] as DagNode).isChainBlock ? 1 : 0);
    }
  }

  let tipIndex = -1;
  for (let i = count - 1; i >= 0; i--) {
    if ((blocks[i] as DagNode).isChainBlock) {
      tipIndex = i;
      break;
    }
  }
  if (tipIndex === -1) tipIndex = count - 1;

  return {
    metrics,
    blocks,
    x,
    y,
    lane,
    indexOf,
    edgeChild: Int32Array.from(children),
    edgeParent: Int32Array.from(parents),
    edgeChain: Uint8Array.from(chain),
    bounds: boundsOf(x, y, metrics),
    tipIndex,
  };
}

/** Chain block first, then by arrival (timestamp) so a block keeps its lane when its colour changes. */
function columnOrder(a: DagNode, b: DagNode): number {
  if (a.isChainBlock !== b.isChainBlock) return a.isChainBlock ? -1 : 1;
  return a.timestamp - b.timestamp || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);
}

function boundsOf(x: Float64Array, y: Float64Array, metrics: LayoutMetrics): Bounds {
  if (x.length === 0) return { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < x.length; i++) {
    minX = Math.min(minX, x[i] as number);
    maxX = Math.max(maxX, x[i] as number);
    minY = Math.min(minY, y[i] as number);
    maxY = Math.max(maxY, y[i] as number);
  }
  const halfWidth = metrics.blockWidth / 2;
  const halfHeight = metrics.blockHeight / 2;
  return { minX: minX - halfWidth, maxX: maxX + halfWidth, minY: minY - halfHeight, maxY: maxY + halfHeight };
}
