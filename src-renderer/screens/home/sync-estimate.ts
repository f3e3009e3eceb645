import type { SyncStatus } from '../../../src-shared/api.ts';

/** How long the download rate must hold steady before a time left is shown. */
export const STABLE_WINDOW_MS = 10_000;
/** Samples older than this are dropped (the window's start must still have one before it). */
const KEPT_MS = 60_000;
/** The last half-window's rate may differ from the whole window's by this factor and still count as steady. */
const STEADY_FACTOR = 1.5;

interface Sample {
  at: number;
  done: number;
}

/** The samples of one stage of one sync (a new stage or peer starts over). */
export interface SyncTrack {
  key: string;
  samples: Sample[];
}

export function emptyTrack(): SyncTrack {
  return { key: '', samples: [] };
}

/** Adds what a progress notification says at `now`; returns the track to keep (a new one on a new stage). */
export function trackSync(track: SyncTrack, sync: SyncStatus | null, now: number): SyncTrack {
  if (!sync || (sync.stage !== 'headers' && sync.stage !== 'blocks')) return emptyTrack();
  const key = `${sync.peer}/${sync.stage}`;
  const last = track.samples.at(-1);
  if (key !== track.key || (last && sync.done < last.done)) return { key, samples: [{ at: now, done: sync.done }] };
  if (last && last.done === sync.done) return track;
  const samples = [...track.samples.filter((sample) => sample.at >= now - KEPT_MS), { at: now, done: sync.done }];
  return { key, samples };
}

/** Items done by `at`: the last sample at or before it. */
function doneAt(samples: Sample[], at: number): number | undefined {
  let done: number | undefined;
  for (const sample of samples) {
    if (sample.at > at) break;
    done = sample.done;
  }
  return done;
}

/**
 * The rate of the last STABLE_WINDOW_MS and the seconds left at it, or null while that rate is not known
 * steadily yet: the stage is younger than the window, nothing moved, or the last half of the
 * window ran much faster or slower than the whole (a stall shows as a falling rate at once,
 * because the window ends now, not at the last notification).
 */
export function syncEstimate(
  track: SyncTrack,
  total: number,
  now: number,
): { ratePerSecond: number; secondsLeft: number } | null {
  const { samples } = track;
  const latest = samples.at(-1);
  const first = samples[0];
  if (!latest || !first || now - first.at < STABLE_WINDOW_MS) return null;
  const windowStart = doneAt(samples, now - STABLE_WINDOW_MS);
  const halfStart = doneAt(samples, now - STABLE_WINDOW_MS / 2);
  if (windowStart === undefined || halfStart === undefined) return null;
  const rate = (latest.done - windowStart) / (STABLE_WINDOW_MS / 1000);
  const halfRate = (latest.done - halfStart) / (STABLE_WINDOW_MS / 2000);
  if (rate <= 0 || halfRate <= 0) return null;
  if (halfRate > rate * STEADY_FACTOR || halfRate < rate / STEADY_FACTOR) return null;
  return { ratePerSecond: rate, secondsLeft: Math.max(0, total - latest.done) / rate };
}

/** "about 3 min left", "about 1 h 20 min left", "less than a minute left". */
export function timeLeftText(seconds: number): string {
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return `about ${hours} h${rest > 0 ? ` ${rest} min` : ''} left`;
  return `about ${Math.round(hours / 24)} days left`;
}
