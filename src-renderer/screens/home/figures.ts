import type { LogLineJson } from '../../../src-shared/api.ts';

/** 1234567 → "1,234,567". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A whole percentage, floored (99.6% is not done yet). */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
}

/** 1536 → "1.5 KiB", in binary units as file managers show disk sizes. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let scaled = n;
  let i = 0;
  while (scaled >= 1024 && i < units.length - 1) {
    scaled /= 1024;
    i++;
  }
  return `${i === 0 ? scaled : scaled.toFixed(scaled < 10 ? 2 : 1)} ${units[i]}`;
}

/** A span of time in words: "45 s", "12 min", "3 h 5 min", "2 days". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} days`;
}

/** "14:03:07" in local time. */
export function clock(time: number): string {
  const date = new Date(time);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One log line as plain text (what "Copy" puts on the clipboard). */
export function logLineText(line: LogLineJson): string {
  return `${new Date(line.time).toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.source.padEnd(6)} ${line.message}`;
}
