import { DagwalletNode } from '../../node/node.ts';
import { DagwalletError } from '../../node/errors.ts';
import { formatLogLine } from '../../node/log/node-log.ts';
import type { LogLineJson } from '../../../src-shared/api.ts';
import { CliInputError, type Command, isFileSystemError } from '../command.ts';
import { parseFlags } from '../flags.ts';
import { configFromFlags, LOCATION_USAGE, NODE_FLAG_SPEC } from '../node-flags.ts';
import { packageRoot, readPackageVersion } from '../version.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How often the node prints a status line. */
const STATUS_INTERVAL_MS = 10_000;

function status(node: DagwalletNode): string {
  const { consensus } = node;
  const sink = consensus.sink();
  const parts = [
    `blocks ${consensus.blockCount()}`,
    `blue score ${consensus.ghostdagData(sink)?.blueScore ?? 0}`,
    `sink ${sink.slice(0, 16)}…`,
    `mempool ${node.mempool.size}`,
  ];
  const p2p = node.p2p;
  if (p2p) {
    parts.push(`peers ${p2p.peers().length}`);
    const sync = p2p.isSyncing ? p2p.syncProgress : undefined;
    if (sync && (sync.stage === 'headers' || sync.stage === 'blocks')) {
      parts.push(`syncing ${sync.stage} ${sync.done}/${sync.total} (${sync.ratePerSecond}/s)`);
    }
  }
  const miner = node.miner;
  if (miner) parts.push(`mining ${Math.round(miner.hashRate)} H/s, ${node.blocksFound} found`);
  return parts.join(' · ');
}

function p2pSummary(node: DagwalletNode): string {
  const p2p = node.p2p;
  if (!p2p) return 'off';
  const listening = p2p.listenAddresses;
  return listening.length > 0 ? `listening on ${listening.join(', ')}` : `not listening (peer id ${p2p.peerId})`;
}

/** The built UI's folder; `--ui` without a build says how to make one. */
function builtUiDir(): string {
  const dir = join(packageRoot(), 'dist', 'ui');
  if (!existsSync(join(dir, 'index.html')))
    throw new CliInputError(`the UI is not built (no ${dir}/index.html): run \`npm run build:ui\``);
  return dir;
}

/** Resolves when the process is asked to stop; a second signal forces the exit. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    let asked = false;
    const onSignal = (signal: string): void => {
      if (asked) {
        process.stderr.write('forced exit\n');
        process.exit(130);
      }
      asked = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `dagwallet node --help`: every flag, a line each. */
function nodeHelp(usage: string): string {
  return [
    `usage: dagwallet ${usage}`,
    '',
    'Runs a full node until Ctrl-C. Flags override the config file (<data dir>/config.json), which overrides the defaults.',
    '',
    '  --network devnet|simnet   the network (default devnet)',
    '  --data-dir DIR            the data folder (each network in its own subfolder)',
    '  --config FILE             the config file (default <data dir>/config.json)',
    '  --rpc-port N              the local API on 127.0.0.1:N (0: any free port)',
    "  --rpc-listen HOST         the API's address (default 127.0.0.1); any other, e.g. 0.0.0.0, serves the",
    "                            network and then every API request needs the token (the UI's files do not)",
    '  --rpc-rate-limit N        API requests per second per client address, and WebSocket messages per',
    '                            connection (default 500); --rpc-rate-burst N: how many at once (default 5000);',
    '                            --no-rpc-rate-limit: none',
    '  --listen ADDR             P2P listen multiaddr (repeatable); --no-listen: none',
    '  --peer ADDR               a peer to stay connected to (repeatable)',
    '  --no-mdns                 do not look for peers on the LAN',
    '  --outbound-peers N        outbound connections to keep (default 8)',
    '  --mine-to ADDRESS         mine to this address; --threads N: worker threads',
    '  --ui                      serve the built app to a browser on the API port',
    "  --mqtt embedded|off|URL   MQTT notifications on Kasparov's topics (dag/blocks, dag/selected-tip,",
    '                            dag/selected-parent-chain, transactions/[accepted/|unaccepted/]<address>):',
    '                            embedded (default) runs a broker in the node on 127.0.0.1, clients may',
    '                            subscribe but not publish; a URL (mqtt://[user:password@]host:port or',
    '                            mqtts://…) publishes to that broker, reconnecting while it is away',
    "  --mqtt-port N             the embedded broker's port (default 17612 devnet, 17512 simnet; 0: any free)",
    '',
  ].join('\n');
}

/** Runs a full node until SIGINT/SIGTERM or the API's shutDown: consensus, mempool, address index, local API, optional miner. */
export const nodeCommand: Command = {
  name: 'node',
  usage: `node ${LOCATION_USAGE} [--rpc-port N] [--listen ADDR]... [--no-listen] [--peer ADDR]... [--no-mdns] [--outbound-peers N] [--mine-to ADDRESS] [--threads N] [--ui] [--mqtt embedded|off|URL] [--mqtt-port N] [--rpc-listen HOST] [--rpc-rate-limit N] [--rpc-rate-burst N] [--no-rpc-rate-limit]`,
  summary: 'run a full node (mine with --mine-to; serve the app to a browser with --ui) until Ctrl-C',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(nodeHelp(this.usage));
      return 0;
    }
    const flags = parseFlags(args, NODE_FLAG_SPEC);
    const config = configFromFlags(flags);
    const out = process.stdout;
    let node: DagwalletNode;
    try {
      node = await DagwalletNode.start(config, {
        version: readPackageVersion(),
        uiDir: flags.switches.has('ui') ? builtUiDir() : undefined,
        mqtt: true,
      });
    } catch (error) {
      if (error instanceof DagwalletError || isFileSystemError(error))
        throw new CliInputError(`cannot start the node: ${error.message}`, { cause: error });
      throw error;
    }
    out.write(`dagwallet ${readPackageVersion()} node on ${node.params.name}\n`);
    out.write(`data      ${node.dir}\n`);
    out.write(`api       ${node.rpcUrl ?? 'off'}\n`);
    if (node.uiUrl) out.write(`ui        ${node.uiUrl}\n`);
    out.write(`p2p       ${p2pSummary(node)}\n`);
    out.write(`mqtt      ${node.mqtt ? node.mqtt.description : 'off (--mqtt embedded|URL)'}\n`);
    out.write(
      `mining    ${node.minerAddress ? `${node.minerAddress} on ${config.mining.threads} thread(s)` : 'off (--mine-to ADDRESS)'}\n`,
    );
    out.write(`${status(node)}\n`);
    // What happens while the node runs is printed from its log, the same lines the Logs screen shows.
    // The summary above covers the start's info lines; its warnings, if any, are printed now.
    const print = (line: LogLineJson): void => {
      // Node prints process warnings to stderr itself.
      if (node.log.isProcessWarning(line)) return;
      const stream = line.level === 'warn' || line.level === 'error' ? process.stderr : out;
      stream.write(`${formatLogLine(line)}\n`);
    };
    for (const line of node.log.lines()) if (line.level === 'warn' || line.level === 'error') print(line);
    node.events.on('logAdded', print);
    const timer = setInterval(() => out.write(`${status(node)}\n`), STATUS_INTERVAL_MS);
    // A client's shutDown (the API) takes the same stop path as Ctrl-C.
    const stop = await Promise.race([
      untilSignal().then((signal) => `${signal} received`),
      new Promise<string>((resolve) => node.onShutdownRequested(() => resolve('shutDown called through the API'))),
    ]);
    clearInterval(timer);
    node.log.info('node', stop);
    await node.close();
    return 0;
  },
};
