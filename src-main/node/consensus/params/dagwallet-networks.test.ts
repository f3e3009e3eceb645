import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bytesToHex } from '../../encoding/hex.ts';
import { ConsensusStore } from '../../store/consensus-store.ts';
import { seededRandom } from '../../test-support/seeded-random.ts';
import { isAddressPrefix } from '../address.ts';
import { Consensus } from '../consensus.ts';
import { compactToTarget, workFromBits } from '../difficulty/compact.ts';
import { headerHash } from '../hashing/header-hash.ts';
import { ZERO_HASH } from '../model/hash.ts';
import { DAGWALLET_NETWORKS } from './dagwallet-networks.ts';
import { genesisBlock } from './genesis.ts';
import type { ConsensusParams } from './params.ts';

const devnet = DAGWALLET_NETWORKS.devnet;
const genesisWork = Number(workFromBits(devnet.genesis.bits));

describe('dagwallet simnet', () => {
  const simnet = DAGWALLET_NETWORKS.simnet;
  it('genesis hashes to its pinned hash, on the dagsim prefix, with a fixed difficulty', () => {
    assert.equal(bytesToHex(headerHash(genesisBlock(simnet.genesis).header)), simnet.genesis.hash);
    assert.equal(simnet.addressPrefix, 'dagsim');
    assert.ok(isAddressPrefix(simnet.addressPrefix));
    assert.equal(simnet.disableDifficultyAdjustment, true);
  });
});

describe('dagwallet devnet', () => {
  it('genesis hashes to its pinned hash', () => {
    assert.equal(bytesToHex(headerHash(genesisBlock(devnet.genesis).header)), devnet.genesis.hash);
  });

  it("genesis coinbase payload follows Kaspa's layout and ends in the network's name", () => {
    const payload = genesisBlock(devnet.genesis).coinbase.payload;
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    assert.equal(view.getBigUint64(0, true), 0n, 'blue score');
    assert.equal(view.getUint16(16, true), 0, 'script version');
    const scriptLength = view.getUint8(18);
    const extraData = payload.subarray(19 + scriptLength);
    assert.equal(new TextDecoder().decode(extraData), 'dagwallet-devnet');
  });

  it('genesis bits ask about 200,000 hashes a block, within powMax, on the dagdev prefix', () => {
    assert.equal(genesisWork, 200_000);
    assert.ok(compactToTarget(devnet.genesis.bits) <= devnet.powMax);
    assert.ok(isAddressPrefix(devnet.addressPrefix));
    assert.equal(devnet.addressPrefix, 'dagdev');
  });
});

const dataDir = mkdtempSync(join(tmpdir(), 'dagwallet-daa-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Timestamps and bits by blue score (index 0 is genesis) of a simulated single-chain network. */
interface SimulatedChain {
  timestamps: number[];
  bits: number[];
}

/**
 * Mines `blocks` headers on one chain through consensus, without real PoW: a network of
 * `hashRate(height)` hashes/s finds a block at a target after Exponential(mean = expected hashes
 * / hash rate), so each timestamp is the previous one plus such a draw at the bits consensus
 * demands.
 */
function simulateMining(
  name: string,
  params: ConsensusParams,
  blocks: number,
  hashRate: (height: number) => number,
  seed: number,
): SimulatedChain {
  const genesis = genesisBlock(params.genesis).header;
  const chain: SimulatedChain = { timestamps: [genesis.timestamp], bits: [genesis.bits] };
  const store = ConsensusStore.open(join(dataDir, `${name}.sqlite`));
  try {
    let clock = genesis.timestamp;
    const consensus = new Consensus(store, { params, genesis, now: () => clock });
    const random = seededRandom(seed);
    for (let height = 1; height <= blocks; height++) {
      const previous = chain.timestamps[height - 1] as number;
      // Bits depend on the parents only, so the template's can price the block before it has a time.
      const { header, pastMedianTime } = consensus.headerTemplate([consensus.headersSelectedTip()], {
        timestamp: previous,
        hashMerkleRoot: ZERO_HASH,
        acceptedIdMerkleRoot: ZERO_HASH,
        utxoCommitment: ZERO_HASH,
      });
      const meanMs = (Number(workFromBits(header.bits)) / hashRate(height)) * 1000;
      const foundAfterMs = -Math.log(1 - random()) * meanMs;
      // A miner stamps its block after the past median time, as consensus requires.
      header.timestamp = Math.max(previous + Math.round(foundAfterMs), pastMedianTime + 1);
      clock = header.timestamp;
      consensus.insertHeader(header);
      chain.timestamps.push(header.timestamp);
      chain.bits.push(header.bits);
    }
  } finally {
    store.close();
  }
  return chain;
}

/** Mean block interval over blue scores (from, to]. */
function meanIntervalMs(chain: SimulatedChain, from: number, to: number): number {
  return ((chain.timestamps[to] as number) - (chain.timestamps[from] as number)) / (to - from);
}

function workAt(chain: SimulatedChain, height: number): number {
  return Number(workFromBits(chain.bits[height] as number));
}

function assertWithin(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= expected * tolerance,
    `${what}: ${actual.toFixed(0)}, expected ${expected} ± ${tolerance * 100} %`,
  );
}

describe('dagwallet devnet DAA keeps one block per second', () => {
  const params: ConsensusParams = { ...devnet, skipProofOfWork: true };
  // Four times the hash rate the genesis bits are priced for: a block every ~250 ms at first.
  const fastHashRate = 4 * genesisWork;

  it('raises the difficulty of a network 4x too fast for its genesis bits (full 2641-block window)', (t) => {
    const chain = simulateMining('constant', params, 4000, () => fastHashRate, 1);
    const beforeDaa = meanIntervalMs(chain, 0, devnet.minDifficultyWindowSize);
    const settled = meanIntervalMs(chain, 3000, 4000);
    t.diagnostic(
      `mean interval: blocks 1-150 ${beforeDaa.toFixed(0)} ms, 3001-4000 ${settled.toFixed(0)} ms; tip work ${workAt(chain, 4000)}`,
    );
    assert.ok(beforeDaa < 400, 'blocks come ~4x too fast before the DAA starts');
    // By height 3000 the window holds only blocks mined under adjusted bits.
    assertWithin(settled, 1000, 0.15, 'mean interval, blocks 3001-4000');
    // A block a second at H hashes/s means H expected hashes per block.
    assertWithin(workAt(chain, 4000), fastHashRate, 0.25, 'expected hashes per block at the tip');
  });

  it('eases the difficulty after the hash rate drops 4x (263-block window to keep the test fast)', (t) => {
    // The legacy window would need ~9,000 blocks here; a tenth of it shows the same recovery.
    const smallWindow: ConsensusParams = { ...params, difficultyAdjustmentWindowSize: 263 };
    const dropAt = 600;
    const slowHashRate = fastHashRate / 4;
    const chain = simulateMining('drop', smallWindow, 1600, (h) => (h <= dropAt ? fastHashRate : slowHashRate), 2);
    const beforeDrop = meanIntervalMs(chain, 400, dropAt);
    const afterDrop = meanIntervalMs(chain, dropAt, dropAt + 100);
    const recovered = meanIntervalMs(chain, 1100, 1600);
    t.diagnostic(
      `mean interval: blocks 401-600 ${beforeDrop.toFixed(0)} ms, 601-700 ${afterDrop.toFixed(0)} ms, 1101-1600 ${recovered.toFixed(0)} ms; work ${workAt(chain, dropAt)} at the drop, ${workAt(chain, 1600)} at the tip`,
    );
    assertWithin(beforeDrop, 1000, 0.15, 'mean interval before the drop');
    assert.ok(afterDrop > 1500, 'blocks slow down right after the drop');
    assertWithin(recovered, 1000, 0.15, 'mean interval, blocks 1101-1600');
    assertWithin(workAt(chain, 1600), slowHashRate, 0.25, 'expected hashes per block at the tip');
  });
});
