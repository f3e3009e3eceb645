import { passwordKeys } from './password-keys.ts';
import { type PromptOptions, readStreamLine } from './read-line.ts';
import { endOfInput } from './terminal-error.ts';
import { takeFromStream } from './take-from-stream.ts';

/**
 * Prompts for a secret (a password, a recovery phrase) and reads it without echo. On a TTY the
 * terminal goes into raw mode and nothing is printed per key, as sudo does, and the mode is
 * restored whatever happens; Ctrl-C rejects with TerminalError INTERRUPTED (exit code 130),
 * Ctrl-D on an empty line with END_OF_INPUT. From a pipe or file it reads one line.
 */
export async function readPassword(prompt: string, options: PromptOptions = {}): Promise<string> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  output.write(prompt);
  if (input.isTTY !== true || typeof input.setRawMode !== 'function') {
    try {
      return await readStreamLine(input);
    } finally {
      output.write('\n');
    }
  }
  const wasRaw = input.isRaw === true;
  input.setRawMode(true);
  try {
    return await takeFromStream(input, passwordKeys(), () => {
      throw endOfInput();
    });
  } finally {
    input.setRawMode(wasRaw);
    output.write('\n'); // Enter was not echoed either
  }
}
