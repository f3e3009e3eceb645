import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explorerApiHandlers } from '../../node/api/explorer-api-handlers.ts';
import { AddressIndex } from '../../node/index/address-index.ts';
import { TransactionIndex } from '../../node/index/transaction-index.ts';
import { Mempool } from '../../node/mempool/mempool.ts';
import { buildBranchingDag } from '../../node/test-support/dag-builder.ts';
import type { BenchFigure } from './figure.ts';

const BLOCKS = 5_000;
const DAG_VIEW_BLOCKS = 1_000;
const ROUNDS = 20;

/** The best and the median of `rounds` timed runs, in milliseconds. */
async function time(rounds: number, body: () => Promise<unknown>): Promise<{ best: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return { best: times[0] as number, median: times[Math.floor(times.length / 2)] as number };
}

/**
 * The explorer's reads on a 5,000-block simnet store (every 7th step two siblings, so mergesets
 * and colors are real): the DAG view's 1,000 most recent blocks, the recent-blocks list, a block
 * page, and the transaction index's catch-up over the whole chain on first attach.
 */
export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-bench-explorer-'));
  const chain = buildBranchingDag(join(dir, 'consensus.sqlite'), BLOCKS);
  try {
    const { consensus } = chain;
    // The store was filled with no index attached: the first attach indexes the whole chain.
    consensus.store.db.exec(
      'DELETE FROM selected_chain; DELETE FROM chain_mergesets; DELETE FROM transaction_acceptance',
    );
    consensus.store.db.exec('DELETE FROM transaction_index_tip');
    const attachStart = performance.now();
    const transactionIndex = TransactionIndex.attach(consensus);
    const attachMs = performance.now() - attachStart;
    const index = AddressIndex.attach(consensus);
    const mempool = new Mempool(consensus);
    const api = explorerApiHandlers({ params: chain.params, consensus, mempool, index, transactionIndex });

    const first = await time(1, () => api.getDagBlocks({ limit: DAG_VIEW_BLOCKS }));
    const dagView = await time(ROUNDS, () => api.getDagBlocks({ limit: DAG_VIEW_BLOCKS }));
    const { blocks } = await api.getDagBlocks({ limit: DAG_VIEW_BLOCKS });
    if (blocks.length !== DAG_VIEW_BLOCKS) throw new Error(`the DAG view held ${blocks.length} blocks`);
    const recent = await time(ROUNDS, () => api.getRecentBlocks({ limit: 200 }));
    const sink = consensus.sink();
    const block = await time(ROUNDS, () => api.getBlock({ hash: sink }));
    transactionIndex.close();
    index.close();
    return [
      { name: 'explorer_dag_blocks_1000_of_5000_ms', value: dagView.median, unit: 'ms' },
      { name: 'explorer_dag_blocks_1000_of_5000_first_ms', value: first.best, unit: 'ms' },
      { name: 'explorer_recent_blocks_200_ms', value: recent.median, unit: 'ms' },
      { name: 'explorer_get_block_ms', value: block.median, unit: 'ms' },
      { name: 'transaction_index_catch_up_5000_blocks_ms', value: attachMs, unit: 'ms' },
    ];
  } finally {
    chain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
