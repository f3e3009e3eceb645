import { KASPA_GENESIS } from './kaspa-genesis.ts';
import type { ConsensusParams } from './params.ts';

/** kaspad's mainPowMax and friends: 2^255 - 1. */
const POW_MAX = (1n << 255n) - 1n;
const K = 18;

/** kaspad consensus_defaults.go, shared by all four legacy networks unless overridden. */
const LEGACY_DEFAULTS = {
  ghostdagK: K,
  targetTimePerBlockMs: 1000,
  difficultyAdjustmentWindowSize: 2641,
  minDifficultyWindowSize: 2641,
  timestampDeviationTolerance: 132,
  powMax: POW_MAX,
  skipProofOfWork: false,
  disableDifficultyAdjustment: false,
  maxBlockParents: 10,
  mergesetSizeLimit: K * 10,
  mergeDepth: 3600,
  finalityDepth: 86_400,
  pruningProofM: 1000,
  coinbaseMaturity: 100,
  maxBlockMass: 500_000,
  massPerTxByte: 1,
  massPerScriptPubKeyByte: 10,
  massPerSigOp: 1000,
  maxCoinbasePayloadLength: 204,
  coinbasePayloadScriptPublicKeyMaxLength: 150,
  // Half a year in seconds, less the three days the network was down after launch.
  deflationaryPhaseDaaScore: 15_778_800 - 259_200,
  preDeflationaryPhaseBaseSubsidy: 50_000_000_000n,
} as const;

/** Kaspa's legacy-era networks, kept as data for the vectors and for tests. */
export const KASPA_NETWORKS = {
  mainnet: {
    ...LEGACY_DEFAULTS,
    name: 'kaspa-mainnet',
    addressPrefix: 'kaspa',
    genesis: KASPA_GENESIS.kaspaMainnet,
    // 255 clamped by mainnet genesis's own level (kaspad params.go).
    maxBlockLevel: 225,
  },
  testnet: {
    ...LEGACY_DEFAULTS,
    name: 'kaspa-testnet-10',
    addressPrefix: 'kaspatest',
    genesis: KASPA_GENESIS.kaspaTestnet10,
    maxBlockLevel: 250,
  },
  simnet: {
    ...LEGACY_DEFAULTS,
    name: 'kaspa-simnet',
    addressPrefix: 'kaspasim',
    genesis: KASPA_GENESIS.kaspaSimnet,
    targetTimePerBlockMs: 1,
    // FinalityDuration of one minute at 1 ms per block.
    finalityDepth: 60_000,
    disableDifficultyAdjustment: true,
    maxBlockLevel: 250,
  },
  devnet: {
    ...LEGACY_DEFAULTS,
    name: 'kaspa-devnet',
    addressPrefix: 'kaspadev',
    genesis: KASPA_GENESIS.kaspaGoDevnet,
    maxBlockLevel: 250,
  },
} as const satisfies Record<string, ConsensusParams>;
