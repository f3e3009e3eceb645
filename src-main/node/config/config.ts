import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RATE_LIMIT, type RateLimit } from '../api/json-rpc/access-policy.ts';
import { ConfigError } from './config-error.ts';
import { DEFAULT_NETWORK, isNodeNetworkName, type NodeNetworkName } from './networks.ts';

/** Everything `dagwallet node` needs to start; flags override the config file, which overrides defaults. */
export interface NodeConfig {
  network: NodeNetworkName;
  /** The root folder; each network keeps its own subfolder (`<dataDir>/<network>`). */
  dataDir: string;
  /** P2P listen multiaddrs (empty: no inbound peers) and peers to stay connected to. */
  listen: string[];
  peers: string[];
  /** Find peers of the same network on the LAN with mDNS. */
  mdns: boolean;
  /** Outbound connections the node keeps from the addresses it learned (besides `peers`); kaspad's 8. */
  outboundPeers: number;
  /** The local API: loopback only; port 0 takes any free port. */
  rpcPort: number;
  /**
   * The address the API listens on (default 127.0.0.1). Any address other than loopback serves
   * the network, and then every API request needs the token (only the UI's files do not).
   */
  rpcListen: string;
  /** API requests per client address (and messages per WebSocket connection); false: no limit. */
  rateLimit: RateLimit | false;
  /**
   * MQTT notifications on Kasparov's topics: `broker` is 'embedded' (a broker inside the node on
   * 127.0.0.1:`port`, 0 taking any free port), 'off', or an external broker's mqtt:// or
   * mqtts:// URL (its port in the URL; `port` is then unused).
   */
  mqtt: { broker: string; port: number };
  /**
   * The settings file this config was read from, or the one it would be read from
   * (`<dataDir>/config.json`): where the app saves the user's settings so the next start reads them.
   */
  configPath?: string;
  mining: {
    /** Mine at start to this address; without it the node does not mine. */
    address: string | undefined;
    /** Worker threads; default cores - 1 so one core stays free for block import and the UI. */
    threads: number;
  };
}

/** The config file's shape: every field optional, nothing else allowed. */
export type ConfigFile = Partial<Omit<NodeConfig, 'mining' | 'configPath' | 'mqtt' | 'rateLimit'>> & {
  mining?: Partial<NodeConfig['mining']>;
  rateLimit?: Partial<RateLimit> | false;
  mqtt?: Partial<NodeConfig['mqtt']>;
};

/** Our own RPC ports, clear of kaspad's (16110–16610), one per network. */
const DEFAULT_RPC_PORTS: Record<NodeNetworkName, number> = { devnet: 17610, simnet: 17510 };
/** P2P ports one above them (kaspad: 16111 P2P beside 16110 RPC). */
const DEFAULT_P2P_PORTS: Record<NodeNetworkName, number> = { devnet: 17611, simnet: 17511 };
const DEFAULT_OUTBOUND_PEERS = 8;
/** The embedded MQTT broker's ports, one above P2P; never 1883, which a system broker (mosquitto) may hold. */
const DEFAULT_MQTT_PORTS: Record<NodeNetworkName, number> = { devnet: 17612, simnet: 17512 };

/** Listens on every IPv4 interface at the network's P2P port, as a full node does by default. */
export function defaultListen(network: NodeNetworkName): string[] {
  return [`/ip4/0.0.0.0/tcp/${DEFAULT_P2P_PORTS[network]}`];
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Where an app keeps its data on each platform (XDG on Linux). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.DAGWALLET_HOME) return env.DAGWALLET_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'dagwallet');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'dagwallet');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'dagwallet');
}

/** The folder of one network's store, node endpoint file and wallets. */
export function networkDir(config: Pick<NodeConfig, 'dataDir' | 'network'>): string {
  return join(config.dataDir, config.network);
}

function fail(message: string): never {
  throw new ConfigError('BAD_CONFIG', message);
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    fail(`${field} must be a list of strings`);
  return value as string[];
}

/** A whole number in [min, max], from JSON or from a flag's text; otherwise BAD_VALUE naming what it should be. */
function parseWholeNumber(value: unknown, min: number, max: number, mustBe: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError('BAD_VALUE', mustBe);
  }
  return number;
}

export function parsePort(value: unknown, field: string): number {
  return parseWholeNumber(value, 0, 65535, `${field} must be a port number from 0 to 65535`);
}

export function parseOutboundPeers(value: unknown, field: string): number {
  return parseWholeNumber(value, 0, 64, `${field} must be a whole number of peers from 0 to 64`);
}

export function parseThreads(value: unknown, field: string): number {
  return parseWholeNumber(value, 1, 256, `${field} must be a whole number of threads from 1 to 256`);
}

/** An IPv4 or IPv6 address (brackets optional) or a host name; the API binds it. */
export function parseListenHost(value: unknown, field: string): string {
  const mustBe = `${field} must be an IP address or a host name, like 127.0.0.1, 0.0.0.0 or ::1`;
  if (typeof value !== 'string') throw new ConfigError('BAD_VALUE', mustBe);
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(bare) !== 0) return bare;
  const hostName = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
  if (!hostName.test(bare)) throw new ConfigError('BAD_VALUE', `${mustBe}, not '${value}'`);
  return bare;
}

export function parseRatePerSecond(value: unknown, field: string): number {
  const mustBe = `${field} must be a whole number of requests per second from 1 to 1,000,000`;
  return parseWholeNumber(value, 1, 1_000_000, mustBe);
}

export function parseRateBurst(value: unknown, field: string): number {
  return parseWholeNumber(value, 1, 10_000_000, `${field} must be a whole number of requests from 1 to 10,000,000`);
}

/** The `rateLimit` of a config file: false (no limit) or { perSecond, burst }, each optional. */
export function parseRateLimit(value: unknown, field: string): Partial<RateLimit> | false {
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${field} must be false or an object { perSecond, burst }`);
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (key !== 'perSecond' && key !== 'burst') fail(`unknown config field '${field}.${key}'`);
  const limit: Partial<RateLimit> = {};
  if (input.perSecond !== undefined) limit.perSecond = parseRatePerSecond(input.perSecond, `${field}.perSecond`);
  if (input.burst !== undefined) limit.burst = parseRateBurst(input.burst, `${field}.burst`);
  return limit;
}

/** Flags over file over defaults, field by field; false (no limit) from either wins over the defaults. */
function resolveRateLimit(flags: ConfigFile['rateLimit'], file: ConfigFile['rateLimit']): RateLimit | false {
  if (flags === false || (flags === undefined && file === false)) return false;
  const fromFile = file === false ? {} : (file ?? {});
  return {
    perSecond: flags?.perSecond ?? fromFile.perSecond ?? DEFAULT_RATE_LIMIT.perSecond,
    burst: flags?.burst ?? fromFile.burst ?? DEFAULT_RATE_LIMIT.burst,
  };
}

/** 'embedded', 'off', or an mqtt:// or mqtts:// URL naming a host (user:password allowed, no path). */
export function parseMqttBroker(value: unknown, field: string): string {
  const mustBe = `${field} must be 'embedded', 'off' or a broker URL (mqtt://host:port or mqtts://host:port)`;
  if (typeof value !== 'string') throw new ConfigError('BAD_VALUE', mustBe);
  if (value === 'embedded' || value === 'off') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('BAD_VALUE', `${mustBe}, not '${value}'`);
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:')
    throw new ConfigError('BAD_VALUE', `${mustBe}: ${url.protocol}// is not an MQTT scheme`);
  if (url.hostname === '') throw new ConfigError('BAD_VALUE', `${mustBe}: the URL names no host`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '')
    throw new ConfigError('BAD_VALUE', `${mustBe}: a broker URL has no path, query or fragment`);
  return value;
}

/** The `mqtt` object of a config file (or of flags): broker and port, each optional, not both port and a URL. */
export function parseMqttSettings(value: unknown, field: string): Partial<NodeConfig['mqtt']> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${field} must be an object`);
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (key !== 'broker' && key !== 'port') fail(`unknown config field '${field}.${key}'`);
  const settings: Partial<NodeConfig['mqtt']> = {};
  if (input.broker !== undefined) settings.broker = parseMqttBroker(input.broker, `${field}.broker`);
  if (input.port !== undefined) settings.port = parsePort(input.port, `${field}.port`);
  if (settings.port !== undefined && settings.broker !== undefined && settings.broker !== 'embedded')
    throw new ConfigError(
      'BAD_VALUE',
      `${field}.port is the embedded broker's; ${settings.broker === 'off' ? 'MQTT is off' : "an external broker's port goes in its URL"}`,
    );
  return settings;
}

/** Checks a parsed config file field by field; unknown fields are refused so typos do not pass silently. */
export function parseConfigFile(json: unknown): ConfigFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('the config file must hold one JSON object');
  const input = json as Record<string, unknown>;
  const known = new Set([
    'network',
    'dataDir',
    'listen',
    'peers',
    'mdns',
    'outboundPeers',
    'rpcPort',
    'rpcListen',
    'rateLimit',
    'mining',
    'mqtt',
  ]);
  for (const key of Object.keys(input)) if (!known.has(key)) fail(`unknown config field '${key}'`);
  const config: ConfigFile = {};
  if (input.network !== undefined) {
    if (typeof input.network !== 'string' || !isNodeNetworkName(input.network))
      fail(`network must be one of devnet, simnet`);
    config.network = input.network;
  }
  if (input.dataDir !== undefined) {
    if (typeof input.dataDir !== 'string' || input.dataDir === '') fail('dataDir must be a folder path');
    config.dataDir = input.dataDir;
  }
  if (input.listen !== undefined) config.listen = stringList(input.listen, 'listen');
  if (input.peers !== undefined) config.peers = stringList(input.peers, 'peers');
  if (input.mdns !== undefined) {
    if (typeof input.mdns !== 'boolean') fail('mdns must be true or false');
    config.mdns = input.mdns;
  }
  if (input.outboundPeers !== undefined)
    config.outboundPeers = parseOutboundPeers(input.outboundPeers, 'outboundPeers');
  if (input.rpcPort !== undefined) config.rpcPort = parsePort(input.rpcPort, 'rpcPort');
  if (input.rpcListen !== undefined) config.rpcListen = parseListenHost(input.rpcListen, 'rpcListen');
  if (input.rateLimit !== undefined) config.rateLimit = parseRateLimit(input.rateLimit, 'rateLimit');
  if (input.mqtt !== undefined) config.mqtt = parseMqttSettings(input.mqtt, 'mqtt');
  if (input.mining !== undefined) {
    const mining = input.mining as Record<string, unknown>;
    if (typeof mining !== 'object' || mining === null || Array.isArray(mining)) fail('mining must be an object');
    for (const key of Object.keys(mining))
      if (key !== 'address' && key !== 'threads') fail(`unknown config field 'mining.${key}'`);
    config.mining = {};
    if (mining.address !== undefined) {
      if (typeof mining.address !== 'string') fail('mining.address must be an address');
      config.mining.address = mining.address;
    }
    if (mining.threads !== undefined) config.mining.threads = parseThreads(mining.threads, 'mining.threads');
  }
  return config;
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('BAD_CONFIG', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('BAD_CONFIG', `config file ${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return parseConfigFile(json);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Resolves the config: `flags` (already parsed) over the config file (`configPath`, or
 * `<dataDir>/config.json` when it exists) over the defaults.
 */
export function resolveConfig(flags: ConfigFile, configPath?: string): NodeConfig {
  const rootFromFlags = flags.dataDir;
  const implicitPath = join(rootFromFlags ?? defaultDataDir(), 'config.json');
  const path = configPath ?? (existsSync(implicitPath) ? implicitPath : undefined);
  const file = path ? readConfigFile(path) : {};
  const network = flags.network ?? file.network ?? DEFAULT_NETWORK;
  return {
    network,
    dataDir: flags.dataDir ?? file.dataDir ?? defaultDataDir(),
    listen: flags.listen ?? file.listen ?? defaultListen(network),
    peers: flags.peers ?? file.peers ?? [],
    mdns: flags.mdns ?? file.mdns ?? true,
    outboundPeers: flags.outboundPeers ?? file.outboundPeers ?? DEFAULT_OUTBOUND_PEERS,
    rpcPort: flags.rpcPort ?? file.rpcPort ?? DEFAULT_RPC_PORTS[network],
    rpcListen: flags.rpcListen ?? file.rpcListen ?? '127.0.0.1',
    rateLimit: resolveRateLimit(flags.rateLimit, file.rateLimit),
    mqtt: {
      broker: flags.mqtt?.broker ?? file.mqtt?.broker ?? 'embedded',
      port: flags.mqtt?.port ?? file.mqtt?.port ?? DEFAULT_MQTT_PORTS[network],
    },
    configPath: path ?? implicitPath,
    mining: {
      address: flags.mining?.address ?? file.mining?.address,
      threads: flags.mining?.threads ?? file.mining?.threads ?? defaultThreads(),
    },
  };
}
