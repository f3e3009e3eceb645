import { join } from 'node:path';
import { headerHash } from '../../node/consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../../node/consensus/model/block-key.ts';
import type { DagwalletNode } from '../../node/node.ts';
import { addressOf, TestNetwork, until, untilSameSink } from '../../node/test-support/p2p-nodes.ts';
import { mineSimnetBlock } from '../../node/test-support/simnet.ts';
import { buildBranchingDag } from '../../node/test-support/dag-builder.ts';
import type { BenchFigure } from './figure.ts';

/** Relays between the miner and the last node of the line. */
const HOPS = 5;
const PROPAGATION_ROUNDS = 40;
/** Blocks beyond genesis in the store the IBD bench syncs from. */
const IBD_BLOCKS = 3000;
/** Generous: a stuck relay or sync should fail the bench, not hang it. */
const ROUND_TIMEOUT_MS = 20_000;
const IBD_TIMEOUT_MS = 120_000;

/**
 * P2P over real libp2p on 127.0.0.1 (TCP, noise, yamux), all nodes in this process:
 * 1. Block propagation along a line of six nodes: a block submitted at the first until the last
 *    has accepted it, five relays each with an inv, a request and a full validation.
 * 2. Initial block download of a branching 3,000-block DAG by a fresh node from one source:
 *    chain negotiation, headers, then bodies through full validation.
 */
export async function run(): Promise<BenchFigure[]> {
  const propagation = await blockPropagation();
  const ibd = await loopbackIbd();
  return [
    { name: `p2p_block_propagation_${HOPS}_hops_p50_ms`, value: percentile(propagation, 0.5), unit: 'ms' },
    { name: `p2p_block_propagation_${HOPS}_hops_p95_ms`, value: percentile(propagation, 0.95), unit: 'ms' },
    { name: 'p2p_ibd_loopback_blocks_per_s', value: ibd.blocksPerSecond, unit: `blocks/s (${ibd.blocks} blocks)` },
    ...(ibd.headersStageMs === undefined
      ? []
      : [{ name: 'p2p_ibd_loopback_headers_stage_ms', value: ibd.headersStageMs, unit: 'ms' }]),
  ];
}

/** Milliseconds from submitting each block at the line's first node to its acceptance at the last. */
async function blockPropagation(): Promise<number[]> {
  const network = new TestNetwork();
  try {
    // outboundPeers stays 0, so nobody dials addresses it learns and the line stays a line.
    const nodes: DagwalletNode[] = [await network.start('hop-0')];
    for (let i = 1; i <= HOPS; i++) {
      nodes.push(await network.start(`hop-${i}`, { peers: [addressOf(nodes[i - 1] as DagwalletNode)] }));
    }
    await until('the line to connect', () =>
      nodes.every((node, i) => node.p2p?.peers().length === (i === 0 || i === HOPS ? 1 : 2)) ? true : undefined,
    );
    const first = nodes[0] as DagwalletNode;
    const last = nodes[HOPS] as DagwalletNode;
    const times: number[] = [];
    for (let round = 0; round < PROPAGATION_ROUNDS; round++) {
      const block = mineSimnetBlock(first.consensus);
      const hash = keyOf(headerHash(block.header));
      const arrived = acceptedAt(last, hash);
      const started = performance.now();
      const outcome = await first.submitBlock(block, 'local');
      if (outcome.status !== 'accepted') throw new Error(`round ${round}: the mined block was ${outcome.status}`);
      times.push((await arrived) - started);
      // Every node idle again, so no round pays for the one before.
      await untilSameSink(nodes, ROUND_TIMEOUT_MS);
    }
    return times;
  } finally {
    await network.close();
  }
}

/** performance.now() when `node` accepts `hash`; rejects after ROUND_TIMEOUT_MS. */
function acceptedAt(node: DagwalletNode, hash: BlockKey): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`block ${hash} did not reach the end of the line`));
    }, ROUND_TIMEOUT_MS);
    const off = node.events.on('blockAccepted', (event) => {
      if (event.hash !== hash) return;
      const at = performance.now();
      clearTimeout(timer);
      off();
      resolve(at);
    });
  });
}

interface IbdFigures {
  blocks: number;
  blocksPerSecond: number;
  /** From the first headers-stage progress to the first blocks-stage one, when both were seen. */
  headersStageMs: number | undefined;
}

async function loopbackIbd(): Promise<IbdFigures> {
  const network = new TestNetwork();
  try {
    buildBranchingDag(join(network.networkDir('source'), 'consensus.sqlite'), IBD_BLOCKS).close();
    const source = await network.start('source');
    const stageStarts = new Map<string, number>();
    const started = performance.now();
    const fresh = await network.start('fresh', { peers: [addressOf(source)] });
    // Listening after start can miss nothing: IBD waits for the handshake, which needs the event loop.
    const off = fresh.events.on('syncProgress', (progress) => {
      if (!stageStarts.has(progress.stage)) stageStarts.set(progress.stage, performance.now());
    });
    await untilSameSink([source, fresh], IBD_TIMEOUT_MS);
    const seconds = (performance.now() - started) / 1000;
    off();
    const blocks = source.consensus.blockCount() - 1;
    if (fresh.consensus.blockCount() - 1 !== blocks) throw new Error('the fresh node lacks blocks after IBD');
    const headers = stageStarts.get('headers');
    const bodies = stageStarts.get('blocks');
    return {
      blocks,
      blocksPerSecond: blocks / seconds,
      headersStageMs: headers !== undefined && bodies !== undefined ? bodies - headers : undefined,
    };
  } finally {
    await network.close();
  }
}

/** Nearest-rank percentile (`p` in 0..1) of `values`. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}
