import type { BlockHeader } from '../consensus/model/header.ts';
import { KASPA_NETWORKS } from '../consensus/params/kaspa-networks.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { DagwalletError } from '../errors.ts';
import type { JsonDagStream } from './json-dag-stream.ts';
import { asObject, asUint, type JsonObject } from './json-fields.ts';

export class ReplayError extends DagwalletError<'NO_GENESIS' | 'UNSUPPORTED_RULES' | 'BAD_PARAMS'> {}

export interface StreamNetwork {
  params: ConsensusParams;
  genesis: BlockHeader;
}

/**
 * The network a stream was recorded on. Without a parameters line (the Go-generated era-1
 * streams) that is rusty-kaspa v1.0.1's legacy devnet as its json test configures it, with the
 * stream's first block as genesis and genesis bits until the difficulty window is full.
 * A parameters line is rusty-kaspa OverrideParams over that devnet; streams that turn on
 * Crescendo's rules (sampled windows, 10 BPS-ready parameters) are refused, since dagwallet
 * validates Kaspa's legacy era.
 */
export function streamNetwork(stream: JsonDagStream): StreamNetwork {
  const genesis = stream.blocks[0];
  if (!genesis || genesis.header.parents.length > 0) {
    throw new ReplayError('NO_GENESIS', 'the stream does not start with a genesis block (no parents)');
  }
  const base: ConsensusParams = { ...KASPA_NETWORKS.devnet, name: 'kaspa-devnet (stream genesis)' };
  const params = stream.params ? applyOverrides(base, stream.params) : base;
  return { params, genesis: genesis.header };
}

function applyOverrides(base: ConsensusParams, overrides: JsonObject): ConsensusParams {
  if (overrides.crescendo_activation !== undefined || overrides.block_mass_limits !== undefined) {
    throw new ReplayError(
      'UNSUPPORTED_RULES',
      'this stream was recorded under Crescendo or later rules (sampled DAA windows, new mass rules); ' +
        'dagwallet validates the legacy (pre-Crescendo) era only',
    );
  }
  const uint = (key: string, from: JsonObject = overrides): number | undefined =>
    from[key] === undefined ? undefined : asUint(from[key], key);
  const rate = overrides.blockrate === undefined ? {} : asObject(overrides.blockrate, 'blockrate');
  const params: ConsensusParams = { ...base, name: 'kaspa-devnet (stream parameters)' };
  const set = <K extends keyof ConsensusParams>(key: K, value: ConsensusParams[K] | undefined): void => {
    if (value !== undefined) params[key] = value;
  };
  set('timestampDeviationTolerance', uint('timestamp_deviation_tolerance'));
  set('difficultyAdjustmentWindowSize', uint('difficulty_window_size'));
  set('minDifficultyWindowSize', uint('min_difficulty_window_size'));
  set('maxBlockLevel', uint('max_block_level'));
  set('pruningProofM', uint('pruning_proof_m'));
  set('maxBlockMass', uint('max_block_mass'));
  set('coinbaseMaturity', uint('coinbase_maturity', rate));
  set('ghostdagK', uint('ghostdag_k', rate));
  set('targetTimePerBlockMs', uint('target_time_per_block', rate));
  set('maxBlockParents', uint('max_block_parents', rate));
  set('mergesetSizeLimit', uint('mergeset_size_limit', rate));
  set('mergeDepth', uint('merge_depth', rate));
  set('finalityDepth', uint('finality_depth', rate));
  if (overrides.skip_proof_of_work !== undefined) {
    if (typeof overrides.skip_proof_of_work !== 'boolean')
      throw new ReplayError('BAD_PARAMS', 'skip_proof_of_work must be a boolean');
    params.skipProofOfWork = overrides.skip_proof_of_work;
  }
  return params;
}
