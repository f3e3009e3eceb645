import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonDagStream } from '../../node/replay/json-dag-stream.ts';
import { replayStream } from '../../node/replay/replay.ts';
import { ReplayError } from '../../node/replay/stream-network.ts';
import { ConsensusStore } from '../../node/store/consensus-store.ts';
import { StoreError } from '../../node/store/migrations.ts';
import { CliInputError, CliUsageError, type Command, readInput } from '../command.ts';

const SHOWN_REJECTIONS = 20;

function parseArgs(args: string[]): { file: string; headersOnly: boolean; dataDir: string | undefined } {
  let file: string | undefined;
  let headersOnly = false;
  let dataDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--headers-only') headersOnly = true;
    else if (arg === '--data-dir') {
      dataDir = args[++i];
      if (!dataDir) throw new CliUsageError('--data-dir needs a folder');
    } else if (arg.startsWith('-')) throw new CliUsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new CliUsageError('expected exactly one stream file');
  }
  if (!file) throw new CliUsageError('expected a stream file');
  return { file, headersOnly, dataDir };
}

/**
 * Imports a Kaspa json-dag-test stream into a store, validating every block, and says whether
 * our consensus agrees with Kaspa's on all of it. A fresh temporary store by default; with
 * --data-dir the store persists, and a second run resumes where the first stopped.
 */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'replay FILE [--headers-only] [--data-dir DIR]',
  summary: 'validate every block of a Kaspa block stream (.json.gz) into a store and report',
  async run(args) {
    const { file, headersOnly, dataDir } = parseArgs(args);
    const stream = readInput(file, readJsonDagStream);
    const folder = dataDir ?? mkdtempSync(join(tmpdir(), 'dagwallet-replay-'));
    mkdirSync(folder, { recursive: true });
    let store: ConsensusStore;
    try {
      store = ConsensusStore.open(join(folder, 'consensus.sqlite'));
    } catch (error) {
      if (!dataDir) rmSync(folder, { recursive: true, force: true });
      if (error instanceof StoreError)
        throw new CliInputError(`cannot use the store in ${folder}: ${error.message}`, { cause: error });
      throw error;
    }
    try {
      const showProgress = process.stderr.isTTY;
      const report = replayStream(stream, store, {
        headersOnly,
        onProgress: showProgress ? (done, total) => process.stderr.write(`\r${done}/${total} blocks`) : undefined,
      });
      if (showProgress) process.stderr.write('\n');
      const out = (line: string) => process.stdout.write(`${line}\n`);
      for (const m of report.hashMismatches) {
        out(`block ${m.index}: header hashes to ${m.computed}, the stream says ${m.stated}`);
      }
      // The first rejections say what went wrong; the rest are usually their descendants.
      const list = (items: typeof report.rejected, verb: string) => {
        for (const r of items.slice(0, SHOWN_REJECTIONS)) out(`block ${r.index} ${verb}: ${r.code} ${r.message}`);
        if (items.length > SHOWN_REJECTIONS) out(`... and ${items.length - SHOWN_REJECTIONS} more ${verb}`);
      };
      list(report.rejected, 'rejected');
      list(report.disqualified, 'disqualified');
      out(`network: ${report.network}`);
      out(`accepted: ${report.accepted}  rejected: ${report.rejected.length}  already in store: ${report.known}`);
      if (!headersOnly) out(`disqualified from the selected chain: ${report.disqualified.length}`);
      out(`sink: ${report.sink} (blue score ${report.sinkBlueScore})`);
      if (report.utxoCommitment) out(`UTXO commitment: ${report.utxoCommitment}`);
      const count = report.accepted + report.known;
      const rate = `${Math.round(report.blocksPerSecond)} blocks/s`;
      out(
        headersOnly
          ? `${count} headers in ${report.seconds.toFixed(2)} s: ${rate}`
          : `${count} blocks, ${report.transactions} transactions in ${report.seconds.toFixed(2)} s: ${rate}, ` +
              `${Math.round(report.transactions / report.seconds)} transactions/s`,
      );
      const clean = report.rejected.length + report.disqualified.length + report.hashMismatches.length === 0;
      return clean ? 0 : 1;
    } catch (error) {
      if (error instanceof ReplayError)
        throw new CliInputError(`cannot replay ${file}: ${error.message}`, { cause: error });
      // A store kept for another network, or written by a newer dagwallet.
      if (error instanceof StoreError)
        throw new CliInputError(`cannot replay into ${folder}: ${error.message}`, { cause: error });
      throw error;
    } finally {
      store.close();
      if (!dataDir) rmSync(folder, { recursive: true, force: true });
    }
  },
};
