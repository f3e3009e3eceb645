import {
  type ConfigFile,
  type NodeConfig,
  parseOutboundPeers,
  parsePort,
  parseThreads,
  resolveConfig,
} from '../node/config/config.ts';
import { ConfigError } from '../node/config/config-error.ts';
import { isNodeNetworkName } from '../node/config/networks.ts';
import { CliInputError, CliUsageError } from './command.ts';
import { type FlagSpec, flagValue, type ParsedFlags } from './flags.ts';

/** Flags every command that finds a node's folder understands. */
export const LOCATION_FLAGS = ['network', 'data-dir', 'config'] as const;
export const LOCATION_USAGE = '[--network devnet|simnet] [--data-dir DIR] [--config FILE]';

export const NODE_FLAG_SPEC: FlagSpec = {
  values: [...LOCATION_FLAGS, 'rpc-port', 'mine-to', 'threads', 'outbound-peers'],
  repeatable: ['listen', 'peer'],
  switches: ['no-mdns', 'no-listen', 'ui'],
};

/** Turns parsed flags into a full config (flags over the config file over defaults). */
export function configFromFlags(flags: ParsedFlags): NodeConfig {
  const overrides: ConfigFile = {};
  try {
    const network = flagValue(flags, 'network');
    if (network !== undefined) {
      if (!isNodeNetworkName(network)) throw new CliUsageError(`unknown network '${network}' (devnet or simnet)`);
      overrides.network = network;
    }
    const dataDir = flagValue(flags, 'data-dir');
    if (dataDir !== undefined) overrides.dataDir = dataDir;
    if (flags.values.has('listen') && flags.switches.has('no-listen'))
      throw new CliUsageError('--listen and --no-listen contradict each other');
    if (flags.values.has('listen')) overrides.listen = flags.values.get('listen');
    if (flags.switches.has('no-listen')) overrides.listen = [];
    if (flags.switches.has('no-mdns')) overrides.mdns = false;
    const outbound = flagValue(flags, 'outbound-peers');
    if (outbound !== undefined) overrides.outboundPeers = parseOutboundPeers(outbound, '--outbound-peers');
    if (flags.values.has('peer')) overrides.peers = flags.values.get('peer');
    const rpcPort = flagValue(flags, 'rpc-port');
    if (rpcPort !== undefined) overrides.rpcPort = parsePort(rpcPort, '--rpc-port');
    const address = flagValue(flags, 'mine-to');
    const threads = flagValue(flags, 'threads');
    if (address !== undefined || threads !== undefined) {
      overrides.mining = {};
      if (address !== undefined) overrides.mining.address = address;
      if (threads !== undefined) overrides.mining.threads = parseThreads(threads, '--threads');
    }
    return resolveConfig(overrides, flagValue(flags, 'config'));
  } catch (error) {
    if (error instanceof ConfigError) {
      if (error.code === 'BAD_VALUE') throw new CliUsageError(error.message);
      throw new CliInputError(error.message, { cause: error });
    }
    throw error;
  }
}
