import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { LogLineJson } from '../../../src-shared/api.ts';
import { NodeEvents } from '../node-events.ts';
import { formatLogLine, NODE_LOG_CAPACITY, NodeLog } from './node-log.ts';

describe('NodeLog: a bounded ring of numbered lines', () => {
  it('numbers lines from 1, keeps the newest `capacity` and emits each as logAdded', () => {
    const events = new NodeEvents();
    const emitted: LogLineJson[] = [];
    events.on('logAdded', (line) => emitted.push(line));
    const log = new NodeLog(events, { capacity: 5, now: () => 1_000 });
    for (let i = 1; i <= 12; i++) log.info('node', `line ${i}`);
    assert.equal(log.lastSeq, 12);
    assert.equal(log.size, 5);
    assert.deepEqual(
      log.lines().map((line) => line.seq),
      [8, 9, 10, 11, 12],
    );
    assert.deepEqual(log.lines()[0], { seq: 8, time: 1_000, level: 'info', source: 'node', message: 'line 8' });
    assert.equal(emitted.length, 12);
    assert.deepEqual(
      emitted.map((line) => line.seq),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('answers the last `limit` lines, or pages forward after a seq without gaps', () => {
    const log = new NodeLog(new NodeEvents(), { capacity: 10 });
    for (let i = 1; i <= 25; i++) log.add(i % 2 ? 'info' : 'warn', 'p2p', `line ${i}`);
    const seqs = (lines: LogLineJson[]) => lines.map((line) => line.seq);
    assert.deepEqual(seqs(log.lines({ limit: 3 })), [23, 24, 25]);
    assert.deepEqual(seqs(log.lines({ limit: 0 })), []);
    assert.deepEqual(seqs(log.lines({ afterSeq: 20 })), [21, 22, 23, 24, 25]);
    assert.deepEqual(seqs(log.lines({ afterSeq: 20, limit: 2 })), [21, 22]);
    assert.deepEqual(seqs(log.lines({ afterSeq: 25 })), []);
    assert.deepEqual(seqs(log.lines({ afterSeq: 99 })), []);
    // Fell behind further than the ring holds: from the oldest kept.
    assert.deepEqual(seqs(log.lines({ afterSeq: 3, limit: 4 })), [16, 17, 18, 19]);
    assert.deepEqual(seqs(new NodeLog(new NodeEvents()).lines({ afterSeq: 0 })), []);
  });

  it('holds a thousand lines by default', () => {
    const log = new NodeLog(new NodeEvents());
    for (let i = 0; i < NODE_LOG_CAPACITY + 10; i++) log.debug('sync', String(i));
    assert.equal(NODE_LOG_CAPACITY, 1_000);
    assert.equal(log.lines().length, 1_000);
    assert.equal(log.lines()[0]?.message, '10');
  });

  it('lets a writer that holds lines back write them before the next line, numbered in order', () => {
    const log = new NodeLog(new NodeEvents());
    let held: string | undefined;
    const off = log.onBeforeLine(() => {
      if (held === undefined) return;
      const message = held;
      held = undefined;
      log.info('mining', message);
    });
    log.info('node', 'first');
    held = 'found 3 blocks';
    log.warn('p2p', 'next');
    off();
    held = 'not written';
    log.info('node', 'last');
    assert.deepEqual(
      log.lines().map((line) => `${line.seq} ${line.message}`),
      ['1 first', '2 found 3 blocks', '3 next', '4 last'],
    );
  });

  it('formats a line for a terminal, naming the level unless it is info', () => {
    const time = new Date(2024, 0, 2, 3, 4, 5).getTime();
    assert.equal(
      formatLogLine({ seq: 1, time, level: 'info', source: 'p2p', message: 'connected' }),
      '03:04:05 p2p    connected',
    );
    assert.equal(
      formatLogLine({ seq: 2, time, level: 'warn', source: 'mining', message: 'slow' }),
      '03:04:05 mining WARN slow',
    );
  });

  it('logs process warnings while capturing, and marks them as repeats of what Node prints', async () => {
    const log = new NodeLog(new NodeEvents());
    const stop = log.captureProcessWarnings();
    const seen = new Promise((resolve) => process.once('warning', resolve));
    process.emitWarning('the disk is slow');
    await seen;
    stop();
    const line = log.lines().at(-1);
    assert.equal(line?.level, 'warn');
    assert.equal(line?.source, 'node');
    assert.equal(line?.message, 'the disk is slow');
    assert.ok(line && log.isProcessWarning(line));
    assert.equal(log.isProcessWarning(log.info('node', 'not a warning')), false);
    const after = new Promise((resolve) => process.once('warning', resolve));
    process.emitWarning('after stopping');
    await after;
    assert.equal(log.lines().at(-1)?.message, 'not a warning', 'no capture once stopped');
  });

  it('does not log the warning a failing logAdded listener raises (that would loop forever)', async () => {
    const events = new NodeEvents();
    const log = new NodeLog(events);
    const stop = log.captureProcessWarnings();
    events.on('logAdded', () => {
      throw new Error('listener broke');
    });
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    log.info('node', 'one line');
    assert.match((await warned).message, /'logAdded' listener failed/);
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    assert.equal(log.size, 1);
  });

  it('leaves Node printing the warning to stderr itself (capturing swallows nothing)', () => {
    const script = `
      import { NodeEvents } from ${JSON.stringify(new URL('../node-events.ts', import.meta.url).href)};
      import { NodeLog } from ${JSON.stringify(new URL('./node-log.ts', import.meta.url).href)};
      const log = new NodeLog(new NodeEvents());
      log.captureProcessWarnings();
      process.emitWarning('disk nearly full');
      setImmediate(() => console.log(JSON.stringify(log.lines().map((line) => line.message))));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stderr, /Warning: disk nearly full/);
    assert.deepEqual(JSON.parse(child.stdout), ['disk nearly full']);
  });
});
