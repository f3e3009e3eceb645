import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonDagStream } from '../../node/replay/json-dag-stream.ts';
import { replayStream } from '../../node/replay/replay.ts';
import { ConsensusStore } from '../../node/store/consensus-store.ts';
import { ERA1_STREAMS, vectorPath } from '../../node/test-support/vectors.ts';
import type { BenchFigure } from './figure.ts';

/**
 * Full validation (headers, bodies, scripts, UTXO set, commitments) of both era-1 streams into a
 * fresh SQLite store, one transaction per block. Transactions per second count every transaction,
 * coinbases included; signatures are checked on this thread.
 */
export function run(): BenchFigure[] {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-bench-full-'));
  try {
    return ERA1_STREAMS.flatMap((path, i) => {
      const stream = readJsonDagStream(vectorPath(path));
      const name = (path.split('/').at(-2) as string).replaceAll('-', '_');
      const store = ConsensusStore.open(join(dir, `stream-${i}.sqlite`));
      const report = replayStream(stream, store);
      store.close();
      if (report.rejected.length + report.disqualified.length > 0)
        throw new Error(`${name}: not every block validated`);
      return [
        { name: `full_replay_${name}_blocks_per_s`, value: report.blocksPerSecond, unit: 'blocks/s' },
        { name: `full_replay_${name}_tx_per_s`, value: report.transactions / report.seconds, unit: 'tx/s' },
      ];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
