import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { MAX_HEADERS_PER_MESSAGE } from '../p2p/wire/limits.ts';
import { blocksBetween } from './blocks-between.ts';
import { SyncError, type SyncErrorCode } from './sync-error.ts';
import { buildTestDag, pastAndSelf, parentsOf, selectedChainOf, type TestDag } from './test-dag.ts';

const UNKNOWN = 'cd'.repeat(32);

function throwsSync(run: () => unknown, code: SyncErrorCode): void {
  assert.throws(run, (error) => error instanceof SyncError && error.code === code);
}

describe('blocksBetween', () => {
  let dag: TestDag;
  before(() => {
    dag = buildTestDag();
  });
  after(() => dag.chain.close());

  /** Compares with past(high) ∪ {high} minus past(low) ∪ {low}, and checks every block follows its parents. */
  function checkBetween(low: BlockKey, high: BlockKey): BlockKey[] {
    const { consensus } = dag;
    const result = [...blocksBetween(consensus, low, high)];
    const known = pastAndSelf(consensus, low);
    const expected = [...pastAndSelf(consensus, high)].filter((block) => !known.has(block));
    assert.equal(new Set(result).size, result.length, 'no block twice');
    assert.deepEqual(new Set(result), new Set(expected));
    for (const block of result) {
      for (const parent of parentsOf(consensus, block)) {
        assert.ok(known.has(parent), `parent ${parent} of ${block} comes first`);
      }
      known.add(block);
    }
    return result;
  }

  it('merges red blocks and siblings in the test DAG', () => {
    const { consensus, mergedSiblings } = dag;
    const reds = selectedChainOf(consensus, consensus.sink()).flatMap(
      (block) => consensus.ghostdagData(block)!.mergesetReds,
    );
    assert.ok(reds.length >= 5, `${reds.length} reds`);
    assert.ok(mergedSiblings.length >= 30, `${mergedSiblings.length} merged siblings`);
  });

  it('yields every block but genesis from genesis, the sink last', () => {
    const { consensus, chain, stale } = dag;
    const result = checkBetween(consensus.genesis, consensus.sink());
    const everyBlock = [...chain.blocks.keys()].filter((block) => block !== stale);
    assert.equal(result.length, everyBlock.length);
    assert.deepEqual(new Set(result), new Set(everyBlock));
    assert.equal(result.at(-1), consensus.sink());
  });

  it('yields what a syncee holding low lacks, for chain, merged and red lows', () => {
    const { consensus, mergedSiblings, sideBranch, forkPoint } = dag;
    const sinkChain = selectedChainOf(consensus, consensus.sink());
    const pairs: [BlockKey, BlockKey][] = [
      [sinkChain[1]!, sinkChain[0]!],
      [sinkChain[60]!, sinkChain[0]!],
      [sinkChain[240]!, sinkChain[90]!],
      // Side (non-chain) lows in high's past: merged siblings and red branch blocks.
      [mergedSiblings[3]!, sinkChain[0]!],
      [mergedSiblings[20]!, sinkChain[5]!],
      [sideBranch[7]!, sinkChain[0]!],
      [sideBranch.at(-1)!, sinkChain[0]!],
      // A high off the sink's chain.
      [forkPoint, sideBranch.at(-1)!],
      [consensus.genesis, sideBranch[9]!],
    ];
    for (const [low, high] of pairs) {
      const result = checkBetween(low, high);
      assert.equal(result.at(-1), high);
    }
  });

  it('yields nothing when low is high', () => {
    const { consensus, sideBranch } = dag;
    assert.deepEqual([...blocksBetween(consensus, consensus.sink(), consensus.sink())], []);
    assert.deepEqual([...blocksBetween(consensus, sideBranch[4]!, sideBranch[4]!)], []);
    assert.deepEqual([...blocksBetween(consensus, consensus.genesis, consensus.genesis)], []);
  });

  it('streams: a caller may stop after one batch', () => {
    const { consensus } = dag;
    const batch: BlockKey[] = [];
    for (const block of blocksBetween(consensus, consensus.genesis, consensus.sink())) {
      batch.push(block);
      if (batch.length === MAX_HEADERS_PER_MESSAGE / 4) break;
    }
    const full = [...blocksBetween(consensus, consensus.genesis, consensus.sink())];
    assert.deepEqual(batch, full.slice(0, batch.length));
  });

  it('refuses, at the call, a low outside high’s past and unknown hashes', () => {
    const { consensus, stale, sideBranch, mergedSiblings } = dag;
    throwsSync(() => blocksBetween(consensus, stale, consensus.sink()), 'NOT_IN_PAST');
    throwsSync(() => blocksBetween(consensus, consensus.sink(), consensus.genesis), 'NOT_IN_PAST');
    throwsSync(() => blocksBetween(consensus, sideBranch[2]!, mergedSiblings[0]!), 'NOT_IN_PAST');
    throwsSync(() => blocksBetween(consensus, UNKNOWN, consensus.sink()), 'UNKNOWN_BLOCK');
    throwsSync(() => blocksBetween(consensus, consensus.genesis, UNKNOWN), 'UNKNOWN_BLOCK');
  });
});
