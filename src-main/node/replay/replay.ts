import { Consensus } from '../consensus/consensus.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import { DagwalletError } from '../errors.ts';
import type { ConsensusStore } from '../store/consensus-store.ts';
import type { JsonDagStream } from './json-dag-stream.ts';
import { streamNetwork } from './stream-network.ts';

export interface ReplayRejection {
  /** Position in the stream, genesis = 0. */
  index: number;
  hash: BlockKey;
  code: string;
  message: string;
}

export interface ReplayReport {
  network: string;
  headersOnly: boolean;
  accepted: number;
  /** Blocks the store already held (a resumed replay). */
  known: number;
  rejected: ReplayRejection[];
  /** Blocks stored but disqualified from the selected chain (full validation only). */
  disqualified: ReplayRejection[];
  /** Transactions in the blocks replayed (full validation only). */
  transactions: number;
  /** The MuHash commitment of the sink's past UTXO set (full validation only). */
  utxoCommitment: string | null;
  /** Blocks whose header does not hash to the hash the stream states. */
  hashMismatches: { index: number; stated: string; computed: string }[];
  sink: BlockKey;
  sinkBlueScore: number;
  seconds: number;
  blocksPerSecond: number;
}

export interface ReplayOptions {
  /** Validate headers only (no bodies, no UTXO set). */
  headersOnly?: boolean;
  /** Called every `progressEvery` blocks with the count done so far. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/**
 * Imports every block of a recorded stream through consensus, headers only or in full (bodies,
 * UTXO set, scripts), and reports what was accepted. Every block of a Kaspa test stream is
 * valid, so any rejection or disqualification is a disagreement with Kaspa's consensus.
 */
export function replayStream(stream: JsonDagStream, store: ConsensusStore, options: ReplayOptions = {}): ReplayReport {
  const headersOnly = options.headersOnly ?? false;
  const { params, genesis } = streamNetwork(stream);
  // Recorded streams are old: judge "too far in the future" against the last block, not the clock.
  const lastTimestamp = Math.max(...stream.blocks.map((b) => b.header.timestamp));
  const consensus = new Consensus(store, {
    params,
    genesis,
    genesisTransactions: stream.blocks[0]?.transactions ?? [],
    now: () => Math.max(Date.now(), lastTimestamp),
  });
  const report: ReplayReport = {
    network: params.name,
    headersOnly,
    accepted: 0,
    known: 0,
    rejected: [],
    disqualified: [],
    transactions: 0,
    utxoCommitment: null,
    hashMismatches: [],
    sink: consensus.genesis,
    sinkBlueScore: 0,
    seconds: 0,
    blocksPerSecond: 0,
  };
  const started = performance.now();
  const total = stream.blocks.length;
  stream.blocks.forEach((block, index) => {
    // Consensus hashes every header it is given; only genesis and rejected blocks are hashed here.
    let hash: BlockKey | undefined;
    if (index > 0) {
      try {
        const result = headersOnly
          ? consensus.insertHeader(block.header)
          : consensus.insertBlock(block.header, block.transactions);
        hash = result.hash;
        if (result.status === 'inserted') report.accepted++;
        else report.known++;
        if (result.utxo?.status === 'disqualified') {
          report.disqualified.push({ index, hash: result.hash, code: result.utxo.code, message: result.utxo.reason });
        }
        if (!headersOnly) report.transactions += block.transactions.length;
      } catch (error) {
        if (!(error instanceof DagwalletError)) throw error;
        hash = keyOf(headerHash(block.header));
        report.rejected.push({ index, hash, code: error.code, message: error.message });
      }
    }
    hash ??= keyOf(headerHash(block.header));
    const stated = bytesToHex(block.expectedHash);
    if (hash !== stated) report.hashMismatches.push({ index, stated, computed: hash });
    if (options.onProgress && (index + 1) % (options.progressEvery ?? 500) === 0) options.onProgress(index + 1, total);
  });
  report.seconds = (performance.now() - started) / 1000;
  report.blocksPerSecond = (report.accepted + report.known) / report.seconds;
  report.sink = headersOnly ? consensus.headersSelectedTip() : consensus.sink();
  if (!headersOnly) report.utxoCommitment = bytesToHex(consensus.sinkMultiset()?.finalize() ?? new Uint8Array());
  report.sinkBlueScore = consensus.ghostdagData(report.sink)?.blueScore ?? 0;
  return report;
}
