import { endOfInput, TerminalError } from './terminal-error.ts';
import type { Taken } from './take-from-stream.ts';

const ENTER = 0x0d;
const LINE_FEED = 0x0a;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const BACKSPACE = 0x08;
const DELETE = 0x7f;
const CTRL_U = 0x15;
const ESCAPE = 0x1b;

/**
 * Line editing for a raw-mode terminal, byte by byte, echoing nothing: Enter ends the line,
 * Backspace removes one character (a whole UTF-8 sequence), Ctrl-U clears, Ctrl-C interrupts,
 * Ctrl-D on an empty line ends the input. Escape sequences (arrows, function keys, the markers
 * of a bracketed paste) and other control bytes are dropped.
 */
export function passwordKeys(): (chunk: Buffer) => Taken<string> | undefined {
  const typed: number[] = [];
  let escape: 'none' | 'started' | 'sequence' = 'none';
  const clear = (): void => {
    typed.fill(0);
    typed.length = 0;
  };
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (escape === 'started') {
        escape = byte === 0x5b || byte === 0x4f ? 'sequence' : 'none'; // CSI "[" or SS3 "O"; else Alt+key
        continue;
      }
      if (escape === 'sequence') {
        if (byte >= 0x40 && byte <= 0x7e) escape = 'none'; // the final byte
        continue;
      }
      if (byte === ENTER || byte === LINE_FEED) {
        const next = byte === ENTER && chunk[i + 1] === LINE_FEED ? i + 2 : i + 1;
        const value = Buffer.from(typed).toString('utf8');
        clear();
        return { value, rest: chunk.subarray(next) };
      }
      if (byte === CTRL_C) {
        clear();
        throw new TerminalError('INTERRUPTED', 'interrupted');
      }
      if (byte === CTRL_D) {
        if (typed.length === 0) throw endOfInput();
      } else if (byte === BACKSPACE || byte === DELETE) {
        while (typed.length > 0 && ((typed.at(-1) as number) & 0xc0) === 0x80) typed.pop(); // continuation bytes
        typed.pop();
      } else if (byte === CTRL_U) {
        clear();
      } else if (byte === ESCAPE) {
        escape = 'started';
      } else if (byte >= 0x20) {
        typed.push(byte);
      }
    }
    return undefined;
  };
}
