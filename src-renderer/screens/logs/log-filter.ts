import type { LogLevel, LogLineJson } from '../../../src-shared/api.ts';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export const LEVEL_CHOICES: { value: LogLevel; label: string }[] = [
  { value: 'debug', label: 'Everything' },
  { value: 'info', label: 'Info and above' },
  { value: 'warn', label: 'Warnings and errors' },
  { value: 'error', label: 'Errors only' },
];

/** Lines at `minimum` level or above whose source or message holds `text` (any case). */
export function filterLogs(lines: readonly LogLineJson[], minimum: LogLevel, text: string): LogLineJson[] {
  const wanted = text.trim().toLowerCase();
  const rank = LEVEL_RANK[minimum];
  return lines.filter(
    (line) =>
      (LEVEL_RANK[line.level] ?? LEVEL_RANK.info) >= rank &&
      (wanted === '' || line.message.toLowerCase().includes(wanted) || line.source.toLowerCase().includes(wanted)),
  );
}

/** `held` and `fetched` as one list by seq, oldest first, at most `keep` (the newest). */
export function mergeLogs(held: readonly LogLineJson[], fetched: readonly LogLineJson[], keep: number): LogLineJson[] {
  const bySeq = new Map<number, LogLineJson>();
  for (const line of fetched) bySeq.set(line.seq, line);
  for (const line of held) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-keep);
}

/** The rows of a list of fixed-height rows that show through a viewport, with some to spare each side. */
export function visibleRange(
  rowCount: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
