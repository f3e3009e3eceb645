/**
 * Draws a laid-out DAG onto a 2D context, in CSS pixels (the caller scales for devicePixelRatio).
 * Cheap per frame: blocks and edges off screen are skipped, and everything of one style goes into
 * one path, so a frame is a handful of fill and stroke calls whatever the block count.
 * Uses the context only through the methods below, so a test can hand it a recorder.
 */
import { type Camera, type Viewport, toScreenX, toScreenY } from './dag-camera.ts';
import type { DagLayout } from './dag-layout.ts';

export type DrawContext = Pick<
  CanvasRenderingContext2D,
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'bezierCurveTo'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'fillRect'
  | 'clearRect'
  | 'fillText'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
>;

/** Colours from the theme's CSS variables. */
export interface DagPalette {
  background: string;
  blue: string;
  red: string;
  /** Blocks no chain block merged yet (drawn faded). */
  unmerged: string;
  chain: string;
  edge: string;
  text: string;
  muted: string;
  grid: string;
}

export interface DrawStats {
  /** Blocks drawn (after culling). */
  blocks: number;
  edges: number;
}

/** Blocks narrower than this many pixels are drawn at this size, so a zoomed-out DAG stays visible. */
const MIN_BLOCK_PX = 2;
/** Short hashes are written under blocks once a block is at least this wide on screen. */
const LABEL_MIN_BLOCK_PX = 34;

// Reused between frames: a frame allocates nothing in proportion to the block count.
let scratch = new Int32Array(1024);
let screenX = new Float64Array(1024);
let screenY = new Float64Array(1024);

export function drawDag(
  ctx: DrawContext,
  layout: DagLayout,
  camera: Camera,
  viewport: Viewport,
  palette: DagPalette,
  hovered = -1,
): DrawStats {
  const { width, height } = viewport;
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  drawDaaGrid(ctx, layout, camera, viewport, palette);

  const count = layout.blocks.length;
  if (count === 0) return { blocks: 0, edges: 0 };
  const blockWidth = Math.max(MIN_BLOCK_PX, layout.metrics.blockWidth * camera.zoom);
  const blockHeight = Math.max(MIN_BLOCK_PX, layout.metrics.blockHeight * camera.zoom);
  const halfWidth = blockWidth / 2;
  const halfHeight = blockHeight / 2;

  // Screen positions once per frame; the visible blocks collected for the fill passes.
  if (scratch.length < count) {
    scratch = new Int32Array(count * 2);
    screenX = new Float64Array(count * 2);
    screenY = new Float64Array(count * 2);
  }
  const sx = screenX;
  const sy = screenY;
  let visible = 0;
  for (let i = 0; i < count; i++) {
    const x = toScreenX(camera, viewport, layout.x[i] as number);
    const y = toScreenY(camera, viewport, layout.y[i] as number);
    sx[i] = x;
    sy[i] = y;
    if (x + halfWidth >= 0 && x - halfWidth <= width && y + halfHeight >= 0 && y - halfHeight <= height) {
      scratch[visible++] = i;
    }
  }

  let edges = drawEdges(
    ctx,
    layout,
    sx,
    sy,
    halfWidth,
    viewport,
    palette,
    false,
    Math.max(0.6, Math.min(1.2, camera.zoom)),
  );
  edges += drawEdges(
    ctx,
    layout,
    sx,
    sy,
    halfWidth,
    viewport,
    palette,
    true,
    Math.max(1.5, Math.min(3.5, 3 * camera.zoom)),
  );

  const fillPass = (color: string, wanted: 'blue' | 'red' | 'unmerged', alpha: number) => {
    ctx.globalAlpha = alpha;
    ctx.fillStyle = color;
    ctx.beginPath();
    let any = false;
    for (let v = 0; v < visible; v++) {
      const i = scratch[v] as number;
      if (layout.blocks[i]?.color !== wanted) continue;
      ctx.rect((sx[i] as number) - halfWidth, (sy[i] as number) - halfHeight, blockWidth, blockHeight);
      any = true;
    }
    if (any) ctx.fill();
  };
  fillPass(palette.blue, 'blue', 1);
  fillPass(palette.red, 'red', 1);
  fillPass(palette.unmerged, 'unmerged', 0.45);
  ctx.globalAlpha = 1;

  if (blockWidth >= 6) {
    ctx.strokeStyle = palette.chain;
    ctx.lineWidth = Math.max(1.5, Math.min(3, blockWidth / 8));
    ctx.beginPath();
    let any = false;
    for (let v = 0; v < visible; v++) {
      const i = scratch[v] as number;
      if (!layout.blocks[i]?.isChainBlock) continue;
      ctx.rect((sx[i] as number) - halfWidth, (sy[i] as number) - halfHeight, blockWidth, blockHeight);
      any = true;
    }
    if (any) ctx.stroke();
  }

  if (blockWidth >= LABEL_MIN_BLOCK_PX) {
    ctx.fillStyle = palette.muted;
    ctx.font = '10px ui-monospace, Menlo, Consolas, monospace';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let v = 0; v < visible; v++) {
      const i = scratch[v] as number;
      ctx.fillText(layout.blocks[i]?.hash.slice(0, 6) ?? '', sx[i] as number, (sy[i] as number) + halfHeight + 2);
    }
  }

  if (hovered >= 0 && hovered < count) {
    ctx.strokeStyle = palette.text;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.rect(
      (sx[hovered] as number) - halfWidth - 3,
      (sy[hovered] as number) - halfHeight - 3,
      blockWidth + 6,
      blockHeight + 6,
    );
    ctx.stroke();
  }
  return { blocks: visible, edges };
}

/** Edges run from a child's left side to its parent's right side; `chain` picks the chain's own edges or the rest. */
function drawEdges(
  ctx: DrawContext,
  layout: DagLayout,
  sx: Float64Array,
  sy: Float64Array,
  halfWidth: number,
  viewport: Viewport,
  palette: DagPalette,
  chain: boolean,
  lineWidth: number,
): number {
  const wanted = chain ? 1 : 0;
  ctx.globalAlpha = chain ? 1 : 0.55;
  ctx.strokeStyle = chain ? palette.chain : palette.edge;
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  let drawn = 0;
  for (let e = 0; e < layout.edgeChild.length; e++) {
    if (layout.edgeChain[e] !== wanted) continue;
    const child = layout.edgeChild[e] as number;
    const parent = layout.edgeParent[e] as number;
    const x1 = (sx[child] as number) - halfWidth;
    const y1 = sy[child] as number;
    const x2 = (sx[parent] as number) + halfWidth;
    const y2 = sy[parent] as number;
    if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > viewport.width) continue;
    if (Math.max(y1, y2) < 0 || Math.min(y1, y2) > viewport.height) continue;
    ctx.moveTo(x1, y1);
    if (y1 === y2) ctx.lineTo(x2, y2);
    else {
      const middle = (x1 + x2) / 2;
      ctx.bezierCurveTo(middle, y1, middle, y2, x2, y2);
    }
    drawn++;
  }
  if (drawn > 0) ctx.stroke();
  ctx.globalAlpha = 1;
  return drawn;
}

/** Faint vertical lines at round DAA scores, labelled along the top. */
function drawDaaGrid(
  ctx: DrawContext,
  layout: DagLayout,
  camera: Camera,
  viewport: Viewport,
  palette: DagPalette,
): void {
  const pixelsPerDaa = layout.metrics.columnWidth * camera.zoom;
  const step = niceStep(110 / pixelsPerDaa);
  const firstDaa =
    Math.ceil(((viewport.width * -0.5) / camera.zoom + camera.centerX) / layout.metrics.columnWidth / step) * step;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.strokeStyle = palette.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const labels: [number, number][] = [];
  // Bounded: a viewport holds about width / 110 lines.
  for (let daa = firstDaa, n = 0; n < 200; daa += step, n++) {
    const x = Math.round(toScreenX(camera, viewport, daa * layout.metrics.columnWidth)) + 0.5;
    if (x > viewport.width) break;
    if (daa < 0) continue;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, viewport.height);
    labels.push([daa, x]);
  }
  ctx.stroke();
  ctx.fillStyle = palette.muted;
  for (const [daa, x] of labels) ctx.fillText(daa.toLocaleString('en-US'), x + 4, 6);
}

/** The smallest of 1, 2, 5, 10, 20, 50, … at least `min`. */
export function niceStep(min: number): number {
  if (!(min > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(min));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= min) return factor * power;
  return 10 * power;
}
