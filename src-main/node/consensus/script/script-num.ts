import { MAX_SCRIPT_NUMBER_LENGTH } from './script-limits.ts';
import { ScriptError } from './script-error.ts';

/**
 * Script numbers (kaspad scriptnum.go): little-endian magnitude whose top byte's high bit is the
 * sign; zero is the empty array. Operands are at most 4 bytes, so within ±(2^31 − 1), but results
 * may overflow to 5 bytes and stay on the stack as long as no numeric opcode reads them again.
 * A JS number holds every value that can arise exactly.
 */

/**
 * checkMinimalDataEncoding: no extra high byte unless the next byte's high bit needs it, and no
 * negative zero ([0x80]).
 */
function checkMinimalEncoding(bytes: Uint8Array): void {
  const last = bytes[bytes.length - 1];
  if (last === undefined || (last & 0x7f) !== 0) return;
  if (bytes.length === 1 || ((bytes[bytes.length - 2] as number) & 0x80) === 0) {
    throw new ScriptError('MINIMAL_DATA', `number ${Buffer.from(bytes).toString('hex')} is not minimally encoded`);
  }
}

/** makeScriptNum with the default 4-byte limit: NUMBER_TOO_BIG when longer, MINIMAL_DATA when not minimal. */
export function decodeScriptNum(bytes: Uint8Array): number {
  if (bytes.length > MAX_SCRIPT_NUMBER_LENGTH) {
    throw new ScriptError('NUMBER_TOO_BIG', `number of ${bytes.length} bytes, over ${MAX_SCRIPT_NUMBER_LENGTH}`);
  }
  checkMinimalEncoding(bytes);
  if (bytes.length === 0) return 0;
  let magnitude = 0;
  for (let i = bytes.length - 1; i >= 0; i--) magnitude = magnitude * 256 + (bytes[i] as number);
  const signBit = 0x80 * 256 ** (bytes.length - 1);
  return magnitude >= signBit ? -(magnitude - signBit) : magnitude;
}

/** scriptNum.Bytes: the minimal encoding of an integer (|n| < 2^53). */
export function encodeScriptNum(n: number): Uint8Array {
  if (n === 0) return new Uint8Array(0);
  const bytes: number[] = [];
  let magnitude = Math.abs(n);
  while (magnitude > 0) {
    bytes.push(magnitude % 256);
    magnitude = Math.floor(magnitude / 256);
  }
  const top = bytes.length - 1;
  if ((bytes[top] as number) & 0x80) bytes.push(n < 0 ? 0x80 : 0x00);
  else if (n < 0) bytes[top] = (bytes[top] as number) | 0x80;
  return Uint8Array.from(bytes);
}
