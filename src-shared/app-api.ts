/**
 * The app's methods beside the node's core ones (api.ts): the wallet the node hosts, the explorer,
 * the DAG view and the host (logs, settings, storage). They travel like every other method
 * (JSON-RPC over HTTP and WebSocket, Electron IPC) and are merged into NodeApi there.
 * JSON-shaped: amounts are decimal sompi strings, hashes and scripts hex. No node, electron or DOM imports.
 */

// ---- Wallet (keys stay in the node's process; the mnemonic crosses only on an explicit reveal) ----

export type WalletState = 'none' | 'locked' | 'unlocked';

export interface WalletStatus {
  state: WalletState;
  /** The node's network: a wallet belongs to one. */
  network: string;
  /** The wallet file's path (it exists unless state is 'none'). */
  file: string;
  /** The receive address to show, while unlocked. */
  receiveAddress: string | null;
  /** Minutes of inactivity after which the wallet locks itself. */
  autoLockMinutes: number;
}

export interface WalletBalanceJson {
  spendable: string;
  /** Unconfirmed outputs paying the wallet. */
  pending: string;
  /** Coinbase rewards inside the maturity window. */
  immature: string;
  total: string;
}

export type WalletHistoryKind = 'receive' | 'send' | 'self' | 'coinbase';

export interface WalletHistoryEntryJson {
  transactionId: string;
  /** 'pending': in the mempool, not yet accepted by the selected chain. */
  status: 'pending' | 'confirmed';
  kind: WalletHistoryKind;
  /** Chain block that accepted it (null while pending). */
  acceptingBlock: string | null;
  acceptingBlueScore: number | null;
  /** Unix ms: the accepting block's time, or when the node first saw a pending one. */
  timestamp: number;
  received: string;
  sent: string;
  /** received − sent, signed. */
  net: string;
  /** Only when the wallet paid it. */
  fee: string | null;
  confirmations: number;
  /** The wallet's addresses the transaction touched. */
  addresses: string[];
}

/** What a payment would do, computed before the user confirms it (nothing is signed or sent). */
export interface SendPlanJson {
  to: string;
  /** What the recipient gets. */
  amount: string;
  fee: string;
  change: string;
  /** amount + fee: what leaves the wallet. */
  total: string;
  /** More than one when the wallet must first compound many small outputs. */
  transactionCount: number;
}

export interface SendRequestJson {
  to: string;
  /** Decimal sompi, or 'max' for everything spendable minus the fee. */
  amount: string;
  /** Sompi per gram of mass (default 1, the minimum relay fee). */
  feeRate?: number;
}

export type AddressCheckJson =
  | { valid: true; address: string; kind: 'p2pk-schnorr' | 'p2pk-ecdsa' | 'p2sh' }
  | { valid: false; code: string; reason: string };

export interface WalletApi {
  walletStatus: [Record<string, never>, WalletStatus];
  /**
   * A fresh 24-word phrase, held by the node until walletCreate (a newer call replaces it).
   * The words reach the caller this once, to be written down.
   */
  walletNewMnemonic: [Record<string, never>, { words: string[] }];
  /** Creates the wallet from the pending phrase once the quiz answers match it (1-based positions). */
  walletCreate: [{ password: string; quiz: { position: number; word: string }[] }, WalletStatus];
  /** Restores from 12 or 24 words, finding the addresses already used. */
  walletRestore: [{ words: string; password: string; bip39Passphrase?: string }, WalletStatus];
  walletUnlock: [{ password: string }, WalletStatus];
  walletLock: [Record<string, never>, WalletStatus];
  walletBalance: [Record<string, never>, WalletBalanceJson];
  /** The current receive address; `fresh` moves on to a new one. */
  walletReceiveAddress: [{ fresh?: boolean }, { address: string; index: number }];
  /** Newest first, pending ones on top. */
  walletHistory: [{ limit?: number }, WalletHistoryEntryJson[]];
  walletHistoryCsv: [Record<string, never>, { csv: string; fileName: string }];
  /** For the send form's check as you type: does it parse, is it this network's. */
  checkAddress: [{ address: string }, AddressCheckJson];
  walletPlanSend: [SendRequestJson, SendPlanJson];
  /** Plans again, checks the password, signs, submits. */
  walletSend: [
    SendRequestJson & { password: string },
    { transactionIds: string[]; amount: string; fee: string; change: string },
  ];
  walletRevealMnemonic: [{ password: string }, { words: string[] }];
  walletChangePassword: [{ oldPassword: string; newPassword: string }, { changed: true }];
}

// ---- Explorer ----

export type BlockColor = 'blue' | 'red' | 'unmerged';

export interface BlockTransactionSummaryJson {
  transactionId: string;
  isCoinbase: boolean;
  inputCount: number;
  outputCount: number;
  /** Sum of outputs, sompi. */
  outputTotal: string;
}

/** A block header (Kaspa's fields; parents are level 0, the direct parents). */
export interface HeaderJson {
  hash: string;
  version: number;
  parents: string[];
  hashMerkleRoot: string;
  acceptedIdMerkleRoot: string;
  utxoCommitment: string;
  /** Unix ms. */
  timestamp: number;
  bits: number;
  /** Decimal (u64). */
  nonce: string;
  daaScore: number;
  blueScore: number;
  /** Hex. */
  blueWork: string;
  pruningPoint: string;
}

export interface BlockJson extends HeaderJson {
  children: string[];
  selectedParent: string | null;
  mergesetBlues: string[];
  mergesetReds: string[];
  /** On the virtual's selected chain. */
  isChainBlock: boolean;
  /** As the chain block that merged it colored it; 'unmerged' until one does. */
  color: BlockColor;
  /** The chain block whose mergeset holds this block (itself for a chain block); null if unmerged. */
  mergedBy: string | null;
  /** Virtual blue score minus this block's, never below 0 (the sink has 1 or more). */
  confirmations: number;
  /** Null for a header-only block (its body not downloaded yet). */
  transactions: BlockTransactionSummaryJson[] | null;
  /** For a chain block: the transactions it accepted from its mergeset (the selected parent's first, as Kaspa orders them). */
  acceptedTransactionIds: string[];
  /** UTXO validity of the block as a chain block: 'valid', 'disqualified' or 'unknown' (never on the chain). */
  utxoStatus: 'valid' | 'disqualified' | 'unknown';
}

export interface TransactionInputJson {
  /** "txid:index". */
  previousOutpoint: string;
  signatureScript: string;
  sequence: string;
  /** Resolved from the spent output when the node knows it; null otherwise. */
  amount: string | null;
  address: string | null;
}

export interface TransactionOutputJson {
  index: number;
  amount: string;
  scriptPublicKey: string;
  /** Null for a script no address describes. */
  address: string | null;
}

export interface TransactionJson {
  transactionId: string;
  /** The hash over the whole transaction, signatures included. */
  hash: string;
  version: number;
  isCoinbase: boolean;
  inputs: TransactionInputJson[];
  outputs: TransactionOutputJson[];
  lockTime: string;
  subnetworkId: string;
  payload: string;
  mass: number | null;
  /** Inputs minus outputs, when every input resolved; null for a coinbase. */
  fee: string | null;
  /** 'mempool': waiting in the pool; 'accepted': a chain block accepted it; 'unaccepted': in blocks, not accepted. */
  status: 'mempool' | 'accepted' | 'unaccepted';
  /** Blocks whose bodies hold it. */
  blocks: string[];
  acceptingBlock: string | null;
  acceptingBlueScore: number | null;
  confirmations: number;
}

export interface AddressUtxoJson {
  outpoint: string;
  amount: string;
  blockDaaScore: number;
  isCoinbase: boolean;
}

export interface AddressTransactionJson {
  transactionId: string;
  acceptingBlock: string;
  acceptingBlueScore: number;
  timestamp: number;
  received: string;
  sent: string;
  confirmations: number;
}

export interface AddressInfoJson {
  address: string;
  /** Sum of the address's UTXOs. */
  balance: string;
  utxoCount: number;
  /** At most `limit` (default 100) UTXOs, largest first. */
  utxos: AddressUtxoJson[];
  transactionCount: number;
  /** Newest first, at most `limit`. */
  transactions: AddressTransactionJson[];
}

export interface BlockSummaryJson {
  hash: string;
  timestamp: number;
  daaScore: number;
  blueScore: number;
  transactionCount: number;
  isChainBlock: boolean;
  color: BlockColor;
}

/** One block of the DAG view. */
export interface DagBlockJson {
  hash: string;
  daaScore: number;
  blueScore: number;
  timestamp: number;
  parents: string[];
  selectedParent: string | null;
  isChainBlock: boolean;
  color: BlockColor;
}

export type SearchResultJson =
  | { kind: 'block'; id: string }
  | { kind: 'transaction'; id: string }
  | { kind: 'address'; id: string }
  | { kind: 'none'; reason: string };

export interface ExplorerApi {
  getBlock: [{ hash: string }, BlockJson];
  getTransaction: [{ transactionId: string }, TransactionJson];
  getAddressInfo: [{ address: string; limit?: number }, AddressInfoJson];
  /** A block hash, transaction id or address typed into the search box. */
  search: [{ query: string }, SearchResultJson];
  /** The newest blocks by DAA score, newest first (limit ≤ 200, default 50). */
  getRecentBlocks: [{ limit?: number }, BlockSummaryJson[]];
  /** The most recent part of the DAG (limit ≤ 2,000 blocks, default 1,000), oldest first. */
  getDagBlocks: [{ limit?: number }, { sink: string; blocks: DagBlockJson[] }];
  /** Hashes per second the network spends, from the DAA window's difficulty and timing. */
  estimateNetworkHashesPerSecond: [{ windowSize?: number }, { hashesPerSecond: number }];
}

// ---- Host: logs, settings, storage ----

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLineJson {
  /** Increasing per node run: a UI asks for lines after the last it has. */
  seq: number;
  /** Unix ms. */
  time: number;
  level: LogLevel;
  /** 'node', 'p2p', 'sync', 'mining', 'wallet', 'api'. */
  source: string;
  message: string;
}

/** What the user may change; takes effect when the node restarts (`restartRequired`). */
export interface SettingsJson {
  network: string;
  dataDir: string;
  rpcPort: number;
  listen: string[];
  peers: string[];
  mdns: boolean;
  outboundPeers: number;
  mining: { address: string | null; threads: number };
}

export interface StorageInfoJson {
  dataDir: string;
  /** The network's own folder inside dataDir. */
  networkDir: string;
  /** Bytes free on the disk holding dataDir. */
  freeBytes: number;
  totalBytes: number;
  /** Bytes the node's store files take. */
  storeBytes: number;
}

export interface HostApi {
  /** The last lines (limit ≤ 1,000, default 200), or those after `afterSeq`, oldest first. */
  getLogs: [{ limit?: number; afterSeq?: number }, LogLineJson[]];
  getSettings: [Record<string, never>, SettingsJson & { networks: string[]; cpuCount: number }];
  /** Writes config.json in the data folder; fields left out keep their value. */
  updateSettings: [Partial<SettingsJson>, SettingsJson & { restartRequired: boolean }];
  /** Free space of a folder the user is choosing (or of the data folder without `path`). */
  getStorageInfo: [{ path?: string }, StorageInfoJson];
}

/** Notifications the app adds beside the node's (merged into NotificationMap). */
export interface AppNotificationMap {
  /** Lock, unlock, create: the wallet's state changed (also on the idle auto-lock). */
  walletStatusChanged: WalletStatus;
  /** A line was logged. */
  logAdded: LogLineJson;
}
