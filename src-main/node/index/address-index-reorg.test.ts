import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { AddressIndex } from './address-index.ts';
import { bruteForceHistory, bruteForceUtxos, byOutpoint, indexAnswers } from './brute-force.ts';
import { signTransaction } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-index-reorg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const miner = testKey('miner');
const rival = testKey('rival');
const alice = testKey('alice');
const bob = testKey('bob');
const everyone = [miner, rival, alice, bob].map((key) => key.script);

/**
 * What must not depend on the losing branch: the history, which scripts are used, the outputs of
 * the sink's past set, and which outpoints the virtual holds. (The virtual merges every valid tip,
 * the loser's too, and stamps what its mergeset creates with its own DAA score, so those entries
 * may differ in that score from a store that never saw the loser.)
 */
function chainAnswers(chain: SimnetChain, index: AddressIndex) {
  const { history, used, utxos } = indexAnswers(index, everyone);
  const virtualAdds = chain.consensus.virtualState().diff.toAdd;
  return {
    history,
    used,
    sinkPastUtxos: utxos.filter(({ outpoint }) => !virtualAdds.has(outpoint)),
    virtualOutpoints: utxos.map(({ outpoint }) => outpoint),
  };
}

/** The answers of a new store fed only `blocks` (in order), with its index attached from the start. */
function freshAnswers(chain: SimnetChain, blocks: readonly BlockKey[], name: string) {
  const fresh = SimnetChain.open({ path: join(dir, `${name}.sqlite`) });
  const index = AddressIndex.attach(fresh.consensus);
  for (const block of blocks) fresh.insert(chain.blocks.get(block) as NonNullable<ReturnType<typeof chain.blocks.get>>);
  assert.equal(fresh.consensus.sink(), blocks.at(-1));
  const answers = chainAnswers(fresh, index);
  index.close();
  fresh.close();
  return answers;
}

describe('AddressIndex across reorganisations', () => {
  it('a heavier branch takes the old branch’s rows away and brings its own, as a store that only saw it', () => {
    const chain = SimnetChain.open({ path: join(dir, 'reorg.sqlite') });
    const index = AddressIndex.attach(chain.consensus);
    const prefix = chain.mineChain(104, { payTo: miner.script });
    const fork = prefix.at(-1) as BlockKey;
    const coin = chain.matureCoinbase(miner.script);

    // Branch A: the coin pays alice.
    const toAlice = signTransaction(
      [{ ...coin, secretKey: miner.secretKey }],
      [{ value: coin.entry.amount - 1_000n, scriptPublicKey: alice.script }],
    );
    const a = [chain.mine({ payTo: miner.script, parents: [fork], transactions: [toAlice] })];
    a.push(...chain.mineChain(2, { payTo: miner.script, from: a[0] }));
    assert.equal(chain.consensus.sink(), a[2]);
    assert.deepEqual(
      index.history([alice.script]).map((row) => row.acceptingBlock),
      [a[1]],
    );

    // Branch B, mined by a rival: the same coin pays bob instead, and B is longer.
    const toBob = signTransaction(
      [{ ...coin, secretKey: miner.secretKey }],
      [{ value: coin.entry.amount - 5_000n, scriptPublicKey: bob.script }],
    );
    const b = [chain.mine({ payTo: rival.script, parents: [fork], transactions: [toBob] })];
    b.push(...chain.mineChain(4, { payTo: rival.script, from: b[0] }));
    assert.equal(chain.consensus.sink(), b[4]);
    const onB = index.history(everyone);
    assert.equal(onB.filter((row) => a.includes(row.acceptingBlock)).length, 0, 'no row of branch A is left');
    assert.ok(onB.some((row) => b.includes(row.acceptingBlock)));
    assert.deepEqual(index.isUsed([alice.script, bob.script]), [false, true]);
    assert.deepEqual(onB, bruteForceHistory(chain, everyone));
    assert.deepEqual(index.utxosByScripts(everyone).sort(byOutpoint), bruteForceUtxos(chain, everyone));
    assert.deepEqual(chainAnswers(chain, index), freshAnswers(chain, [...prefix, ...b], 'only-b'));

    // A grows longer again: the chain, and the index, go back.
    const aMore = chain.mineChain(4, { payTo: miner.script, from: a[2] });
    assert.equal(chain.consensus.sink(), aMore[3]);
    const onA = index.history(everyone);
    assert.equal(onA.filter((row) => b.includes(row.acceptingBlock)).length, 0, 'no row of branch B is left');
    assert.deepEqual(index.isUsed([alice.script, bob.script]), [true, false]);
    assert.deepEqual(onA, bruteForceHistory(chain, everyone));
    assert.deepEqual(index.utxosByScripts(everyone).sort(byOutpoint), bruteForceUtxos(chain, everyone));
    assert.deepEqual(chainAnswers(chain, index), freshAnswers(chain, [...prefix, ...a, ...aMore], 'only-a'));
    index.close();
    chain.close();
  });
});
