import type { GenesisSpec } from './kaspa-genesis.ts';
import { KASPA_NETWORKS } from './kaspa-networks.ts';
import type { ConsensusParams } from './params.ts';

/** The empty MuHash: a genesis that starts from no coins. */
const EMPTY_UTXO_COMMITMENT = '544eb3142c000f0ad2c76ac41f4222abbababed830eeafee4b6dc56b52d5cac0';

/**
 * Kaspa's genesis payload layout: blue score (u64 LE) 0, subsidy (u64 LE) 1 KAS as Kaspa's test
 * networks write, script version (u16) 0, script length (u8) 1, script OP_FALSE, then the
 * network's name in ASCII as extra data.
 */
function genesisPayload(networkName: string): string {
  return (
    '0000000000000000' + '00e1f50500000000' + '0000' + '01' + '00' + Buffer.from(networkName, 'ascii').toString('hex')
  );
}

/** dagwallet's own genesis blocks, laid out like Kaspa's so the same code builds and hashes them. */
export const DAGWALLET_GENESIS = {
  devnet: {
    name: 'dagwallet-devnet',
    // Pinned from genesisBlock + headerHash; the test recomputes it.
    hash: '9b7d413725a5723222896a6a2bb6666804769608eaefe1326fabf69bf2f4b827',
    // 2026-11-21T00:00:00Z.
    timestamp: 1_795_219_200_000,
    // targetToCompact(2^256 / 200_000n): 200,000 expected hashes, so one CPU core at ~150,000
    // kHeavyHash/s finds a block every ~1.3 s before the DAA has anything to go on.
    bits: 0x1e53e2d6,
    // Genesis is never PoW-checked, so no nonce needs mining.
    nonce: 0n,
    daaScore: 0,
    utxoCommitment: EMPTY_UTXO_COMMITMENT,
    coinbasePayload: genesisPayload('dagwallet-devnet'),
  },
  simnet: {
    name: 'dagwallet-simnet',
    hash: 'd1b0d7e4c4b3f3319a3ba78398dd9951ac7fff9da60926bc9cc077a08d9b167c',
    timestamp: 1_795_219_200_000,
    // Kaspa simnet's genesis bits: a target near 2^255, so about two hashes find a block.
    bits: 0x207fffff,
    nonce: 0n,
    daaScore: 0,
    utxoCommitment: EMPTY_UTXO_COMMITMENT,
    coinbasePayload: genesisPayload('dagwallet-simnet'),
  },
} as const satisfies Record<string, GenesisSpec>;

/** dagwallet's own networks: Kaspa's legacy rules, with only what a fresh small network needs changed. */
export const DAGWALLET_NETWORKS = {
  devnet: {
    ...KASPA_NETWORKS.devnet,
    name: 'dagwallet-devnet',
    addressPrefix: 'dagdev',
    genesis: DAGWALLET_GENESIS.devnet,
    // One block per second, as Kaspa's legacy era.
    targetTimePerBlockMs: 1000,
    // kaspad's full legacy window: 2641 blocks, ~44 min at one block a second.
    difficultyAdjustmentWindowSize: 2641,
    // rusty-kaspa's MIN_DIFFICULTY_WINDOW_SIZE: kaspad keeps the genesis bits until the window is
    // full, which on a fresh network with few miners can mean hours at the wrong difficulty.
    minDifficultyWindowSize: 150,
    // Legacy 2^255 - 1, far above the genesis target: the DAA may ease below genesis difficulty
    // when a single slow CPU is all that mines.
    powMax: KASPA_NETWORKS.devnet.powMax,
  },
  /**
   * A private network for tests and local experiments (Kaspa's simnet, with one-second block
   * time so timestamps stay real): the difficulty never adjusts from its genesis bits, so any CPU
   * mines blocks as fast as consensus can take them.
   */
  simnet: {
    ...KASPA_NETWORKS.simnet,
    name: 'dagwallet-simnet',
    addressPrefix: 'dagsim',
    genesis: DAGWALLET_GENESIS.simnet,
    targetTimePerBlockMs: 1000,
    finalityDepth: KASPA_NETWORKS.devnet.finalityDepth,
  },
} as const satisfies Record<string, ConsensusParams>;
