import { DecodeError } from '../node/errors.ts';

/** One `dagwallet <name>` subcommand. `run` returns the process exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Wrong arguments: the CLI prints the message and the command's usage, and exits 2. */
export class CliUsageError extends Error {}

/** An input file that cannot be used: the CLI prints the message and exits 1. */
export class CliInputError extends Error {}

/** A failed file or folder operation (ENOENT, EACCES, …), as opposed to a bug. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Reads an input file; a missing, unreadable or malformed one becomes a CliInputError naming it. */
export function readInput<T>(path: string, read: (path: string) => T): T {
  try {
    return read(path);
  } catch (error) {
    if (error instanceof DecodeError || isFileSystemError(error)) {
      throw new CliInputError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
