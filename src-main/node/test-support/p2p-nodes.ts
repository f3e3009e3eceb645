/**
 * Test support: real dagwallet nodes on 127.0.0.1 with P2P (random ports, no mDNS, no
 * automatic outbound dialing unless asked), short timers, and a way to wait for them to agree.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../config/config.ts';
import { DagwalletNode } from '../node.ts';
import type { FlowTimings } from '../p2p/flows/flow-context.ts';

export const LOOPBACK_LISTEN = '/ip4/127.0.0.1/tcp/0';

export interface TestNodeOptions {
  /** Multiaddrs (with /p2p/ id) to stay connected to. */
  peers?: string[];
  /** Automatic outbound connections from learned addresses (default 0: the test decides the topology). */
  outboundPeers?: number;
  timings?: Partial<FlowTimings>;
  rpc?: boolean;
  now?: () => number;
  /** Find peers by mDNS (default off, so concurrent test files never meet). */
  mdns?: boolean;
  /** How long a ban lasts (default: the node's, a day). */
  banDurationMs?: number;
}

/** A folder of test nodes, removed with `close()`. */
export class TestNetwork {
  readonly root = mkdtempSync(join(tmpdir(), 'dagwallet-p2p-'));
  readonly nodes: DagwalletNode[] = [];

  /** Starts (or restarts, with the same name) a simnet node in its own data folder. */
  async start(name: string, options: TestNodeOptions = {}): Promise<DagwalletNode> {
    const config = resolveConfig({
      network: 'simnet',
      dataDir: join(this.root, name),
      rpcPort: 0,
      listen: [LOOPBACK_LISTEN],
      peers: options.peers ?? [],
      mdns: options.mdns ?? false,
      outboundPeers: options.outboundPeers ?? 0,
      mining: { threads: 1 },
    });
    const node = await DagwalletNode.start(config, {
      rpc: options.rpc ?? false,
      version: 'test',
      now: options.now,
      p2pTuning: {
        dialIntervalMs: 500,
        banDurationMs: options.banDurationMs,
        timings: { pingIntervalMs: 5_000, responseTimeoutMs: 20_000, ...options.timings },
      },
    });
    this.nodes.push(node);
    return node;
  }

  /** The data folder a node of this name uses (created, to prepare a store before starting it). */
  networkDir(name: string): string {
    const dir = join(this.root, name, 'simnet');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async close(): Promise<void> {
    for (const node of this.nodes) await node.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The first listen multiaddr of a node (with its /p2p/ id), for others to dial. */
export function addressOf(node: DagwalletNode): string {
  const address = node.p2p?.listenAddresses[0];
  if (!address) throw new Error('the node does not listen');
  return address;
}

/** Polls `probe` until it returns a value (not undefined), or fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once every node has the same sink and nothing left to import. */
export function untilSameSink(nodes: readonly DagwalletNode[], timeoutMs = 60_000): Promise<string> {
  return until(
    'the nodes to agree on one sink',
    () => {
      const sink = nodes[0]?.consensus.sink();
      const agree = nodes.every(
        (node) => node.consensus.sink() === sink && node.imports.pending === 0 && !node.p2p?.isSyncing,
      );
      return agree ? sink : undefined;
    },
    timeoutMs,
  );
}
