import type { AddressPrefix } from '../address.ts';
import type { SubsidyParams } from '../subsidy.ts';
import type { GenesisSpec } from './kaspa-genesis.ts';

/**
 * A network's consensus parameters, as data. The legacy-era values and their meaning follow
 * kaspad v0.12 domain/dagconfig (params.go, consensus_defaults.go).
 */
export interface ConsensusParams extends SubsidyParams {
  name: string;
  addressPrefix: AddressPrefix;
  genesis: GenesisSpec;
  /** GHOSTDAG k: the most blue blocks allowed in a blue block's anticone. */
  ghostdagK: number;
  targetTimePerBlockMs: number;
  /** Blocks in the difficulty window (kaspad: 2641); the DAA averages their targets over their time span. */
  difficultyAdjustmentWindowSize: number;
  /** Until a block's window holds this many blocks, it keeps the genesis bits (Go behaviour). */
  minDifficultyWindowSize: number;
  /** In block delays; the past-median-time window is 2 * tolerance - 1 blocks. */
  timestampDeviationTolerance: number;
  /** The easiest target any block may claim. */
  powMax: bigint;
  skipProofOfWork: boolean;
  /** Simnet only: every block keeps the genesis bits. */
  disableDifficultyAdjustment: boolean;
  maxBlockParents: number;
  mergesetSizeLimit: number;
  mergeDepth: number;
  finalityDepth: number;
  maxBlockLevel: number;
  pruningProofM: number;
  coinbaseMaturity: number;
  maxBlockMass: number;
  massPerTxByte: number;
  massPerScriptPubKeyByte: number;
  massPerSigOp: number;
  maxCoinbasePayloadLength: number;
  coinbasePayloadScriptPublicKeyMaxLength: number;
}

export function pastMedianTimeWindowSize(params: ConsensusParams): number {
  return 2 * params.timestampDeviationTolerance - 1;
}

/** kaspad Params.PruningDepth: 2F + 4·L·K + 2K + 2 (F finality depth, L mergeset size limit). */
export function pruningDepth(params: ConsensusParams): number {
  return 2 * params.finalityDepth + 4 * params.mergesetSizeLimit * params.ghostdagK + 2 * params.ghostdagK + 2;
}
