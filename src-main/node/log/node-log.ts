import type { LogLevel, LogLineJson } from '../../../src-shared/api.ts';
import type { NodeEvents } from '../node-events.ts';

/** Lines kept: enough for a day of a quiet node's events, small enough to send whole to a UI. */
export const NODE_LOG_CAPACITY = 1_000;

/** Where a line comes from (LogLineJson.source). */
export type LogSource = 'node' | 'p2p' | 'sync' | 'mining' | 'wallet' | 'api';

export interface NodeLogOptions {
  /** Lines kept before the oldest is dropped (default NODE_LOG_CAPACITY). */
  capacity?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

/**
 * What the node did, in words, for people: a bounded ring of lines numbered by `seq` (increasing
 * per run, so a UI asks for the lines after the last it holds). Each line added is also emitted as
 * the node event `logAdded`. The terminal (`dagwallet node`) and the Logs screen both print from here.
 */
export class NodeLog {
  readonly #events: NodeEvents;
  readonly #capacity: number;
  readonly #now: () => number;
  /** A ring: `#lines[(#first + i) % capacity]` is the i-th oldest line kept. */
  readonly #lines: LogLineJson[] = [];
  #first = 0;
  #lastSeq = 0;
  /** Lines that repeat a process warning Node prints itself: the terminal need not print them twice. */
  readonly #processWarnings = new WeakSet<LogLineJson>();
  readonly #beforeLine = new Set<() => void>();
  #inBeforeLine = false;

  constructor(events: NodeEvents, options: NodeLogOptions = {}) {
    this.#events = events;
    this.#capacity = Math.max(1, options.capacity ?? NODE_LOG_CAPACITY);
    this.#now = options.now ?? Date.now;
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** The newest line's seq (0 before the first). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  get size(): number {
    return this.#lines.length;
  }

  add(level: LogLevel, source: LogSource, message: string): LogLineJson {
    return this.#append(level, source, message, false);
  }

  debug(source: LogSource, message: string): LogLineJson {
    return this.add('debug', source, message);
  }

  info(source: LogSource, message: string): LogLineJson {
    return this.add('info', source, message);
  }

  warn(source: LogSource, message: string): LogLineJson {
    return this.add('warn', source, message);
  }

  error(source: LogSource, message: string): LogLineJson {
    return this.add('error', source, message);
  }

  /**
   * Oldest first: the last `limit` lines, or, with `afterSeq`, the first `limit` lines after it
   * (so a reader that fell behind pages forward without gaps). `limit` defaults to everything kept.
   */
  lines(options: { limit?: number; afterSeq?: number } = {}): LogLineJson[] {
    const limit = Math.max(0, options.limit ?? this.#capacity);
    const all = this.#ordered();
    if (options.afterSeq === undefined) return limit === 0 ? [] : all.slice(-limit);
    const afterSeq = options.afterSeq;
    // Seqs kept are consecutive, so the first wanted line's position is arithmetic.
    const oldest = all[0]?.seq ?? this.#lastSeq + 1;
    const start = Math.max(0, afterSeq + 1 - oldest);
    return all.slice(start, start + limit);
  }

  /**
   * Runs `hook` before each line is added (lines the hook adds itself excepted): a writer that
   * holds lines back to sum them up writes its summary first, so the order stays true.
   */
  onBeforeLine(hook: () => void): () => void {
    this.#beforeLine.add(hook);
    return () => this.#beforeLine.delete(hook);
  }

  /** True for a line that only repeats a process warning (Node has printed it to stderr already). */
  isProcessWarning(line: LogLineJson): boolean {
    return this.#processWarnings.has(line);
  }

  /**
   * Logs every process warning (process.emitWarning) as a 'warn' line while the returned function
   * is not called. A listener does not silence Node's own printing of the warning: nothing is swallowed.
   */
  captureProcessWarnings(): () => void {
    const onWarning = (warning: Error): void => {
      // A failing logAdded listener warns; logging that warning would call the listener again, forever.
      if (warning.message.includes("'logAdded'")) return;
      const source: LogSource = warning.message.startsWith('API call failed') ? 'api' : 'node';
      const prefix = warning.name && warning.name !== 'Warning' ? `${warning.name}: ` : '';
      this.#append('warn', source, `${prefix}${warning.message}`, true);
    };
    process.on('warning', onWarning);
    return () => process.off('warning', onWarning);
  }

  #append(level: LogLevel, source: LogSource, message: string, processWarning: boolean): LogLineJson {
    // Held-back lines go first, numbered first.
    if (!this.#inBeforeLine && this.#beforeLine.size > 0) {
      this.#inBeforeLine = true;
      try {
        for (const hook of this.#beforeLine) hook();
      } finally {
        this.#inBeforeLine = false;
      }
    }
    const line: LogLineJson = { seq: ++this.#lastSeq, time: this.#now(), level, source, message };
    if (processWarning) this.#processWarnings.add(line);
    if (this.#lines.length < this.#capacity) this.#lines.push(line);
    else {
      this.#lines[this.#first] = line;
      this.#first = (this.#first + 1) % this.#capacity;
    }
    this.#events.emit('logAdded', line);
    return line;
  }

  #ordered(): LogLineJson[] {
    return [...this.#lines.slice(this.#first), ...this.#lines.slice(0, this.#first)];
  }
}

/** "14:03:07" in local time. */
function clock(time: number): string {
  const date = new Date(time);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One line for a terminal: "14:03:07 p2p    connected to …", the level shown when it is not info. */
export function formatLogLine(line: LogLineJson): string {
  const level = line.level === 'info' ? '' : `${line.level.toUpperCase()} `;
  return `${clock(line.time)} ${line.source.padEnd(6)} ${level}${line.message}`;
}
