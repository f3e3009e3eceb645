/** One `dagwallet <name>` subcommand. `run` returns the process exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Wrong arguments: the CLI prints the message and the command's usage, and exits 2. */
export class CliUsageError extends Error {}
