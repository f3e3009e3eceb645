import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_ZOOM,
  MIN_ZOOM,
  TIP_MARGIN,
  fitBounds,
  followTipCenterX,
  toScreenX,
  toScreenY,
  toWorld,
  visibleBounds,
  zoomAt,
} from './dag-camera.ts';

const viewport = { width: 800, height: 400 };

describe('DAG camera', () => {
  it('maps world to screen and back, exactly at DAA scores in the millions', () => {
    const camera = { centerX: 36 * 12_345_678, centerY: 0, zoom: 1.5 };
    const worldX = camera.centerX + 100;
    const screenX = toScreenX(camera, viewport, worldX);
    assert.equal(screenX, 550);
    assert.equal(toScreenY(camera, viewport, 10), 215);
    const back = toWorld(camera, viewport, screenX, 215);
    assert.equal(back.x, worldX);
    assert.equal(back.y, 10);
  });

  it('zooms about the pointer: the world point under it stays put', () => {
    const camera = { centerX: 1000, centerY: 20, zoom: 1 };
    const before = toWorld(camera, viewport, 650, 100);
    const zoomed = zoomAt(camera, viewport, 2, 650, 100);
    assert.equal(zoomed.zoom, 2);
    const after = toWorld(zoomed, viewport, 650, 100);
    assert.ok(Math.abs(after.x - before.x) < 1e-9 && Math.abs(after.y - before.y) < 1e-9);
    assert.equal(zoomAt(camera, viewport, 1e9, 0, 0).zoom, MAX_ZOOM);
    assert.equal(zoomAt(camera, viewport, 1e-9, 0, 0).zoom, MIN_ZOOM);
  });

  it('follows the tip: the newest block sits TIP_MARGIN pixels from the right edge', () => {
    const camera = { centerX: 0, centerY: 0, zoom: 0.5 };
    camera.centerX = followTipCenterX(camera, viewport, 50_000);
    assert.equal(toScreenX(camera, viewport, 50_000), viewport.width - TIP_MARGIN);
  });

  it('fits bounds inside the viewport', () => {
    const bounds = { minX: 1000, maxX: 37_000, minY: -100, maxY: 60 };
    const camera = fitBounds(bounds, viewport);
    const visible = visibleBounds(camera, viewport);
    assert.ok(visible.minX <= bounds.minX && visible.maxX >= bounds.maxX);
    assert.ok(visible.minY <= bounds.minY && visible.maxY >= bounds.maxY);
  });
});
