/**
 * The node's host process, as logic: starts DagwalletNode off the UI's main process (config from
 * the data folder's config.json and the defaults, the local API on a free loopback port), tells
 * main where its WebSocket is and the run's token, and closes the node cleanly when main asks or
 * a SIGTERM/SIGINT comes. The port to main is abstract: Electron's parentPort in the app, a
 * Node child's IPC channel in tests (node-host-process.ts picks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLineJson } from '../../../src-shared/api.ts';
import { ENDPOINT_FILE, type NodeEndpoint } from '../../node/api/node-endpoint.ts';
import { type ConfigFile, type NodeConfig, resolveConfig } from '../../node/config/config.ts';
import { DagwalletError } from '../../node/errors.ts';
import { formatLogLine } from '../../node/log/node-log.ts';
import { DagwalletNode } from '../../node/node.ts';
import { isCloseHostMessage, type HostToMainMessage } from './node-host-protocol.ts';

export const NodeHostErrorCode = {
  /** The host was started with arguments it does not know. */
  BAD_ARGS: 'BAD_ARGS',
  /** The node started but its endpoint file (the token) could not be read. */
  NO_ENDPOINT: 'NO_ENDPOINT',
  /** The node could not start for a reason that carried no code of its own. */
  START_FAILED: 'START_FAILED',
  /** Closing the node failed (the store may not have closed cleanly). */
  CLOSE_FAILED: 'CLOSE_FAILED',
} as const;
export type NodeHostErrorCode = (typeof NodeHostErrorCode)[keyof typeof NodeHostErrorCode];

export class NodeHostError extends DagwalletError<NodeHostErrorCode> {}

/** The host's side of the channel to main. */
export interface HostPort {
  post(message: HostToMainMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

export interface NodeHostOptions {
  /** The process's arguments: `--data-dir <folder>` at most (default: the config's own default). */
  args: readonly string[];
  version: string;
  /** Ends the process once the node is closed or failed to start. */
  exit: (code: number) => void;
  /** Registers the process's signal handlers (default: process.once). */
  onSignal?: (signal: 'SIGTERM' | 'SIGINT', handler: () => void) => void;
  /** Where the node's log lines go (default: info to stdout, warnings and errors to stderr). */
  log?: (line: LogLineJson) => void;
  /** Starts the node (tests may wrap it). */
  startNode?: (config: NodeConfig, version: string) => Promise<DagwalletNode>;
}

/** The flags the host takes: where the data lives. Everything else comes from its config.json. */
export function parseHostArgs(args: readonly string[]): ConfigFile {
  const flags: ConfigFile = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--data-dir') {
      const value = args[++i];
      if (!value) throw new NodeHostError('BAD_ARGS', '--data-dir needs a folder');
      flags.dataDir = value;
    } else throw new NodeHostError('BAD_ARGS', `unknown argument '${arg}'`);
  }
  return flags;
}

/**
 * The config the app's node runs with: the data folder's config.json over the defaults, but the
 * local API always on a free port (127.0.0.1 only, as every node serves it): several nodes, a
 * CLI node among them, never fight over it, and main learns the port from the host. The same
 * for the embedded MQTT broker (node.json tells its port); an external broker stays as set.
 */
export function hostConfig(args: readonly string[]): NodeConfig {
  const config = resolveConfig({ ...parseHostArgs(args), rpcPort: 0 });
  return config.mqtt.broker === 'embedded' ? { ...config, mqtt: { broker: 'embedded', port: 0 } } : config;
}

function readToken(dir: string): string {
  try {
    const endpoint = JSON.parse(readFileSync(join(dir, ENDPOINT_FILE), 'utf8')) as Partial<NodeEndpoint>;
    if (typeof endpoint.token === 'string' && endpoint.token !== '') return endpoint.token;
  } catch {
    // reported below
  }
  throw new NodeHostError('NO_ENDPOINT', `the node started but ${join(dir, ENDPOINT_FILE)} holds no token`);
}

function printLine(line: LogLineJson): void {
  const stream = line.level === 'warn' || line.level === 'error' ? process.stderr : process.stdout;
  stream.write(`${formatLogLine(line)}\n`);
}

/**
 * Runs the host: starts the node and reports 'ready' (or 'failed', then exits 1); on 'close' from
 * main or a signal, closes the node, reports 'closed' and exits 0. Resolves once it has exited.
 */
export function runNodeHost(port: HostPort, options: NodeHostOptions): Promise<number> {
  const onSignal = options.onSignal ?? ((signal, handler) => process.once(signal, handler));
  const log = options.log ?? printLine;
  const startNode =
    options.startNode ??
    ((config: NodeConfig, version: string) => DagwalletNode.start(config, { version, mqtt: true }));
  let node: DagwalletNode | undefined;
  let closing: Promise<void> | undefined;
  let exited = false;
  let resolveExit!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    resolveExit(code);
    options.exit(code);
  };

  // Settles once the start has succeeded or failed; a close waits for it, whenever it comes.
  let startFailed = false;
  let startSettled!: () => void;
  const started = new Promise<void>((resolve) => (startSettled = resolve));

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await started;
      if (startFailed) return; // reported, and the process ended, below
      try {
        await node?.close();
      } catch (error) {
        port.post({ type: 'failed', code: NodeHostErrorCode.CLOSE_FAILED, message: (error as Error)?.message ?? '' });
        exit(1);
        return;
      }
      port.post({ type: 'closed' });
      exit(0);
    })());

  // Listening before the node starts: main may ask to close at any moment, a slow start included.
  port.onMessage((message) => {
    if (isCloseHostMessage(message)) void close();
  });
  onSignal('SIGTERM', () => void close());
  onSignal('SIGINT', () => void close());

  void (async () => {
    const config = hostConfig(options.args);
    node = await startNode(config, options.version);
    node.events.on('logAdded', log);
    // An API client's shutDown stops the host the same way main's 'close' does.
    node.onShutdownRequested(() => void close());
    if (closing) return; // main asked to close while the node was starting: it closes now
    const wsUrl = node.wsUrl;
    if (!wsUrl) throw new NodeHostError('START_FAILED', 'the node serves no WebSocket API');
    port.post({ type: 'ready', wsUrl, token: readToken(node.dir), network: node.params.name, dir: node.dir });
  })().then(startSettled, async (error: unknown) => {
    startFailed = true;
    startSettled();
    const code = error instanceof DagwalletError ? error.code : NodeHostErrorCode.START_FAILED;
    const message = error instanceof Error ? error.message : String(error);
    port.post({ type: 'failed', code, message });
    // Started but could not report: close what did start, so the store and the lock are released.
    await node?.close().catch(() => {});
    exit(1);
  });
  return exitCode;
}
