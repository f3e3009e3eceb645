import { DagwalletError } from '../../node/errors.ts';

export const TerminalErrorCode = {
  /** Ctrl-C at a prompt. */
  INTERRUPTED: 'INTERRUPTED',
  /** Ctrl-D on an empty line, or the input ended before a line did. */
  END_OF_INPUT: 'END_OF_INPUT',
  /** A line longer than any password or phrase (piped input with no line breaks). */
  LINE_TOO_LONG: 'LINE_TOO_LONG',
} as const;
export type TerminalErrorCode = (typeof TerminalErrorCode)[keyof typeof TerminalErrorCode];

export class TerminalError extends DagwalletError<TerminalErrorCode> {
  /** What a shell expects: 130 (128 + SIGINT) after Ctrl-C, 1 otherwise. */
  get exitCode(): number {
    return this.code === 'INTERRUPTED' ? 130 : 1;
  }
}

export function endOfInput(): TerminalError {
  return new TerminalError('END_OF_INPUT', 'the input ended before a line was entered');
}
