/**
 * The DAG view's camera: which world point sits at the canvas centre and how many CSS pixels a
 * world unit takes. Screen coordinates are computed here in double precision (never through a
 * canvas transform, whose float32 maths would blur at DAA scores in the millions).
 */
import type { Bounds } from './dag-layout.ts';

export interface Camera {
  centerX: number;
  centerY: number;
  /** CSS pixels per world unit. */
  zoom: number;
}

export interface Viewport {
  /** CSS pixels. */
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 4;
/** CSS pixels kept free right of the newest block when following the tip. */
export const TIP_MARGIN = 80;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

export function toScreenX(camera: Camera, viewport: Viewport, worldX: number): number {
  return (worldX - camera.centerX) * camera.zoom + viewport.width / 2;
}

export function toScreenY(camera: Camera, viewport: Viewport, worldY: number): number {
  return (worldY - camera.centerY) * camera.zoom + viewport.height / 2;
}

export function toWorld(
  camera: Camera,
  viewport: Viewport,
  screenX: number,
  screenY: number,
): { x: number; y: number } {
  return {
    x: (screenX - viewport.width / 2) / camera.zoom + camera.centerX,
    y: (screenY - viewport.height / 2) / camera.zoom + camera.centerY,
  };
}

/** The visible world rectangle. */
export function visibleBounds(camera: Camera, viewport: Viewport): Bounds {
  const halfWidth = viewport.width / 2 / camera.zoom;
  const halfHeight = viewport.height / 2 / camera.zoom;
  return {
    minX: camera.centerX - halfWidth,
    maxX: camera.centerX + halfWidth,
    minY: camera.centerY - halfHeight,
    maxY: camera.centerY + halfHeight,
  };
}

/** Zooms by `factor` keeping the world point under (screenX, screenY) where it is. */
export function zoomAt(camera: Camera, viewport: Viewport, factor: number, screenX: number, screenY: number): Camera {
  const zoom = clampZoom(camera.zoom * factor);
  const anchor = toWorld(camera, viewport, screenX, screenY);
  return {
    zoom,
    centerX: anchor.x - (screenX - viewport.width / 2) / zoom,
    centerY: anchor.y - (screenY - viewport.height / 2) / zoom,
  };
}

/** The camera's centre x that puts world x `tipX` TIP_MARGIN pixels from the right edge. */
export function followTipCenterX(camera: Camera, viewport: Viewport, tipX: number): number {
  return tipX - (viewport.width / 2 - TIP_MARGIN) / camera.zoom;
}

/** A camera showing the whole of `bounds` with a margin. */
export function fitBounds(bounds: Bounds, viewport: Viewport, margin = 24): Camera {
  const width = Math.max(1, bounds.maxX - bounds.minX);
  const height = Math.max(1, bounds.maxY - bounds.minY);
  const zoom = clampZoom(
    Math.min((viewport.width - 2 * margin) / width, (viewport.height - 2 * margin) / height, MAX_ZOOM / 2),
  );
  return { zoom, centerX: (bounds.minX + bounds.maxX) / 2, centerY: (bounds.minY + bounds.maxY) / 2 };
}
