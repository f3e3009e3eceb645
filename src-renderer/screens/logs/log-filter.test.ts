import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogLevel, LogLineJson } from '../../../src-shared/api.ts';
import { filterLogs, mergeLogs, visibleRange } from './log-filter.ts';

const line = (seq: number, level: LogLevel, source: string, message: string): LogLineJson => ({
  seq,
  time: seq * 1000,
  level,
  source,
  message,
});

const lines = [
  line(1, 'debug', 'sync', 'finding where our chain meets A'),
  line(2, 'info', 'p2p', 'connected to Peer-X'),
  line(3, 'warn', 'p2p', 'peer Y sent junk'),
  line(4, 'error', 'mining', 'template failed'),
];

describe('the Logs screen’s filters', () => {
  it('keeps lines at the chosen level or above', () => {
    assert.deepEqual(
      filterLogs(lines, 'debug', '').map((l) => l.seq),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      filterLogs(lines, 'info', '').map((l) => l.seq),
      [2, 3, 4],
    );
    assert.deepEqual(
      filterLogs(lines, 'warn', '').map((l) => l.seq),
      [3, 4],
    );
    assert.deepEqual(
      filterLogs(lines, 'error', '').map((l) => l.seq),
      [4],
    );
  });

  it('matches text in the message or the source, in any case', () => {
    assert.deepEqual(
      filterLogs(lines, 'debug', 'peer-x').map((l) => l.seq),
      [2],
    );
    assert.deepEqual(
      filterLogs(lines, 'debug', ' P2P ').map((l) => l.seq),
      [2, 3],
    );
    assert.deepEqual(
      filterLogs(lines, 'warn', 'p2p').map((l) => l.seq),
      [3],
    );
    assert.deepEqual(filterLogs(lines, 'debug', 'nothing like it'), []);
  });

  it('merges fetched lines with those already held, once each, the newest kept', () => {
    const merged = mergeLogs([lines[2], lines[3]] as LogLineJson[], [lines[0], lines[1], lines[2]] as LogLineJson[], 3);
    assert.deepEqual(
      merged.map((l) => l.seq),
      [2, 3, 4],
    );
  });

  it('renders only the rows in view, with some to spare', () => {
    assert.deepEqual(visibleRange(1000, 20, 0, 400, 10), { start: 0, end: 30 });
    assert.deepEqual(visibleRange(1000, 20, 10_000, 400, 10), { start: 490, end: 530 });
    assert.deepEqual(visibleRange(1000, 20, 19_800, 400, 10), { start: 980, end: 1000 });
    assert.deepEqual(visibleRange(0, 20, 0, 400, 10), { start: 0, end: 0 });
  });
});
