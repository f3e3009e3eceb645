import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { chainBlockLocator } from './chain-locator.ts';
import { SyncError, type SyncErrorCode } from './sync-error.ts';
import { blueScoreOf, buildTestDag, selectedChainOf, type TestDag } from './test-dag.ts';

const UNKNOWN = 'ab'.repeat(32);

function throwsSync(run: () => unknown, code: SyncErrorCode): void {
  assert.throws(run, (error) => error instanceof SyncError && error.code === code);
}

describe('chainBlockLocator', () => {
  let dag: TestDag;
  before(() => {
    dag = buildTestDag();
  });
  after(() => dag.chain.close());

  /**
   * Checks a full (uncut) locator against high's selected chain: the ends, chain membership,
   * and that entry i+1 is the highest chain block at least 2^i blue score below entry i.
   */
  function checkLocator(locator: BlockKey[], low: BlockKey, high: BlockKey): void {
    const { consensus } = dag;
    const chain = selectedChainOf(consensus, high);
    const position = new Map(chain.map((block, i) => [block, i]));
    assert.equal(locator[0], high);
    assert.equal(locator.at(-1), low);
    assert.equal(new Set(locator).size, locator.length);
    for (const block of locator) assert.ok(position.has(block), `${block} is on high's chain`);
    const scores = locator.map((block) => blueScoreOf(consensus, block));
    for (let i = 0; i + 1 < locator.length; i++) {
      assert.ok(scores[i]! > scores[i + 1]!, 'blue scores strictly fall');
      if (i + 2 === locator.length) break; // the last gap is whatever is left down to low
      const gap = 2 ** i;
      assert.ok(scores[i]! - scores[i + 1]! >= gap, `gap ${i} is at least ${gap}`);
      const above = chain[position.get(locator[i + 1]!)! - 1]!;
      assert.ok(blueScoreOf(consensus, above) > scores[i]! - gap, `entry ${i + 1} is the highest such chain block`);
    }
  }

  it('spans the sink down to genesis by default, in logarithmically many entries', () => {
    const { consensus } = dag;
    const locator = chainBlockLocator(consensus, null, null);
    checkLocator(locator, consensus.genesis, consensus.sink());
    const span = blueScoreOf(consensus, consensus.sink());
    assert.ok(span > 300, `a DAG of a few hundred blue blocks (${span})`);
    assert.ok(locator.length <= Math.ceil(Math.log2(span)) + 2, `${locator.length} entries`);
    assert.ok(locator.length >= 8);
  });

  it('covers any chain segment, including a side branch seen from its own tip', () => {
    const { consensus, sideBranch, forkPoint } = dag;
    const sinkChain = selectedChainOf(consensus, consensus.sink());
    const pairs: [BlockKey, BlockKey][] = [
      [sinkChain[150]!, sinkChain[0]!],
      [consensus.genesis, sinkChain[40]!],
      [sinkChain[240]!, sinkChain[3]!],
      [sinkChain[11]!, sinkChain[10]!],
      [forkPoint, sideBranch.at(-1)!],
      [consensus.genesis, sideBranch[12]!],
    ];
    for (const [low, high] of pairs) checkLocator(chainBlockLocator(consensus, low, high), low, high);
  });

  it('is just the block when low is high', () => {
    const { consensus } = dag;
    assert.deepEqual(chainBlockLocator(consensus, consensus.sink(), null), [consensus.sink()]);
    assert.deepEqual(chainBlockLocator(consensus, consensus.genesis, consensus.genesis), [consensus.genesis]);
  });

  it('keeps the high-first prefix and still ends with low when cut to the limit', () => {
    const { consensus } = dag;
    const full = chainBlockLocator(consensus, null, null);
    for (const limit of [2, 3, 5]) {
      const cut = chainBlockLocator(consensus, null, null, limit);
      assert.equal(cut.length, limit);
      assert.deepEqual(cut, [...full.slice(0, limit - 1), consensus.genesis]);
    }
    assert.deepEqual(chainBlockLocator(consensus, null, null, full.length), full);
    throwsSync(() => chainBlockLocator(consensus, null, null, 1), 'BAD_LIMIT');
    throwsSync(() => chainBlockLocator(consensus, null, null, 2.5), 'BAD_LIMIT');
  });

  it('refuses unknown hashes', () => {
    const { consensus } = dag;
    throwsSync(() => chainBlockLocator(consensus, UNKNOWN, null), 'UNKNOWN_BLOCK');
    throwsSync(() => chainBlockLocator(consensus, null, UNKNOWN), 'UNKNOWN_BLOCK');
    throwsSync(() => chainBlockLocator(consensus, 'not hex', null), 'UNKNOWN_BLOCK');
  });

  it('refuses a low that is not on high’s selected chain', () => {
    const { consensus, mergedSiblings, sideBranch, stale, forkPoint } = dag;
    // In the sink's past, but merged rather than selected: found only by walking the chain.
    throwsSync(() => chainBlockLocator(consensus, mergedSiblings[4]!, null), 'NOT_IN_SELECTED_CHAIN');
    throwsSync(() => chainBlockLocator(consensus, sideBranch[10]!, null), 'NOT_IN_SELECTED_CHAIN');
    // Outside the past altogether, or above high.
    throwsSync(() => chainBlockLocator(consensus, stale, null), 'NOT_IN_SELECTED_CHAIN');
    throwsSync(() => chainBlockLocator(consensus, consensus.sink(), consensus.genesis), 'NOT_IN_SELECTED_CHAIN');
    throwsSync(() => chainBlockLocator(consensus, sideBranch[3]!, forkPoint), 'NOT_IN_SELECTED_CHAIN');
  });
});
