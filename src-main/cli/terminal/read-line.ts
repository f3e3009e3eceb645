import { endOfInput, TerminalError } from './terminal-error.ts';
import { takeFromStream, type Taken, type TerminalInput } from './take-from-stream.ts';

export interface PromptOptions {
  /** Defaults to process.stdin. */
  input?: TerminalInput;
  /** Where the prompt goes; defaults to process.stderr, so stdout stays clean for a command's output. */
  output?: NodeJS.WritableStream;
}

/** Longer than any password or recovery phrase; stops a pipe without line breaks from filling memory. */
export const MAX_LINE_BYTES = 64 * 1024;

const CR = 0x0d;
const LF = 0x0a;

function lineEnd(chunk: Buffer, crEndsLine: boolean): number {
  const lf = chunk.indexOf(LF);
  const cr = crEndsLine ? chunk.indexOf(CR) : -1;
  return cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
}

function decodeLine(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * One line (LF or CRLF) from a stream in its normal mode; the rest stays in the stream. On a TTY a
 * lone CR ends the line too: keys typed ahead during a raw-mode prompt arrive untranslated.
 */
export function readStreamLine(input: TerminalInput): Promise<string> {
  const parts: Buffer[] = [];
  let length = 0;
  const take = (chunk: Buffer): Taken<string> | undefined => {
    const newline = lineEnd(chunk, input.isTTY === true);
    const head = newline < 0 ? chunk : chunk.subarray(0, newline);
    length += head.length;
    if (length > MAX_LINE_BYTES) throw new TerminalError('LINE_TOO_LONG', 'the input line is too long');
    parts.push(head);
    if (newline < 0) return undefined;
    const next = chunk[newline] === CR && chunk[newline + 1] === LF ? newline + 2 : newline + 1;
    return { value: decodeLine(Buffer.concat(parts)), rest: chunk.subarray(next) };
  };
  return takeFromStream(input, take, () => {
    if (length === 0) throw endOfInput();
    return decodeLine(Buffer.concat(parts)); // a last line without a line break
  });
}

/**
 * Prompts and reads one line of non-secret input, echoed by the terminal as it is typed (its line
 * editing applies; Ctrl-C is the usual SIGINT). Secrets, recovery phrases included, go through
 * readPassword instead.
 */
export async function readLine(prompt: string, options: PromptOptions = {}): Promise<string> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  output.write(prompt);
  const line = await readStreamLine(input);
  if (input.isTTY !== true) output.write('\n'); // nothing echoed the line break
  return line;
}
