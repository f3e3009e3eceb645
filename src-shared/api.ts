/**
 * The node's API as both sides see it: one method map, JSON-shaped (amounts as decimal sompi
 * strings, hashes and scripts as hex). The JSON-RPC server, its client, the Electron IPC bridge
 * and the UI all compile against this file. No node, electron or DOM imports.
 *
 * A script is written as Kaspa's RPC writes a ScriptPublicKey: its version as four hex digits
 * (big-endian u16), then the script bytes in hex ("0000" + "20…ac" for a Schnorr P2PK).
 */

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

/** Method name → [params, result]. */
export interface NodeApi {
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
}

export type NodeMethod = keyof NodeApi;
export type MethodParams<M extends NodeMethod> = NodeApi[M][0];
export type MethodResult<M extends NodeMethod> = NodeApi[M][1];

/** Errors cross the API as a stable code (the node's error class code) and a readable message. */
export interface ApiErrorJson {
  code: string;
  message: string;
}
