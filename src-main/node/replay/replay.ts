import { Consensus } from '../consensus/consensus.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import { BlockError } from '../consensus/validation/block-error.ts';
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
  accepted: number;
  /** Blocks the store already held (a resumed replay). */
  known: number;
  rejected: ReplayRejection[];
  /** Blocks whose header does not hash to the hash the stream states. */
  hashMismatches: { index: number; stated: string; computed: string }[];
  sink: BlockKey;
  sinkBlueScore: number;
  seconds: number;
  blocksPerSecond: number;
}

export interface ReplayOptions {
  /** Called every `progressEvery` blocks with the count done so far. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/**
 * Imports every block of a recorded stream through consensus, headers only for now (bodies
 * and the virtual state come with full validation), and reports what was accepted. Every block
 * of a Kaspa test stream is valid, so any rejection is a disagreement with Kaspa's consensus.
 */
export function replayHeaders(stream: JsonDagStream, store: ConsensusStore, options: ReplayOptions = {}): ReplayReport {
  const { params, genesis } = streamNetwork(stream);
  // Recorded streams are old: judge "too far in the future" against the last block, not the clock.
  const lastTimestamp = Math.max(...stream.blocks.map((b) => b.header.timestamp));
  const consensus = new Consensus(store, { params, genesis, now: () => Math.max(Date.now(), lastTimestamp) });
  const report: ReplayReport = {
    network: params.name,
    accepted: 0,
    known: 0,
    rejected: [],
    hashMismatches: [],
    sink: consensus.genesis,
    sinkBlueScore: 0,
    seconds: 0,
    blocksPerSecond: 0,
  };
  const started = performance.now();
  const total = stream.blocks.length;
  stream.blocks.forEach((block, index) => {
    const computed = headerHash(block.header);
    if (bytesToHex(computed) !== bytesToHex(block.expectedHash)) {
      report.hashMismatches.push({ index, stated: bytesToHex(block.expectedHash), computed: bytesToHex(computed) });
    }
    if (index > 0) {
      try {
        const result = consensus.insertHeader(block.header);
        if (result.status === 'inserted') report.accepted++;
        else report.known++;
      } catch (error) {
        if (!(error instanceof BlockError)) throw error;
        report.rejected.push({ index, hash: keyOf(computed), code: error.code, message: error.message });
      }
    }
    if (options.onProgress && (index + 1) % (options.progressEvery ?? 500) === 0) options.onProgress(index + 1, total);
  });
  report.seconds = (performance.now() - started) / 1000;
  report.blocksPerSecond = (report.accepted + report.known) / report.seconds;
  report.sink = consensus.sink();
  report.sinkBlueScore = consensus.ghostdagData(report.sink)?.blueScore ?? 0;
  return report;
}
