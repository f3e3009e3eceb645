import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readVectorJson } from '../test-support/vectors.ts';
import { calcBlockSubsidy, SECONDS_PER_MONTH, SUBSIDY_BY_MONTH_TABLE, type SubsidyParams } from './subsidy.ts';

const EXAMPLES_KEY = 'derived_examples_mainnet (computed by the transcriber from the rule above, NOT upstream vectors)';
const file = readVectorJson<Record<string, unknown>>('transcribed', 'subsidy.json');
const table = file.subsidy_by_month_table as number[];
const examples = file[EXAMPLES_KEY] as Record<string, number>;

const MAINNET: SubsidyParams = {
  deflationaryPhaseDaaScore: 15_519_600,
  preDeflationaryPhaseBaseSubsidy: 50_000_000_000n,
};
/** rusty-kaspa mainnet crescendo_activation; at and after it the 10 BPS rules apply, which Go kaspad never had. */
const MAINNET_CRESCENDO_ACTIVATION = 110_165_000;

describe('block subsidy (transcribed/subsidy.json)', () => {
  it('the generated table equals the 426-entry Go/Rust table', () => {
    assert.equal(table.length, 426);
    assert.deepEqual(
      SUBSIDY_BY_MONTH_TABLE,
      table.map((v) => BigInt(v)),
    );
  });

  it('mainnet examples before Crescendo', () => {
    const preCrescendo = Object.entries(examples).filter(([score]) => Number(score) < MAINNET_CRESCENDO_ACTIVATION);
    assert.ok(preCrescendo.length >= 6, 'expected the 1 BPS examples in the file');
    for (const [score, expected] of preCrescendo) {
      assert.equal(calcBlockSubsidy(Number(score), MAINNET), BigInt(expected), `daa score ${score}`);
    }
  });

  it('month boundaries and the final zero', () => {
    const start = MAINNET.deflationaryPhaseDaaScore;
    assert.equal(calcBlockSubsidy(start + SECONDS_PER_MONTH - 1, MAINNET), 44_000_000_000n);
    assert.equal(calcBlockSubsidy(start + SECONDS_PER_MONTH, MAINNET), 41_530_469_757n);
    assert.equal(calcBlockSubsidy(start + 424 * SECONDS_PER_MONTH, MAINNET), 1n);
    assert.equal(calcBlockSubsidy(start + 425 * SECONDS_PER_MONTH - 1, MAINNET), 1n);
    assert.equal(calcBlockSubsidy(start + 425 * SECONDS_PER_MONTH, MAINNET), 0n);
    assert.equal(calcBlockSubsidy(Number.MAX_SAFE_INTEGER, MAINNET), 0n);
  });

  it('uses the parameters it is given', () => {
    const params: SubsidyParams = { deflationaryPhaseDaaScore: 100, preDeflationaryPhaseBaseSubsidy: 7n };
    assert.equal(calcBlockSubsidy(99, params), 7n);
    assert.equal(calcBlockSubsidy(100, params), 44_000_000_000n);
  });
});
