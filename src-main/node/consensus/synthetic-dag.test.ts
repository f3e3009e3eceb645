import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConsensusStore } from '../store/consensus-store.ts';
import { Consensus } from './consensus.ts';
import { type BlockKey, keyOf } from './model/block-key.ts';
import { ZERO_HASH } from './model/hash.ts';
import type { BlockHeader } from './model/header.ts';
import { genesisBlock } from './params/genesis.ts';
import { KASPA_GENESIS } from './params/kaspa-genesis.ts';
import { KASPA_NETWORKS } from './params/kaspa-networks.ts';
import { type ConsensusParams, pruningDepth } from './params/params.ts';

/**
 * Small networks built block by block through our own template code, to reach the rules a
 * recorded stream never breaks: the mergeset size limit, bounded merge depth, pruning point moves.
 */
const dir = mkdtempSync(join(tmpdir(), 'dagwallet-synthetic-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let stores = 0;

class TestDag {
  readonly consensus: Consensus;
  readonly store: ConsensusStore;
  #time: number;
  #nonce = 0n;
  /** The node's clock, one second after the latest block unless a test moves it. */
  clock: number;

  constructor(overrides: Partial<ConsensusParams>) {
    const genesis = genesisBlock(KASPA_GENESIS.kaspaGoDevnet).header;
    const params: ConsensusParams = { ...KASPA_NETWORKS.devnet, skipProofOfWork: true, ...overrides };
    this.store = ConsensusStore.open(join(dir, `dag-${stores++}.sqlite`));
    this.#time = genesis.timestamp;
    this.clock = this.#time + 1000;
    this.consensus = new Consensus(this.store, { params, genesis, now: () => this.clock });
  }

  /** The header of a block on `parents` at `timestamp`, not yet submitted. */
  template(parents: BlockKey[], timestamp: number): BlockHeader {
    const { header } = this.consensus.headerTemplate(parents, {
      timestamp,
      hashMerkleRoot: ZERO_HASH,
      acceptedIdMerkleRoot: ZERO_HASH,
      utxoCommitment: ZERO_HASH,
    });
    header.nonce = this.#nonce++;
    return header;
  }

  /** A valid block on `parents`, one second after the previous one. Throws BlockError if the DAG rules forbid it. */
  add(parents: BlockKey[]): BlockKey {
    this.#time += 1000;
    this.clock = Math.max(this.clock, this.#time + 1000);
    return this.consensus.insertHeader(this.template(parents, this.#time)).hash;
  }

  chain(from: BlockKey, length: number): BlockKey[] {
    const blocks: BlockKey[] = [];
    let tip = from;
    for (let i = 0; i < length; i++) blocks.push((tip = this.add([tip])));
    return blocks;
  }
}

describe('rules only a synthetic DAG reaches', () => {
  it('refuses a block from the future without holding it against it once its time has come', () => {
    const dag = new TestDag({});
    const tolerance = 132 * 1000;
    const early = dag.template([dag.consensus.genesis], dag.clock + tolerance + 1);
    assert.throws(() => dag.consensus.insertHeader(early), { code: 'TIME_TOO_FAR_IN_FUTURE' });
    dag.clock += 1;
    assert.equal(dag.consensus.insertHeader(early).status, 'inserted');
    dag.store.close();
  });

  it('refuses a mergeset over the size limit (MERGESET_TOO_BIG) and accepts one at it', () => {
    const dag = new TestDag({ ghostdagK: 10, mergesetSizeLimit: 4 });
    const g = dag.consensus.genesis;
    const siblings = Array.from({ length: 5 }, () => dag.add([g]));
    assert.throws(() => dag.add(siblings), { code: 'MERGESET_TOO_BIG' });
    assert.doesNotThrow(() => dag.add(siblings.slice(0, 4)));
    dag.store.close();
  });

  it('refuses to merge a red from below the merge depth root (VIOLATES_MERGE_DEPTH)', () => {
    const dag = new TestDag({ ghostdagK: 1, mergeDepth: 3 });
    const g = dag.consensus.genesis;
    const chain = dag.chain(g, 10);
    const deepSide = dag.add([g]);
    const recentSide = dag.add([chain[7] as BlockKey]);
    // deepSide sits beside the whole chain: red, and not above the root (the chain block 3 below).
    assert.throws(() => dag.add([chain[9] as BlockKey, deepSide]), { code: 'VIOLATES_MERGE_DEPTH' });
    // A red above the root may be merged.
    const merged = dag.add([chain[9] as BlockKey, recentSide]);
    assert.deepEqual(dag.consensus.ghostdagData(merged)?.mergesetReds, [recentSide]);
    dag.store.close();
  });

  it('moves the pruning point one finality interval at a time, pruning depth behind', () => {
    const params = { ghostdagK: 1, mergesetSizeLimit: 2, finalityDepth: 5, mergeDepth: 4 };
    const dag = new TestDag(params);
    const depth = pruningDepth({ ...KASPA_NETWORKS.devnet, ...params });
    assert.equal(depth, 22);
    const g = dag.consensus.genesis;
    const chain = [g, ...dag.chain(g, 70)];
    chain.forEach((block, blueScore) => {
      const header = dag.consensus.header(block);
      assert.equal(header?.blueScore, blueScore);
      // The first chain block of the latest finality interval that is pruning depth deep.
      const expected = blueScore < depth + params.finalityDepth ? g : chain[5 * Math.floor((blueScore - depth) / 5)];
      assert.equal(
        keyOf(header.pruningPoint as Uint8Array),
        blueScore === 0 ? keyOf(ZERO_HASH) : expected,
        `block ${blueScore}`,
      );
    });
    dag.store.close();
  });
});
