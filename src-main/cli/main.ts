import { CliInputError, CliUsageError, type Command } from './command.ts';
import { benchCommand } from './commands/bench.ts';
import { checkGhostdagCommand } from './commands/check-ghostdag.ts';
import { minerCommand } from './commands/miner.ts';
import { nodeCommand } from './commands/node.ts';
import { replayCommand } from './commands/replay.ts';
import { verifyStreamCommand } from './commands/verify-stream.ts';
import { walletCommand } from './commands/wallet.ts';
import { TerminalError } from './terminal/terminal-error.ts';
import { readPackageVersion } from './version.ts';

const commands: Command[] = [
  nodeCommand,
  walletCommand,
  minerCommand,
  replayCommand,
  verifyStreamCommand,
  checkGhostdagCommand,
  benchCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  const lines = commands.map((c) => `  dagwallet ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    'dagwallet: a full-node wallet for a Kaspa-style blockDAG',
    '',
    'Usage:',
    ...lines,
    `  dagwallet ${'--version'.padEnd(width)}  print the version`,
    `  dagwallet ${'--help'.padEnd(width)}  show this help`,
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`${readPackageVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`dagwallet: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`dagwallet ${command.name}: ${error.message}\nusage: dagwallet ${command.usage}\n`);
      return 2;
    }
    if (error instanceof TerminalError) {
      // Ctrl-C or end of input at a prompt: say so on a fresh line, exit as the shell expects.
      process.stderr.write(`\ndagwallet ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CliInputError) {
      process.stderr.write(`dagwallet ${command.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
