import { decodeBlock, encodeBlock } from '../../node/consensus/codec/block-codec.ts';
import { networkDir, parseThreads } from '../../node/config/config.ts';
import { ApiError } from '../../node/api/api-error.ts';
import { RemoteError, type RpcClient } from '../../node/api/json-rpc/rpc-client.ts';
import type { BlockTemplate } from '../../node/mining/block-template-builder.ts';
import { Miner } from '../../node/mining/miner.ts';
import { CliInputError, CliUsageError, type Command } from '../command.ts';
import { nodeClient } from '../node-client.ts';
import { flagValue, parseFlags } from '../flags.ts';
import { configFromFlags, LOCATION_FLAGS, LOCATION_USAGE } from '../node-flags.ts';

/** How often the miner asks the node whether the DAG moved (a new sink means a new template at once). */
const POLL_MS = 500;
/** A fresh template (timestamp, mempool transactions) at least this often. */
const TEMPLATE_REFRESH_MS = 5000;
const REPORT_MS = 10_000;

async function fetchTemplate(client: RpcClient, address: string, id: number): Promise<BlockTemplate> {
  const { block } = await client.call('getBlockTemplate', { payAddress: address });
  const decoded = decodeBlock(Buffer.from(block, 'hex'));
  return { header: decoded.header, transactions: decoded.transactions, id, createdAt: Date.now() };
}

/**
 * A standalone miner for a running node (like kaspaminer): templates come over the node's local
 * API, worker threads search nonces, and solutions go back through the node's import queue.
 */
export const minerCommand: Command = {
  name: 'miner',
  usage: `miner --mine-to ADDRESS [--threads N] ${LOCATION_USAGE}`,
  summary: "mine with CPU threads for the running node's network (Ctrl-C stops)",
  async run(args) {
    const flags = parseFlags(args, { values: [...LOCATION_FLAGS, 'mine-to', 'threads'] });
    const address = flagValue(flags, 'mine-to');
    if (!address) throw new CliUsageError('--mine-to ADDRESS is required');
    const config = configFromFlags(flags);
    const threadsFlag = flagValue(flags, 'threads');
    const threads = threadsFlag === undefined ? config.mining.threads : parseThreads(threadsFlag, '--threads');
    const client = nodeClient(networkDir(config));
    let templateId = 0;
    let template: BlockTemplate;
    let sink: string;
    try {
      sink = (await client.call('getInfo', {})).sink;
      template = await fetchTemplate(client, address, ++templateId);
    } catch (error) {
      if (error instanceof RemoteError || error instanceof ApiError)
        throw new CliInputError(`cannot mine: ${error.message}`, { cause: error });
      throw error;
    }
    let found = 0;
    let accepted = 0;
    const refresh = async (): Promise<void> => {
      template = await fetchTemplate(client, address, ++templateId);
      miner.newBlock();
    };
    const miner = new Miner({
      threads,
      templates: () => template,
      submit: async (block) => {
        found++;
        const result = await client.call('submitBlock', {
          block: Buffer.from(encodeBlock({ header: block.header, transactions: block.transactions })).toString('hex'),
        });
        if (result.status === 'accepted' && result.code === undefined) accepted++;
        else process.stderr.write(`block ${result.hash.slice(0, 16)}… ${result.status}: ${result.reason ?? ''}\n`);
        await refresh();
      },
      refreshMs: TEMPLATE_REFRESH_MS,
    });
    miner.onEvent((event) => {
      if (event.kind === 'error') process.stderr.write(`miner: ${event.error.message}\n`);
    });
    process.stdout.write(`mining to ${address} on ${threads} thread(s) for ${config.network}; Ctrl-C stops\n`);
    miner.start();
    let stopping = false;
    const poll = setInterval(() => {
      client
        .call('getInfo', {})
        .then(async (info) => {
          if (info.sink !== sink || Date.now() - template.createdAt > TEMPLATE_REFRESH_MS) {
            sink = info.sink;
            await refresh();
          }
        })
        .catch((error: unknown) => {
          if (!stopping) process.stderr.write(`node: ${(error as Error).message}\n`);
        });
    }, POLL_MS);
    const report = setInterval(() => {
      process.stdout.write(`${Math.round(miner.hashRate)} H/s · ${found} found · ${accepted} accepted\n`);
    }, REPORT_MS);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    stopping = true;
    clearInterval(poll);
    clearInterval(report);
    await miner.stop();
    process.stdout.write(`stopped: ${found} found, ${accepted} accepted\n`);
    return 0;
  },
};
