import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonDagStream } from '../../node/replay/json-dag-stream.ts';
import { replayStream } from '../../node/replay/replay.ts';
import { ConsensusStore } from '../../node/store/consensus-store.ts';
import { ERA1_STREAMS, vectorPath } from '../../node/test-support/vectors.ts';
import type { BenchFigure } from './figure.ts';

/**
 * `replay --headers-only` of Kaspa's goref-notx-5000-blocks stream (4,628 blocks after genesis)
 * into a fresh SQLite store: every header validated, one transaction per block. Decoding the
 * stream is not timed.
 */
export function run(): BenchFigure[] {
  const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[1] as string));
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-bench-replay-'));
  try {
    let best = 0;
    for (let round = 0; round < 2; round++) {
      const store = ConsensusStore.open(join(dir, `round-${round}.sqlite`));
      const report = replayStream(stream, store, { headersOnly: true });
      store.close();
      if (report.rejected.length > 0) throw new Error(`replay rejected ${report.rejected.length} blocks`);
      best = Math.max(best, report.blocksPerSecond);
    }
    return [{ name: 'header_replay_goref_notx_5000_blocks_per_s', value: best, unit: 'blocks/s' }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
