/**
 * The node's API as both sides see it: one method map, JSON-shaped (amounts as decimal sompi
 * strings, hashes and scripts as hex). The JSON-RPC server, its client, the Electron IPC bridge
 * and the UI all compile against this file. No node, electron or DOM imports.
 *
 * A script is written as Kaspa's RPC writes a ScriptPublicKey: its version as four hex digits
 * (big-endian u16), then the script bytes in hex ("0000" + "20…ac" for a Schnorr P2PK).
 */
import type { AppNotificationMap, BlockJson, ExplorerApi, HeaderJson, HostApi, WalletApi } from './app-api.ts';

export type * from './app-api.ts';

export interface MiningStatus {
  running: boolean;
  address: string | null;
  threads: number;
  hashesPerSecond: number;
  blocksFound: number;
}

export interface NodeInfo {
  network: string;
  version: string;
  addressPrefix: string;
  sink: string;
  sinkBlueScore: number;
  sinkTimestamp: number;
  virtualDaaScore: number;
  /** Blue score a transaction accepted now would be confirmed from (the virtual's). */
  virtualBlueScore: number;
  blockCount: number;
  tipCount: number;
  coinbaseMaturity: number;
  mempoolSize: number;
  mining: MiningStatus;
  /** Connected peers (0 when the node runs without P2P). */
  peerCount: number;
  /** The running initial block download, or null when the node is not syncing. */
  sync: SyncStatus | null;
}

/** Initial block download progress: `total` is an estimate during the headers stage. */
export interface SyncStatus {
  stage: 'negotiating' | 'headers' | 'blocks' | 'done';
  peer: string;
  done: number;
  total: number;
  ratePerSecond: number;
}

/** One connected peer, as the Network screen shows it. */
export interface ConnectedPeerInfo {
  peerId: string;
  /** The connection's remote multiaddr. */
  address: string;
  direction: 'inbound' | 'outbound';
  userAgent: string;
  protocolVersion: number;
  /** Unix ms. */
  connectedAt: number;
  /** Round trip of the last ping, ms (none answered yet: null). */
  pingMs: number | null;
  /** Misbehaviour score; 100 bans. */
  score: number;
  /** The peer's sink when it connected, hex. */
  selectedTip: string;
  /** We are syncing from this peer right now. */
  syncing: boolean;
  bytesReceived: number;
  bytesSent: number;
}

export interface BanJson {
  peerId: string | null;
  ip: string | null;
  reason: string;
  bannedAt: number;
  expiresAt: number;
}

export interface UtxoJson {
  outpoint: string;
  amount: string;
  scriptPublicKey: string;
  blockDaaScore: number;
  isCoinbase: boolean;
}

export interface HistoryRowJson {
  scriptPublicKey: string;
  transactionId: string;
  acceptingBlock: string;
  acceptingBlueScore: number;
  timestamp: number;
  received: string;
  sent: string;
  fee: string;
  isCoinbase: boolean;
}

export interface MempoolEntryJson {
  transactionId: string;
  fee: string;
  mass: number;
  /** Outpoints ("txid:index") the transaction spends. */
  spends: string[];
  outputs: { index: number; amount: string; scriptPublicKey: string }[];
}

export type ImportStatus = 'accepted' | 'known' | 'waiting' | 'rejected';

export interface SubmitBlockResult {
  hash: string;
  status: ImportStatus;
  /** For a rejected or disqualified block: the rule it broke, e.g. BAD_MERKLE_ROOT. */
  code?: string;
  reason?: string;
}

/** The node's core methods: method name → [params, result]. */
export interface CoreApi {
  getInfo: [Record<string, never>, NodeInfo];
  getUtxosByScripts: [{ scripts: string[] }, UtxoJson[]];
  getHistory: [{ scripts: string[]; limit?: number }, HistoryRowJson[]];
  areScriptsUsed: [{ scripts: string[] }, boolean[]];
  /** Pool transactions that spend from or pay to these scripts (all of them without `scripts`). */
  getMempoolEntries: [{ scripts?: string[] }, MempoolEntryJson[]];
  /** A transaction in Kaspa's wire encoding, hex. */
  submitTransaction: [{ transaction: string }, { transactionId: string; status: 'accepted' | 'orphan' }];
  /** A block to mine on (Kaspa's wire encoding, nonce 0) paying `payAddress`, and its target bits. */
  getBlockTemplate: [{ payAddress: string }, { block: string; bits: number }];
  submitBlock: [{ block: string }, SubmitBlockResult];
  startMining: [{ address: string; threads?: number }, MiningStatus];
  stopMining: [Record<string, never>, MiningStatus];
  getConnectedPeerInfo: [Record<string, never>, ConnectedPeerInfo[]];
  /** What the peer store holds: our listen addresses, how many addresses we know, active bans. */
  getPeerAddresses: [Record<string, never>, { listen: string[]; known: number; bans: BanJson[] }];
  /** Keep a connection to this multiaddr (redialed while down). */
  addPeer: [{ address: string }, { added: true }];
  /** Ban a peer id for `durationMs` (default a day) and disconnect it. */
  ban: [{ peerId: string; reason?: string; durationMs?: number }, BanJson];
  /** Lift bans naming this peer id or ip. */
  unban: [{ target: string }, { removed: boolean }];
}

// ---- Kaspa's RPC methods (rusty-kaspa rpc/core model/message.rs), JSON-shaped ----

/** rusty-kaspa GetBlockDagInfoResponse. */
export interface BlockDagInfoJson {
  network: string;
  /** Blocks with a body. */
  blockCount: number;
  headerCount: number;
  tipHashes: string[];
  /** The sink's difficulty (target of the genesis-era maximum over its target). */
  difficulty: number;
  /** Unix ms: the virtual's past median time. */
  pastMedianTime: number;
  virtualParentHashes: string[];
  pruningPointHash: string;
  virtualDaaScore: number;
  sink: string;
}

/** One unspent output and the address it pays (rusty-kaspa RpcUtxosByAddressesEntry, flattened). */
export interface UtxoByAddressJson {
  address: string;
  /** "txid:index". */
  outpoint: string;
  amount: string;
  scriptPublicKey: string;
  blockDaaScore: number;
  isCoinbase: boolean;
}

/** One fee rate bucket: sompi per gram of mass, and the expected wait at that rate. */
export interface FeeRateBucketJson {
  feerate: number;
  estimatedSeconds: number;
}

/** rusty-kaspa RpcFeeEstimate: priority first, then normal and low buckets, highest rate first. */
export interface FeeEstimateJson {
  priorityBucket: FeeRateBucketJson;
  normalBuckets: FeeRateBucketJson[];
  lowBuckets: FeeRateBucketJson[];
}

export interface VirtualChainJson {
  /** Chain blocks that left the selected chain since startHash, newest first. */
  removedChainBlockHashes: string[];
  /** Chain blocks that joined, oldest first (capped; ask again from the last for more). */
  addedChainBlockHashes: string[];
  /** Per added chain block (same order), the transactions it accepted; empty unless asked for. */
  acceptedTransactionIds: { acceptingBlockHash: string; acceptedTransactionIds: string[] }[];
}

export interface DagApi {
  getBlockDagInfo: [Record<string, never>, BlockDagInfoJson];
  /** Blocks from lowHash (default genesis) on, by blue score then hash (limit ≤ 1,000, default 100). */
  getBlocks: [
    { lowHash?: string; includeBlocks?: boolean; limit?: number },
    { blockHashes: string[]; blocks: BlockJson[] },
  ];
  /** Headers along the selected parent chain from startHash, down (default) or up (limit ≤ 1,000, default 100). */
  getHeaders: [{ startHash: string; limit?: number; isAscending?: boolean }, { headers: HeaderJson[] }];
  getMempoolEntry: [{ transactionId: string; includeOrphanPool?: boolean }, MempoolEntryJson & { isOrphan: boolean }];
  /** How the selected chain moved since startHash (a block the caller saw as chain block). */
  getVirtualChainFromBlock: [{ startHash: string; includeAcceptedTransactionIds?: boolean }, VirtualChainJson];
  getSink: [Record<string, never>, { sink: string }];
  getSinkBlueScore: [Record<string, never>, { blueScore: number }];
  getUtxosByAddresses: [{ addresses: string[] }, UtxoByAddressJson[]];
  getBalanceByAddress: [{ address: string }, { balance: string }];
  getBalancesByAddresses: [{ addresses: string[] }, { address: string; balance: string }[]];
  /** Sompi: the most there will ever be, and what exists now (the virtual's UTXO set). */
  getCoinSupply: [Record<string, never>, { maxSompi: string; circulatingSompi: string }];
  getFeeEstimate: [Record<string, never>, FeeEstimateJson];
  /** Stops the node cleanly after answering. */
  shutDown: [Record<string, never>, { shuttingDown: true }];
}

/** Every method: the core's, Kaspa's RPC set and the app's (wallet, explorer, host; see app-api.ts). */
export interface NodeApi extends CoreApi, DagApi, WalletApi, ExplorerApi, HostApi {}

export type NodeMethod = keyof NodeApi;
export type MethodParams<M extends NodeMethod> = NodeApi[M][0];
export type MethodResult<M extends NodeMethod> = NodeApi[M][1];

/** Errors cross the API as a stable code (the node's error class code) and a readable message. */
export interface ApiErrorJson {
  code: string;
  message: string;
}

/**
 * Live notifications: event name → payload, JSON-shaped like the methods. The first four follow
 * rusty-kaspa's RPC notifications of the same names (rpc/core model/message.rs), flattened.
 */
export interface NotificationMap extends AppNotificationMap {
  /** A block passed validation and was added to the DAG (not necessarily to the selected chain). */
  blockAdded: BlockAddedPayload;
  /** The selected chain moved: hashes that left it (newest first) and joined it (oldest first). */
  virtualChainChanged: { removed: string[]; added: string[] };
  /** Blue score of the sink (the virtual's selected parent): confirmations count from here. */
  sinkBlueScoreChanged: { sinkBlueScore: number };
  virtualDaaScoreChanged: { virtualDaaScore: number };
  syncProgress: SyncStatus;
  peersChanged: { peerCount: number };
  miningChanged: MiningStatus;
  /** Transactions in the pool. */
  mempoolChanged: { size: number };
  /**
   * The virtual's UTXO set changed for addresses the subscriber named (subscribe with
   * `{ event: 'utxosChanged', addresses }`): outputs that appeared and that went. Apply
   * `removed` before `added`: after a reorganisation one outpoint can be in both (the same
   * output, now created at another DAA score).
   */
  utxosChanged: { added: UtxoByAddressJson[]; removed: UtxoByAddressJson[] };
}

/** Extra subscribe parameters per event: utxosChanged needs the addresses it watches. */
export type SubscribeOptions<E extends NotificationEvent> = E extends 'utxosChanged'
  ? { addresses: string[] }
  : Record<string, never>;

export interface BlockAddedPayload {
  hash: string;
  blueScore: number;
  daaScore: number;
  /** Unix ms. */
  timestamp: number;
  /** Direct parents (level 0), hex. */
  parents: string[];
  transactionCount: number;
}

export type NotificationEvent = keyof NotificationMap;

/** Every event name, for checking a subscribe request at run time. */
export const NOTIFICATION_EVENTS = [
  'blockAdded',
  'virtualChainChanged',
  'sinkBlueScoreChanged',
  'virtualDaaScoreChanged',
  'syncProgress',
  'peersChanged',
  'miningChanged',
  'mempoolChanged',
  'utxosChanged',
  'walletStatusChanged',
  'logAdded',
] as const satisfies readonly NotificationEvent[];
// Fails to compile when an event is added to NotificationMap but not to the list above.
const _everyEventListed: [Exclude<NotificationEvent, (typeof NOTIFICATION_EVENTS)[number]>] extends [never]
  ? true
  : never = true;

export function isNotificationEvent(value: unknown): value is NotificationEvent {
  return typeof value === 'string' && (NOTIFICATION_EVENTS as readonly string[]).includes(value);
}
