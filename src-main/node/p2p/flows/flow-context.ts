import type { BlockImportQueue } from '../../chain/block-import-queue.ts';
import type { Consensus } from '../../consensus/consensus.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { BlockHeader } from '../../consensus/model/header.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import type { Mempool } from '../../mempool/mempool.ts';
import type { Peer } from '../peer.ts';

/** Timings the flows use; tests shorten them. */
export interface FlowTimings {
  /** kaspad pingInterval: two minutes. */
  pingIntervalMs: number;
  /** How long a request may wait for its answer before the peer is dropped. */
  responseTimeoutMs: number;
}

export const DEFAULT_FLOW_TIMINGS: FlowTimings = { pingIntervalMs: 120_000, responseTimeoutMs: 60_000 };

export interface P2PStats {
  /** Blocks downloaded by relay (RequestRelayBlocks answers). */
  relayBlocksReceived: number;
  /** Transactions downloaded by relay. */
  relayTransactionsReceived: number;
}

/** What the per-peer flows need from the node and from the P2P service around them. */
export interface FlowContext {
  readonly consensus: Consensus;
  readonly imports: BlockImportQueue;
  readonly mempool: Mempool;
  readonly timings: FlowTimings;
  /** Submits a peer's transaction the way the node submits any (events included); throws its typed error. */
  submitTransaction(tx: Transaction): void;
  /** Addresses to tell a peer that asks: ours first, then ones we know. */
  addressesToShare(): { multiaddr: string; lastSeen: number }[];
  /** Addresses a peer told us. */
  learnAddresses(addresses: { multiaddr: string; lastSeen: number }[]): void;
  /** Starts IBD from `peer` towards `high` unless one is running; returns at once. */
  requestIbd(peer: Peer, high: BlockKey, highHeader: BlockHeader): void;
  /** Blocks being fetched from some peer right now, so two flows do not download one block twice. */
  readonly blocksInFlight: Set<BlockKey>;
  /** Transactions requested from some peer right now. */
  readonly transactionsInFlight: Set<string>;
  /** Counters for the UI and for tests (a block fetched twice would show here). */
  readonly stats: P2PStats;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
  now(): number;
}
