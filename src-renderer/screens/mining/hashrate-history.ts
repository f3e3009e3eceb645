import { create } from 'zustand';
import { useNodeStore } from '../../store/app-store.ts';

export interface HashrateSample {
  /** Unix ms. */
  time: number;
  hashesPerSecond: number;
}

/** The sparkline's span and how often it samples the miner's reported rate. */
export const HASHRATE_WINDOW_MS = 5 * 60_000;
export const HASHRATE_SAMPLE_MS = 2_000;

/** The samples with `sample` added and those older than the window dropped. */
export function appendSample(
  samples: readonly HashrateSample[],
  sample: HashrateSample,
  windowMs = HASHRATE_WINDOW_MS,
): HashrateSample[] {
  const oldest = sample.time - windowMs;
  return [...samples.filter((each) => each.time >= oldest && each.time <= sample.time), sample];
}

export interface SparklineGeometry {
  /** SVG path of the line ("" with fewer than two samples). */
  line: string;
  /** The same line closed along the bottom, for the fill. */
  area: string;
  /** The value the top edge stands for. */
  max: number;
}

/**
 * Samples as a line across `width` × `height`: time runs over the window ending at `now`, the
 * height scales to the largest sample (a flat zero line sits on the bottom).
 */
export function sparklineGeometry(
  samples: readonly HashrateSample[],
  width: number,
  height: number,
  now: number,
  windowMs = HASHRATE_WINDOW_MS,
): SparklineGeometry {
  const max = samples.reduce((largest, each) => Math.max(largest, each.hashesPerSecond), 0);
  if (samples.length < 2) return { line: '', area: '', max };
  const start = now - windowMs;
  // A little headroom so the peak does not touch the edge; 1 px inset keeps the stroke visible.
  const scale = max > 0 ? (height - 2) / (max * 1.1) : 0;
  const points = samples.map((each) => {
    const x = Math.min(width, Math.max(0, ((each.time - start) / windowMs) * width));
    const y = height - 1 - each.hashesPerSecond * scale;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = `M${points.join('L')}`;
  const first = points[0]?.split(',')[0] ?? '0';
  const last = points.at(-1)?.split(',')[0] ?? '0';
  return { line, area: `${line}L${last},${height}L${first},${height}Z`, max };
}

interface HashrateHistoryState {
  samples: HashrateSample[];
}

/** The samples, kept for the app's life so leaving the Mining screen does not lose them. */
export const useHashrateHistory = create<HashrateHistoryState>(() => ({ samples: [] }));

let sampling: ReturnType<typeof setInterval> | undefined;

/** Starts sampling the miner's rate (once; it keeps going in the background, a number every 2 s). */
export function startHashrateSampling(): void {
  if (sampling !== undefined) return;
  const sample = () => {
    const mining = useNodeStore.getState().mining;
    if (!mining) return;
    const hashesPerSecond = mining.running ? mining.hashesPerSecond : 0;
    useHashrateHistory.setState((state) => ({
      samples: appendSample(state.samples, { time: Date.now(), hashesPerSecond }),
    }));
  };
  sample();
  sampling = setInterval(sample, HASHRATE_SAMPLE_MS);
}
