import { DagwalletNode } from '../../node/node.ts';
import { DagwalletError } from '../../node/errors.ts';
import { CliInputError, type Command, isFileSystemError } from '../command.ts';
import { parseFlags } from '../flags.ts';
import { configFromFlags, LOCATION_USAGE, NODE_FLAG_SPEC } from '../node-flags.ts';
import { readPackageVersion } from '../version.ts';

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

/** Runs a full node until SIGINT/SIGTERM: consensus, mempool, address index, local API, optional miner. */
export const nodeCommand: Command = {
  name: 'node',
  usage: `node ${LOCATION_USAGE} [--rpc-port N] [--listen ADDR]... [--no-listen] [--peer ADDR]... [--no-mdns] [--outbound-peers N] [--mine-to ADDRESS] [--threads N]`,
  summary: 'run a full node (and mine with --mine-to) until Ctrl-C',
  async run(args) {
    const flags = parseFlags(args, NODE_FLAG_SPEC);
    const config = configFromFlags(flags);
    const out = process.stdout;
    let node: DagwalletNode;
    try {
      node = await DagwalletNode.start(config, { version: readPackageVersion() });
    } catch (error) {
      if (error instanceof DagwalletError || isFileSystemError(error))
        throw new CliInputError(`cannot start the node: ${error.message}`, { cause: error });
      throw error;
    }
    out.write(`dagwallet ${readPackageVersion()} node on ${node.params.name}\n`);
    out.write(`data      ${node.dir}\n`);
    out.write(`api       ${node.rpcUrl ?? 'off'}\n`);
    out.write(`p2p       ${p2pSummary(node)}\n`);
    out.write(
      `mining    ${node.minerAddress ? `${node.minerAddress} on ${config.mining.threads} thread(s)` : 'off (--mine-to ADDRESS)'}\n`,
    );
    out.write(`${status(node)}\n`);
    node.events.on('peerConnected', ({ peerId, address, direction }) =>
      out.write(`peer      + ${peerId} ${direction} ${address}\n`),
    );
    node.events.on('peerDisconnected', ({ peerId, reason }) => out.write(`peer      - ${peerId}: ${reason}\n`));
    node.events.on('peerBanned', ({ peerId, reason }) => process.stderr.write(`banned    ${peerId}: ${reason}\n`));
    let syncStage = '';
    node.events.on('syncProgress', ({ stage, peer }) => {
      if (stage !== syncStage && stage !== 'negotiating') out.write(`sync      ${stage} (from ${peer})\n`);
      syncStage = stage;
    });
    node.events.on('mining', (event) => {
      if (event.kind === 'error') process.stderr.write(`miner: ${event.error.message}\n`);
    });
    const timer = setInterval(() => out.write(`${status(node)}\n`), STATUS_INTERVAL_MS);
    const signal = await untilSignal();
    clearInterval(timer);
    out.write(`${signal}: shutting down…\n`);
    await node.close();
    out.write('stopped\n');
    return 0;
  },
};
