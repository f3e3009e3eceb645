import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonDagStream } from '../../node/replay/json-dag-stream.ts';
import { replayHeaders } from '../../node/replay/replay.ts';
import { ReplayError } from '../../node/replay/stream-network.ts';
import { ConsensusStore } from '../../node/store/consensus-store.ts';
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
  usage: 'replay FILE --headers-only [--data-dir DIR]',
  summary: 'validate every block of a Kaspa block stream (.json.gz) into a store and report',
  async run(args) {
    const { file, headersOnly, dataDir } = parseArgs(args);
    if (!headersOnly) {
      throw new CliUsageError(
        'full block validation (UTXO set, scripts) is not in this version yet; run with --headers-only',
      );
    }
    const stream = readInput(file, readJsonDagStream);
    const folder = dataDir ?? mkdtempSync(join(tmpdir(), 'dagwallet-replay-'));
    mkdirSync(folder, { recursive: true });
    const store = ConsensusStore.open(join(folder, 'consensus.sqlite'));
    try {
      const showProgress = process.stderr.isTTY;
      const report = replayHeaders(stream, store, {
        onProgress: showProgress ? (done, total) => process.stderr.write(`\r${done}/${total} blocks`) : undefined,
      });
      if (showProgress) process.stderr.write('\n');
      const out = (line: string) => process.stdout.write(`${line}\n`);
      for (const m of report.hashMismatches) {
        out(`block ${m.index}: header hashes to ${m.computed}, the stream says ${m.stated}`);
      }
      // The first rejections say what went wrong; the rest are usually their descendants.
      for (const r of report.rejected.slice(0, SHOWN_REJECTIONS))
        out(`block ${r.index} rejected: ${r.code} ${r.message}`);
      if (report.rejected.length > SHOWN_REJECTIONS)
        out(`... and ${report.rejected.length - SHOWN_REJECTIONS} more rejected`);
      out(`network: ${report.network}`);
      out(`accepted: ${report.accepted}  rejected: ${report.rejected.length}  already in store: ${report.known}`);
      out(`sink: ${report.sink} (blue score ${report.sinkBlueScore})`);
      out(
        `${report.accepted + report.known} headers in ${report.seconds.toFixed(2)} s: ${Math.round(report.blocksPerSecond)} blocks/s`,
      );
      return report.rejected.length === 0 && report.hashMismatches.length === 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof ReplayError)
        throw new CliInputError(`cannot replay ${file}: ${error.message}`, { cause: error });
      throw error;
    } finally {
      store.close();
      if (!dataDir) rmSync(folder, { recursive: true, force: true });
    }
  },
};
