import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { ConfigError } from './config-error.ts';

/** The networks a dagwallet node can join, by the name users type (`--network devnet`). */
export const NODE_NETWORKS = {
  devnet: DAGWALLET_NETWORKS.devnet,
  simnet: DAGWALLET_NETWORKS.simnet,
} as const satisfies Record<string, ConsensusParams>;
export type NodeNetworkName = keyof typeof NODE_NETWORKS;

export const DEFAULT_NETWORK: NodeNetworkName = 'devnet';

export function isNodeNetworkName(name: string): name is NodeNetworkName {
  return Object.hasOwn(NODE_NETWORKS, name);
}

export function networkParams(name: string): ConsensusParams {
  if (!isNodeNetworkName(name)) {
    throw new ConfigError(
      'UNKNOWN_NETWORK',
      `unknown network '${name}' (choose one of: ${Object.keys(NODE_NETWORKS).join(', ')})`,
    );
  }
  return NODE_NETWORKS[name];
}
