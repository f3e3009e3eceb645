import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogLineJson } from '../../src-shared/api.ts';
import { LOG_LINES_KEPT } from './app-store.ts';
import { mergeLogs } from './live-updates.ts';

const line = (seq: number): LogLineJson => ({ seq, time: seq, level: 'info', source: 'node', message: `line ${seq}` });
const seqs = (lines: readonly LogLineJson[]) => lines.map((each) => each.seq);

describe('mergeLogs', () => {
  it('keeps each line once, in order, when a live line was also in the fetched answer', () => {
    assert.deepEqual(seqs(mergeLogs([line(1), line(2), line(5)], [line(3), line(4), line(5)])), [1, 2, 3, 4, 5]);
  });

  it('keeps the newest lines only', () => {
    const kept = Array.from({ length: LOG_LINES_KEPT }, (_, i) => line(i + 1));
    const merged = mergeLogs(kept, [line(LOG_LINES_KEPT + 1)]);
    assert.equal(merged.length, LOG_LINES_KEPT);
    assert.equal(merged[0]?.seq, 2);
    assert.equal(merged.at(-1)?.seq, LOG_LINES_KEPT + 1);
  });

  it('starts over when the node restarted (its numbers began again)', () => {
    assert.deepEqual(seqs(mergeLogs([line(40), line(41)], [line(1), line(2)])), [1, 2]);
  });
});
