import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KASPA_NETWORKS } from '../params/kaspa-networks.ts';
import type { ScriptPublicKey } from '../model/transaction.ts';
import { SUBNETWORK_ID_COINBASE } from '../model/transaction.ts';
import { SECONDS_PER_MONTH, SUBSIDY_BY_MONTH_TABLE } from '../subsidy.ts';
import { decodeCoinbasePayload } from './coinbase-payload.ts';
import { daaAddedBlocks } from './daa-added-blocks.ts';
import {
  type ExpectedCoinbaseInput,
  expectedCoinbaseTransaction,
  type MergedBlockReward,
} from './expected-coinbase.ts';

const PARAMS = KASPA_NETWORKS.devnet;
const spk = (tag: number): ScriptPublicKey => ({ version: 0, script: new Uint8Array([0x20, tag, 0xac]) });
const OWN = spk(0xee);
const merged = (tag: number, subsidy: bigint, acceptedFees = 0n, daaAdded = true): MergedBlockReward => ({
  coinbase: { scriptPublicKey: spk(tag), subsidy },
  acceptedFees,
  daaAdded,
});

function input(mergeset: Record<string, MergedBlockReward>, blues: string[], reds: string[]): ExpectedCoinbaseInput {
  return {
    ghostdag: { blueScore: 42, mergesetBlues: blues, mergesetReds: reds },
    daaScore: 1000,
    coinbaseData: { scriptPublicKey: OWN, extraData: new TextEncoder().encode('miner') },
    mergeset: new Map(Object.entries(mergeset)),
  };
}

const outputs = (tx: ReturnType<typeof expectedCoinbaseTransaction>) =>
  tx.outputs.map((o) => [o.value, o.scriptPublicKey.script[1]]);

describe('expected coinbase (kaspad coinbasemanager ExpectedCoinbaseTransaction)', () => {
  it('pays each blue to its own script in mergeset order, the reds summed to this miner', () => {
    const tx = expectedCoinbaseTransaction(
      input(
        {
          sp: merged(1, 500n, 7n),
          cc: merged(2, 400n),
          aa: merged(3, 300n, 1n),
          r1: merged(4, 10n, 2n),
          r2: merged(5, 20n),
        },
        ['sp', 'cc', 'aa'],
        ['r1', 'r2'],
      ),
      PARAMS,
    );
    assert.deepEqual(outputs(tx), [
      [507n, 1],
      [400n, 2],
      [301n, 3],
      [32n, 0xee],
    ]);
    assert.equal(tx.version, 0);
    assert.deepEqual(tx.inputs, []);
    assert.equal(tx.lockTime, 0n);
    assert.equal(tx.gas, 0n);
    assert.deepEqual(tx.subnetworkId, SUBNETWORK_ID_COINBASE);
    assert.notEqual(tx.subnetworkId, SUBNETWORK_ID_COINBASE, 'a copy, so callers cannot corrupt the constant');
    assert.equal(tx.storageMass, 0n);
  });

  it('the payload carries this block blue score, its own subsidy, script and extra data', () => {
    const tx = expectedCoinbaseTransaction(input({ sp: merged(1, 123n) }, ['sp'], []), PARAMS);
    const payload = decodeCoinbasePayload(tx.payload, PARAMS);
    assert.equal(payload.blueScore, 42n);
    assert.equal(payload.subsidy, PARAMS.preDeflationaryPhaseBaseSubsidy);
    assert.deepEqual(payload.scriptPublicKey, OWN);
    assert.equal(new TextDecoder().decode(payload.extraData), 'miner');
  });

  it('takes merged blocks’ subsidies from their payloads, its own from its DAA score', () => {
    const data = input({ sp: merged(1, 50_000_000_000n) }, ['sp'], []);
    data.daaScore = PARAMS.deflationaryPhaseDaaScore + 3 * SECONDS_PER_MONTH;
    const tx = expectedCoinbaseTransaction(data, PARAMS);
    assert.deepEqual(outputs(tx), [[50_000_000_000n, 1]]);
    assert.equal(decodeCoinbasePayload(tx.payload, PARAMS).subsidy, SUBSIDY_BY_MONTH_TABLE[3]);
  });

  it('blocks outside the DAA window earn nothing; zero rewards get no output', () => {
    const tx = expectedCoinbaseTransaction(
      input(
        { sp: merged(1, 500n, 9n, false), b: merged(2, 0n), c: merged(3, 400n), r: merged(4, 100n, 5n, false) },
        ['sp', 'b', 'c'],
        ['r'],
      ),
      PARAMS,
    );
    assert.deepEqual(outputs(tx), [[400n, 3]]);
    const none = expectedCoinbaseTransaction(input({ sp: merged(1, 0n) }, ['sp'], []), PARAMS);
    assert.deepEqual(none.outputs, []);
  });

  it('a red paid nothing adds no red output, even beside a paid red', () => {
    const tx = expectedCoinbaseTransaction(
      input({ sp: merged(1, 1n), r1: merged(4, 0n), r2: merged(5, 6n) }, ['sp'], ['r1', 'r2']),
      PARAMS,
    );
    assert.deepEqual(outputs(tx), [
      [1n, 1],
      [6n, 0xee],
    ]);
  });

  it('refuses a mergeset block it has no data for', () => {
    assert.throws(
      () => expectedCoinbaseTransaction(input({ sp: merged(1, 1n) }, ['sp'], ['red']), PARAMS),
      (error: { code?: string }) => error.code === 'MISSING_MERGED_BLOCK',
    );
  });
});

describe('DAA-added blocks (kaspad calculateDaaScoreAndAddedBlocks)', () => {
  it('are the mergeset blocks found in the window', () => {
    const window = ['x', 'b', 'y', 'sp'].map((key) => ({ key }));
    assert.deepEqual([...daaAddedBlocks({ mergesetBlues: ['sp', 'a', 'b'], mergesetReds: ['r'] }, window)].sort(), [
      'b',
      'sp',
    ]);
  });
});
