import { readDagFile } from '../../node/consensus/ghostdag/dag-file.ts';
import { checkDagFile } from '../../node/consensus/ghostdag/dag-file-check.ts';
import { indexReachability } from '../../node/consensus/ghostdag/index-reachability.ts';
import { CliUsageError, type Command, readInput } from '../command.ts';

/** Runs our GHOSTDAG over a kaspad test DAG and prints every block that colors differently. */
export const checkGhostdagCommand: Command = {
  name: 'check-ghostdag',
  usage: 'check-ghostdag FILE',
  summary: "check GHOSTDAG against a kaspad test DAG (format of kaspad's ghostdag-dags/*.json)",
  async run(args) {
    const [file] = args;
    if (!file || args.length > 1) throw new CliUsageError('expected exactly one DAG file');
    const dag = readInput(file, readDagFile);
    const mismatches = checkDagFile(dag, indexReachability());
    for (const m of mismatches) {
      process.stdout.write(`block ${m.id}: ${m.field} expected [${m.expected}] got [${m.actual}]\n`);
    }
    const blocks = new Set(mismatches.map((m) => m.id)).size;
    process.stdout.write(
      `${dag.blocks.length} blocks, k=${dag.k}: ${blocks === 0 ? 'all match' : `${blocks} blocks differ`}\n`,
    );
    return blocks === 0 ? 0 : 1;
  },
};
