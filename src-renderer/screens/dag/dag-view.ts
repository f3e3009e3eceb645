/**
 * The DAG view's canvas controller (DOM, no React): lays out on data change, draws on an
 * animation frame only when something changed, pans, zooms, follows the tip, hit-tests the
 * pointer and times its frames for the benchmark. Paused, it schedules nothing at all.
 */
import { type Camera, type Viewport, fitBounds, followTipCenterX, toWorld, zoomAt } from './dag-camera.ts';
import type { DagNode } from './dag-data.ts';
import { type DagPalette, type DrawStats, drawDag } from './dag-draw.ts';
import { HitGrid } from './dag-hit-grid.ts';
import { type DagLayout, layoutDag } from './dag-layout.ts';

export interface DagViewEvents {
  /** The block under the pointer changed (null: none). */
  onHover(block: DagNode | null): void;
  /** A click (not a drag) on a block. */
  onOpen(block: DagNode): void;
  /** Following the tip was switched off by panning, or on by a key. */
  onFollowChange(follow: boolean): void;
}

export interface DagBenchResult {
  meanMs: number;
  p95Ms: number;
  /** Blocks laid out. */
  blocks: number;
  /** Blocks drawn in the last frame (the others were off screen). */
  drawn: number;
}

export interface DagBench {
  redrawFrames(n: number): Promise<DagBenchResult>;
}

const FRAME_TIMES_KEPT = 60;
/** Pixels the pointer may move between press and release and still count as a click. */
const CLICK_SLOP = 4;
/** Pixels around a block that still hover it. */
const HIT_TOLERANCE_PX = 3;
const KEY_PAN_PX = 80;

export class DagView {
  readonly #canvas: HTMLCanvasElement;
  readonly #tooltip: HTMLElement | null;
  readonly #events: DagViewEvents;
  readonly #context: CanvasRenderingContext2D;
  readonly #cleanups: (() => void)[] = [];

  #source: () => readonly DagNode[] = () => [];
  #layout: DagLayout = layoutDag([]);
  #grid: HitGrid = new HitGrid(this.#layout);
  #layoutDirty = false;
  #camera: Camera = { centerX: 0, centerY: 0, zoom: 1 };
  #viewport: Viewport = { width: 0, height: 0 };
  #dpr = 1;
  #palette: DagPalette;
  #follow = true;
  /** The camera has not been placed on data yet: the first layout snaps to the tip instead of gliding. */
  #placed = false;
  #hovered = -1;
  #hoveredHash: string | null = null;
  #pointer: { id: number; startX: number; startY: number; lastX: number; lastY: number; dragging: boolean } | null =
    null;

  #dirty = true;
  #frame = 0;
  #paused = false;
  #destroyed = false;
  #frameTimes: number[] = [];
  #lastStats: DrawStats = { blocks: 0, edges: 0 };

  constructor(canvas: HTMLCanvasElement, tooltip: HTMLElement | null, events: DagViewEvents) {
    this.#canvas = canvas;
    this.#tooltip = tooltip;
    this.#events = events;
    const context = canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('This display cannot draw on a canvas (no 2D context).');
    this.#context = context;
    this.#palette = readPalette(canvas);
    canvas.dataset.blockCount = '0';
    canvas.dataset.frameMs = '0.00';
    this.#listen();
    this.#measure();
    this.#schedule();
  }

  /**
   * The data changed: `source` is read and laid out on the next frame, so a burst of notifications
   * costs one layout.
   */
  setBlocks(source: readonly DagNode[] | (() => readonly DagNode[])): void {
    this.#source = typeof source === 'function' ? source : () => source;
    this.#layoutDirty = true;
    this.#invalidate();
  }

  get follow(): boolean {
    return this.#follow;
  }

  setFollow(follow: boolean): void {
    if (this.#follow === follow) return;
    this.#follow = follow;
    this.#events.onFollowChange(follow);
    this.#invalidate();
  }

  /** Zooms about the canvas centre (or the tip, while following it). */
  zoomBy(factor: number): void {
    this.#camera = zoomAt(this.#camera, this.#viewport, factor, this.#viewport.width / 2, this.#viewport.height / 2);
    if (this.#follow) this.#camera.centerX = this.#followTarget();
    this.#invalidate();
  }

  /** Shows every block at once. */
  fit(): void {
    if (this.#layout.blocks.length === 0) return;
    this.#camera = fitBounds(this.#layout.bounds, this.#viewport);
    this.setFollow(false);
    this.#invalidate();
  }

  /** Stops drawing entirely (hidden page); resume() catches up with one frame. */
  pause(): void {
    this.#paused = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  resume(): void {
    if (this.#destroyed) return;
    this.#paused = false;
    this.#measure();
    this.#invalidate();
  }

  destroy(): void {
    this.pause();
    this.#destroyed = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  /** For `npm run bench`: n full redraws on successive animation frames, timed. */
  readonly bench: DagBench = {
    redrawFrames: (n: number) => {
      const frames = Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 60;
      return new Promise<DagBenchResult>((resolve, reject) => {
        const times: number[] = [];
        const step = () => {
          if (this.#destroyed) {
            reject(new Error('The DAG view closed during the benchmark.'));
            return;
          }
          this.#prepare();
          times.push(this.#draw());
          if (times.length < frames) requestAnimationFrame(step);
          else resolve({ ...summarize(times), blocks: this.#layout.blocks.length, drawn: this.#lastStats.blocks });
        };
        requestAnimationFrame(step);
      });
    },
  };

  #invalidate(): void {
    this.#dirty = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame || this.#paused || this.#destroyed || !this.#dirty) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (this.#paused || this.#destroyed) return;
      this.#dirty = false;
      const moving = this.#prepare();
      this.#draw();
      // Gliding towards the tip keeps frames coming until it arrives; nothing else does.
      if (moving) this.#invalidate();
    });
  }

  /** Layout when the data changed, DPR and camera updates. True while the camera still glides. */
  #prepare(): boolean {
    if (window.devicePixelRatio !== this.#dpr) this.#measure();
    if (this.#layoutDirty) this.#relayout();
    if (!this.#follow || this.#layout.blocks.length === 0) return false;
    const target = this.#followTarget();
    const gap = target - this.#camera.centerX;
    if (!this.#placed || Math.abs(gap * this.#camera.zoom) < 0.5) {
      this.#camera.centerX = target;
      this.#placed = true;
      return false;
    }
    this.#camera.centerX += gap * 0.22;
    return true;
  }

  #relayout(): void {
    this.#layoutDirty = false;
    this.#layout = layoutDag(this.#source());
    this.#grid = new HitGrid(this.#layout);
    this.#canvas.dataset.blockCount = String(this.#layout.blocks.length);
    if (!this.#placed && this.#layout.blocks.length > 0) this.#camera.centerY = 0;
    const hovered = this.#hoveredHash === null ? -1 : (this.#layout.indexOf.get(this.#hoveredHash) ?? -1);
    if (hovered !== this.#hovered) this.#setHovered(hovered);
    else if (hovered >= 0) this.#events.onHover(this.#layout.blocks[hovered] ?? null);
  }

  #followTarget(): number {
    return followTipCenterX(this.#camera, this.#viewport, this.#layout.bounds.maxX);
  }

  /** Draws now; returns the time the drawing took, ms. */
  #draw(): number {
    const context = this.#context;
    const start = performance.now();
    context.setTransform(this.#dpr, 0, 0, this.#dpr, 0, 0);
    this.#lastStats = drawDag(context, this.#layout, this.#camera, this.#viewport, this.#palette, this.#hovered);
    const took = performance.now() - start;
    this.#frameTimes.push(took);
    if (this.#frameTimes.length > FRAME_TIMES_KEPT) this.#frameTimes.shift();
    this.#canvas.dataset.frameMs = summarize(this.#frameTimes).meanMs.toFixed(2);
    return took;
  }

  /** Sizes the backing store to the element's CSS size times the device pixel ratio. */
  #measure(): void {
    const rect = this.#canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(rect.width));
    const height = Math.max(1, Math.round(rect.height));
    if (width === this.#viewport.width && height === this.#viewport.height && dpr === this.#dpr) return;
    const wasEmpty = this.#viewport.width === 0;
    this.#viewport = { width, height };
    this.#dpr = dpr;
    this.#canvas.width = Math.round(width * dpr);
    this.#canvas.height = Math.round(height * dpr);
    if (this.#follow && !wasEmpty) this.#camera.centerX = this.#followTarget();
    this.#dirty = true;
  }

  #setHovered(index: number): void {
    this.#hovered = index;
    const block = index >= 0 ? (this.#layout.blocks[index] ?? null) : null;
    this.#hoveredHash = block?.hash ?? null;
    this.#canvas.style.cursor = block ? 'pointer' : this.#pointer?.dragging ? 'grabbing' : 'grab';
    this.#events.onHover(block);
    this.#invalidate();
  }

  #hitTest(screenX: number, screenY: number): number {
    const world = toWorld(this.#camera, this.#viewport, screenX, screenY);
    // Tiny blocks are drawn at least 2 px wide; the tolerance in world units keeps them hoverable.
    return this.#grid.hitTest(world.x, world.y, HIT_TOLERANCE_PX / this.#camera.zoom);
  }

  #placeTooltip(screenX: number, screenY: number): void {
    const tooltip = this.#tooltip;
    if (!tooltip) return;
    const width = tooltip.offsetWidth || 240;
    const height = tooltip.offsetHeight || 90;
    const x = screenX + 16 + width > this.#viewport.width ? screenX - 16 - width : screenX + 16;
    const y = screenY + 16 + height > this.#viewport.height ? screenY - 16 - height : screenY + 16;
    tooltip.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, y)}px)`;
  }

  #pan(dx: number, dy: number): void {
    this.#camera.centerX -= dx / this.#camera.zoom;
    this.#camera.centerY -= dy / this.#camera.zoom;
    this.setFollow(false);
    this.#invalidate();
  }

  #listen(): void {
    const canvas = this.#canvas;
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      handler: (event: HTMLElementEventMap[K]) => void,
      options?: AddEventListenerOptions,
    ) => {
      canvas.addEventListener(type, handler, options);
      this.#cleanups.push(() => canvas.removeEventListener(type, handler, options));
    };
    const local = (event: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };

    on('pointerdown', (event) => {
      if (event.button !== 0) return;
      const { x, y } = local(event);
      this.#pointer = { id: event.pointerId, startX: x, startY: y, lastX: x, lastY: y, dragging: false };
      canvas.setPointerCapture(event.pointerId);
    });
    on('pointermove', (event) => {
      const { x, y } = local(event);
      const pointer = this.#pointer;
      if (pointer && pointer.id === event.pointerId) {
        if (!pointer.dragging && Math.hypot(x - pointer.startX, y - pointer.startY) > CLICK_SLOP) {
          pointer.dragging = true;
          canvas.style.cursor = 'grabbing';
          if (this.#hovered >= 0) this.#setHovered(-1);
        }
        if (pointer.dragging) {
          this.#pan(x - pointer.lastX, y - pointer.lastY);
          pointer.lastX = x;
          pointer.lastY = y;
          return;
        }
      }
      const hit = this.#hitTest(x, y);
      if (hit !== this.#hovered) this.#setHovered(hit);
      if (hit >= 0) this.#placeTooltip(x, y);
    });
    const release = (event: PointerEvent, click: boolean) => {
      const pointer = this.#pointer;
      if (!pointer || pointer.id !== event.pointerId) return;
      this.#pointer = null;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      canvas.style.cursor = this.#hovered >= 0 ? 'pointer' : 'grab';
      if (!click || pointer.dragging) return;
      const { x, y } = local(event);
      const block = this.#layout.blocks[this.#hitTest(x, y)];
      if (block) this.#events.onOpen(block);
    };
    on('pointerup', (event) => release(event, true));
    on('pointercancel', (event) => release(event, false));
    on('pointerleave', () => {
      if (!this.#pointer && this.#hovered >= 0) this.#setHovered(-1);
    });
    on(
      'wheel',
      (event) => {
        event.preventDefault();
        const { x, y } = local(event);
        const pixels =
          event.deltaMode === 1 ? event.deltaY * 16 : event.deltaMode === 2 ? event.deltaY * 400 : event.deltaY;
        const factor = Math.exp(-Math.max(-300, Math.min(300, pixels)) * 0.0015);
        this.#camera = zoomAt(this.#camera, this.#viewport, factor, x, y);
        if (this.#follow) this.#camera.centerX = this.#followTarget();
        if (this.#hovered >= 0) this.#setHovered(-1);
        this.#invalidate();
      },
      { passive: false },
    );
    on('keydown', (event) => {
      const keys: Record<string, () => void> = {
        ArrowLeft: () => this.#pan(KEY_PAN_PX, 0),
        ArrowRight: () => this.#pan(-KEY_PAN_PX, 0),
        ArrowUp: () => this.#pan(0, KEY_PAN_PX),
        ArrowDown: () => this.#pan(0, -KEY_PAN_PX),
        '+': () => this.zoomBy(1.25),
        '=': () => this.zoomBy(1.25),
        '-': () => this.zoomBy(0.8),
        f: () => this.setFollow(!this.#follow),
        '0': () => this.fit(),
        Enter: () => {
          const block = this.#layout.blocks[this.#hovered];
          if (block) this.#events.onOpen(block);
        },
      };
      const action = keys[event.key];
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    });

    const resize = new ResizeObserver(() => {
      this.#measure();
      this.#invalidate();
    });
    resize.observe(canvas);
    this.#cleanups.push(() => resize.disconnect());

    // The theme switches by an attribute on <html>: read the colours again.
    const theme = new MutationObserver(() => {
      this.#palette = readPalette(canvas);
      this.#invalidate();
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.#cleanups.push(() => theme.disconnect());
  }
}

function readPalette(element: HTMLElement): DagPalette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--panel', '#ffffff'),
    blue: read('--blue-block', '#2f6fed'),
    red: read('--red-block', '#d0342c'),
    unmerged: read('--muted', '#5d6675'),
    chain: read('--chain', '#f2b01e'),
    edge: read('--muted', '#5d6675'),
    text: read('--text', '#1b1f27'),
    muted: read('--muted', '#5d6675'),
    grid: read('--panel-2', '#eef0f4'),
  };
}

export function summarize(times: readonly number[]): { meanMs: number; p95Ms: number } {
  if (times.length === 0) return { meanMs: 0, p95Ms: 0 };
  const sorted = [...times].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, each) => sum + each, 0) / sorted.length;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] as number;
  return { meanMs: round2(mean), p95Ms: round2(p95) };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
