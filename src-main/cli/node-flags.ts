import {
  type ConfigFile,
  type NodeConfig,
  parseMqttBroker,
  parseListenHost,
  parseOutboundPeers,
  parsePort,
  parseRateBurst,
  parseRatePerSecond,
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
  values: [
    ...LOCATION_FLAGS,
    'rpc-port',
    'mine-to',
    'threads',
    'outbound-peers',
    'mqtt',
    'mqtt-port',
    'rpc-listen',
    'rpc-rate-limit',
    'rpc-rate-burst',
  ],
  repeatable: ['listen', 'peer'],
  switches: ['no-mdns', 'no-listen', 'ui', 'no-rpc-rate-limit'],
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
    const rpcListen = flagValue(flags, 'rpc-listen');
    if (rpcListen !== undefined) overrides.rpcListen = parseListenHost(rpcListen, '--rpc-listen');
    const perSecond = flagValue(flags, 'rpc-rate-limit');
    const burst = flagValue(flags, 'rpc-rate-burst');
    if (flags.switches.has('no-rpc-rate-limit')) {
      if (perSecond !== undefined || burst !== undefined)
        throw new CliUsageError('--no-rpc-rate-limit and --rpc-rate-limit/--rpc-rate-burst contradict each other');
      overrides.rateLimit = false;
    } else if (perSecond !== undefined || burst !== undefined) {
      overrides.rateLimit = {};
      if (perSecond !== undefined) overrides.rateLimit.perSecond = parseRatePerSecond(perSecond, '--rpc-rate-limit');
      if (burst !== undefined) overrides.rateLimit.burst = parseRateBurst(burst, '--rpc-rate-burst');
    }
    const mqttBroker = flagValue(flags, 'mqtt');
    const mqttPort = flagValue(flags, 'mqtt-port');
    if (mqttBroker !== undefined || mqttPort !== undefined) {
      overrides.mqtt = {};
      if (mqttBroker !== undefined) overrides.mqtt.broker = parseMqttBroker(mqttBroker, '--mqtt');
      if (mqttPort !== undefined) {
        if (overrides.mqtt.broker !== undefined && overrides.mqtt.broker !== 'embedded')
          throw new CliUsageError(
            `--mqtt-port is the embedded broker's port: ${overrides.mqtt.broker === 'off' ? 'MQTT is off' : "an external broker's port goes in its URL"}`,
          );
        overrides.mqtt.port = parsePort(mqttPort, '--mqtt-port');
      }
    }
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
