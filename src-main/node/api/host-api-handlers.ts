import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statfsSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import type { HostApi, LogLineJson, SettingsJson, StorageInfoJson } from '../../../src-shared/api.ts';
import { type ConfigFile, type NodeConfig, parseConfigFile, readConfigFile } from '../config/config.ts';
import { ConfigError } from '../config/config-error.ts';
import { NODE_NETWORKS, networkParams } from '../config/networks.ts';
import { AddressError, type AddressPrefix, decodeAddress } from '../consensus/address.ts';
import { DagwalletError } from '../errors.ts';
import type { DagwalletNode } from '../node.ts';
import { ApiError } from './api-error.ts';
import { paramsObject } from './params.ts';
import type { HandlersOf } from './node-api-handlers.ts';

export const HostErrorCode = {
  /** config.json could not be written (a read-only or full disk, no permission). */
  WRITE_FAILED: 'WRITE_FAILED',
  /** The disk holding a folder could not be asked for its size. */
  STAT_FAILED: 'STAT_FAILED',
} as const;
export type HostErrorCode = (typeof HostErrorCode)[keyof typeof HostErrorCode];

/** The host (the machine the node runs on) refused something the API asked of it. */
export class HostError extends DagwalletError<HostErrorCode> {}

export const DEFAULT_LOG_LIMIT = 200;
export const MAX_LOG_LIMIT = 1_000;
/** The config file the node reads at start when no --config is given (config.ts resolveConfig). */
export const CONFIG_FILE_NAME = 'config.json';
const MAX_PATH_CHARS = 4_096;
/** Listen addresses or peers one setting holds; far more is a mistake, not a configuration. */
const MAX_ADDRESSES = 64;
const SETTING_NAMES = ['network', 'dataDir', 'rpcPort', 'listen', 'peers', 'mdns', 'outboundPeers', 'mining'];

/**
 * The settings saved during this run, per node (every handler set over the same node shares them):
 * what the node will use after a restart, shown again when the settings are read.
 */
const savedSettings = new WeakMap<DagwalletNode, SettingsJson>();

function wholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ApiError('BAD_PARAMS', `${field} must be a whole number from ${min} to ${max.toLocaleString('en-US')}`);
  return value;
}

function absolutePath(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_PATH_CHARS || value.includes('\0'))
    throw new ApiError('BAD_PARAMS', `${field} must be a folder path`);
  if (!isAbsolute(value)) throw new ApiError('BAD_PARAMS', `${field} must be an absolute path (not '${value}')`);
  // A UNC path (\\host\share) would make the node open a network share, and block while it answers.
  if (/^[\\/]{2}/.test(value)) throw new ApiError('BAD_PARAMS', `${field} must be a local folder, not a network path`);
  return resolve(value);
}

export function settingsFromConfig(config: NodeConfig): SettingsJson {
  return {
    network: config.network,
    dataDir: config.dataDir,
    rpcPort: config.rpcPort,
    listen: [...config.listen],
    peers: [...config.peers],
    mdns: config.mdns,
    outboundPeers: config.outboundPeers,
    mining: { address: config.mining.address ?? null, threads: config.mining.threads },
  };
}

function sameSettings(a: SettingsJson, b: SettingsJson): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A P2P address the node can listen on or dial: a multiaddr over TCP (as P2PService.addPeer requires). */
function checkTcpMultiaddr(text: string, field: string): void {
  let components: { name: string }[];
  try {
    components = multiaddr(text).getComponents();
  } catch (error) {
    throw new ApiError('BAD_PARAMS', `${field} is not a multiaddr: '${text}' (${(error as Error).message})`);
  }
  if (!components.some((component) => component.name === 'tcp'))
    throw new ApiError('BAD_PARAMS', `${field} is not a TCP address: '${text}' (e.g. /ip4/0.0.0.0/tcp/17611)`);
}

/** The change asked for, checked by config.ts's own rules plus what would stop the node from starting. */
interface SettingsChange {
  /** Fields for config.json (mining.address absent when it is being cleared). */
  file: ConfigFile;
  clearMiningAddress: boolean;
}

function parseChange(raw: unknown): SettingsChange {
  const input = paramsObject(raw);
  for (const key of Object.keys(input))
    if (!SETTING_NAMES.includes(key)) throw new ApiError('BAD_PARAMS', `unknown setting '${key}'`);
  const candidate: Record<string, unknown> = { ...input };
  let clearMiningAddress = false;
  if (input.mining !== undefined) {
    const mining = { ...paramsObject(input.mining, 'mining') };
    // null clears the address (the node then does not mine at start); config.json has no null.
    if (mining.address === null) {
      clearMiningAddress = true;
      delete mining.address;
    }
    candidate.mining = mining;
  }
  let file: ConfigFile;
  try {
    file = parseConfigFile(candidate);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new ApiError('BAD_PARAMS', error.message.replace('config field', 'setting'));
    throw error;
  }
  if (file.dataDir !== undefined) file.dataDir = absolutePath(file.dataDir, 'dataDir');
  for (const field of ['listen', 'peers'] as const) {
    const list = file[field];
    if (list === undefined) continue;
    if (list.length > MAX_ADDRESSES)
      throw new ApiError('BAD_PARAMS', `${field} holds at most ${MAX_ADDRESSES} addresses`);
    list.forEach((text, i) => checkTcpMultiaddr(text, `${field}[${i}]`));
  }
  return { file, clearMiningAddress };
}

function applyChange(settings: SettingsJson, { file, clearMiningAddress }: SettingsChange): SettingsJson {
  return {
    network: file.network ?? settings.network,
    dataDir: file.dataDir ?? settings.dataDir,
    rpcPort: file.rpcPort ?? settings.rpcPort,
    listen: file.listen ?? settings.listen,
    peers: file.peers ?? settings.peers,
    mdns: file.mdns ?? settings.mdns,
    outboundPeers: file.outboundPeers ?? settings.outboundPeers,
    mining: {
      address: clearMiningAddress ? null : (file.mining?.address ?? settings.mining.address),
      threads: file.mining?.threads ?? settings.mining.threads,
    },
  };
}

/** A mining address of another network would stop the node at its next start: refuse it now. */
function checkMiningAddress(settings: SettingsJson): void {
  const address = settings.mining.address;
  if (address === null) return;
  const prefix = networkParams(settings.network).addressPrefix as AddressPrefix;
  try {
    decodeAddress(address, prefix);
  } catch (error) {
    if (error instanceof AddressError)
      throw new ApiError(
        'BAD_PARAMS',
        `mining.address is not a ${settings.network} address (${prefix}:…): ${error.message}`,
      );
    throw error;
  }
}

/** The file with the change merged in: fields the change leaves out keep what the file says. */
function mergeIntoFile(existing: ConfigFile, { file, clearMiningAddress }: SettingsChange): ConfigFile {
  const merged: ConfigFile = { ...existing, ...file };
  const mining = { ...existing.mining, ...file.mining };
  if (clearMiningAddress) delete mining.address;
  if (Object.keys(mining).length > 0) merged.mining = mining;
  else delete merged.mining;
  return merged;
}

/** Writes a whole new file beside the old and renames it over: a crash leaves one or the other, never half. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text, { flush: true });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never written
    }
    throw new HostError('WRITE_FAILED', `cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** The folder itself or its nearest parent that exists (a folder being chosen may not exist yet). */
function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** Bytes of the SQLite files (with their WAL and shared memory) in a network's folder. */
function storeBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!/\.sqlite(-wal|-shm|-journal)?$/.test(name)) continue;
    try {
      total += statSync(join(dir, name)).size;
    } catch {
      // removed meanwhile (a -shm at checkpoint)
    }
  }
  return total;
}

export function storageInfo(dataDir: string, network: string): StorageInfoJson {
  const networkDir = join(dataDir, network);
  const existing = nearestExisting(dataDir);
  let stats: { bsize: number; blocks: number; bavail: number };
  try {
    stats = statfsSync(existing);
  } catch (error) {
    throw new HostError('STAT_FAILED', `cannot read the free space of ${existing}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    dataDir,
    networkDir,
    freeBytes: stats.bavail * stats.bsize,
    totalBytes: stats.blocks * stats.bsize,
    storeBytes: storeBytes(networkDir),
  };
}

/** The host's methods: the node's log, its settings (config.json) and the disk it keeps its data on. */
export function hostApiHandlers(node: DagwalletNode): HandlersOf<HostApi> {
  const running = settingsFromConfig(node.config);
  const saved = (): SettingsJson => savedSettings.get(node) ?? running;
  // The file the node read its settings from (moving the data folder leaves it where it was).
  const configPath = node.config.configPath ?? join(node.config.dataDir, CONFIG_FILE_NAME);
  return {
    async getLogs(raw): Promise<LogLineJson[]> {
      const input = paramsObject(raw);
      const limit = input.limit === undefined ? DEFAULT_LOG_LIMIT : wholeNumber(input.limit, 'limit', 1, MAX_LOG_LIMIT);
      const afterSeq =
        input.afterSeq === undefined ? undefined : wholeNumber(input.afterSeq, 'afterSeq', 0, Number.MAX_SAFE_INTEGER);
      return node.log.lines({ limit, afterSeq });
    },
    async getSettings() {
      return { ...saved(), networks: Object.keys(NODE_NETWORKS), cpuCount: availableParallelism() };
    },
    async updateSettings(raw) {
      const change = parseChange(raw);
      const next = applyChange(saved(), change);
      checkMiningAddress(next);
      let existing: ConfigFile = {};
      if (existsSync(configPath)) {
        try {
          existing = readConfigFile(configPath);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          // The node would not start with it either: the new file replaces it whole.
          node.log.warn('node', `replacing the unreadable settings file: ${error.message}`);
        }
      }
      writeFileAtomically(configPath, `${JSON.stringify(mergeIntoFile(existing, change), null, 2)}\n`);
      savedSettings.set(node, next);
      const restartRequired = !sameSettings(next, running);
      node.log.info(
        'node',
        `settings saved to ${configPath}${restartRequired ? ': they take effect when the node restarts' : ''}`,
      );
      return { ...next, restartRequired };
    },
    async getStorageInfo(raw) {
      const input = paramsObject(raw);
      const dataDir = input.path === undefined ? node.config.dataDir : absolutePath(input.path, 'path');
      const info = storageInfo(dataDir, node.config.network);
      // Another folder is only being chosen: its free space, not a listing of what it holds.
      return dataDir === node.config.dataDir ? info : { ...info, storeBytes: 0 };
    },
  };
}
