import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { launchChromium } from '../../../e2e/support/browser.ts';
import { resolveConfig } from '../../node/config/config.ts';
import { DagwalletNode } from '../../node/node.ts';
import { buildBranchingDag } from '../../node/test-support/dag-builder.ts';
import { packageRoot } from '../version.ts';
import type { BenchFigure } from './figure.ts';

/** Blocks in the store, so the DAG view has its full 1,000 on screen. */
const DAG_BLOCKS = 1200;
const PAGE_LOADS = 7;
const REDRAW_FRAMES = 120;

/**
 * The served UI in Debian's Chromium, against a simnet node in this process holding a
 * 1,200-block branching DAG:
 * 1. Time to interactive: from navigation start until the home screen shows the node's figures
 *    (first getInfo answered and rendered, the WebSocket open), on a fresh browser context each
 *    time (no cache); the median of several loads.
 * 2. DAG view frame time: the mean and 95th percentile time to draw a frame with 1,000 blocks laid
 *    out, over forced full redraws.
 */
export async function run(): Promise<BenchFigure[]> {
  const uiDir = join(packageRoot(), 'dist', 'ui');
  if (!existsSync(join(uiDir, 'index.html'))) throw new Error(`the UI is not built (${uiDir}): run npm run build:ui`);
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-bench-ui-'));
  const networkDir = join(root, 'simnet');
  mkdirSync(networkDir, { recursive: true });
  buildBranchingDag(join(networkDir, 'consensus.sqlite'), DAG_BLOCKS).close();
  const config = resolveConfig({
    network: 'simnet',
    dataDir: root,
    rpcPort: 0,
    listen: [],
    mdns: false,
    mining: { threads: 1 },
  });
  const node = await DagwalletNode.start(config, { version: 'bench', p2p: false, uiDir });
  const browser = await launchChromium();
  try {
    const url = node.uiUrl as string;
    const loads: number[] = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      // Straight to Home (a node without a wallet would otherwise open the first-run screens).
      await page.goto(url.replace('/#token=', '/#/home&token='));
      loads.push(await interactiveAt(page));
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(url.replace('/#token=', '/#/dag&token='));
    const frames = await dagFrameTimes(page);
    await context.close();
    return [
      {
        name: 'ui_time_to_interactive_p50_ms',
        value: median(loads),
        unit: `ms (served build, Chromium, ${PAGE_LOADS} cold loads)`,
      },
      { name: 'ui_dag_view_frame_mean_ms', value: frames.meanMs, unit: `ms (${frames.blocks} blocks on screen)` },
      { name: 'ui_dag_view_frame_p95_ms', value: frames.p95Ms, unit: `ms (${REDRAW_FRAMES} full redraws)` },
    ];
  } finally {
    await browser.close();
    await node.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Milliseconds from navigation start until the home screen shows the node's DAA score. */
async function interactiveAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const daa = document.querySelector('[data-testid="home-daa"]');
      return daa && /\d/.test(daa.textContent ?? '') ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function dagFrameTimes(page: Page): Promise<{ meanMs: number; p95Ms: number; blocks: number }> {
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="dag-canvas"]')?.getAttribute('data-block-count')) >= 1000,
    undefined,
    { timeout: 30_000 },
  );
  // "Fit" puts every block of the view on screen (following the tip shows only the newest few).
  await page.getByTestId('dag-fit').click();
  return page.evaluate(
    (frames) =>
      (
        window as unknown as {
          dagwalletDagBench: { redrawFrames(n: number): Promise<{ meanMs: number; p95Ms: number; blocks: number }> };
        }
      ).dagwalletDagBench.redrawFrames(frames),
    REDRAW_FRAMES,
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
