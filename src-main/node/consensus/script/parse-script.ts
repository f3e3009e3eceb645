import type { ScriptPublicKey } from '../model/transaction.ts';
import { Op, OPCODE_NAMES } from './opcodes.ts';
import { ScriptError } from './script-error.ts';

/** One instruction of a script: its opcode and, for a push, the bytes it pushes. */
export interface ParsedOpcode {
  readonly opcode: number;
  readonly data: Uint8Array;
}

const NO_DATA = new Uint8Array(0);

/** The result of parsing as far as the bytes allow (kaspad parseScript returns both). */
export interface PartialParse {
  readonly ops: ParsedOpcode[];
  /** Why parsing stopped early, or null when the whole script parsed. */
  readonly error: ScriptError | null;
}

function readLength(script: Uint8Array, offset: number, size: number): number {
  let length = 0;
  for (let i = size - 1; i >= 0; i--) length = length * 256 + (script[offset + i] as number);
  return length;
}

/**
 * Splits a script into opcodes (kaspad parseScriptTemplate): OP_DATA_n pushes n bytes,
 * OP_PUSHDATA1/2/4 first read a 1/2/4-byte little-endian length. A push running past the end
 * stops parsing with MALFORMED_PUSH; the opcodes before it are still returned, because sig-op
 * counting counts up to the first parse failure.
 */
export function parseScriptPartially(script: Uint8Array): PartialParse {
  const ops: ParsedOpcode[] = [];
  let i = 0;
  while (i < script.length) {
    const opcode = script[i] as number;
    if (opcode === Op.False || opcode > Op.PushData4) {
      ops.push({ opcode, data: NO_DATA });
      i += 1;
      continue;
    }
    let start = i + 1;
    let length = opcode;
    if (opcode >= Op.PushData1) {
      const lengthSize = opcode === Op.PushData1 ? 1 : opcode === Op.PushData2 ? 2 : 4;
      if (script.length - start < lengthSize) {
        return { ops, error: malformed(opcode, `needs a ${lengthSize}-byte length`, script.length - start) };
      }
      length = readLength(script, start, lengthSize);
      start += lengthSize;
    }
    if (script.length - start < length) {
      return { ops, error: malformed(opcode, `pushes ${length} bytes`, script.length - start) };
    }
    ops.push({ opcode, data: script.subarray(start, start + length) });
    i = start + length;
  }
  return { ops, error: null };
}

function malformed(opcode: number, what: string, remaining: number): ScriptError {
  return new ScriptError(
    'MALFORMED_PUSH',
    `opcode ${OPCODE_NAMES[opcode]} ${what}, but the script has ${remaining} left`,
  );
}

/** The opcodes of a script, or MALFORMED_PUSH. */
export function parseScript(script: Uint8Array): ParsedOpcode[] {
  const { ops, error } = parseScriptPartially(script);
  if (error) throw error;
  return ops;
}

/**
 * Whether every opcode is a push (isPushOnly): anything up to OP_16, OP_RESERVED included —
 * executing that one fails anyway, as consensus requires.
 */
export function isPushOnly(ops: readonly ParsedOpcode[]): boolean {
  return ops.every((op) => op.opcode <= Op.Sixteen);
}

/** `OP_BLAKE2B OP_DATA_32 <hash> OP_EQUAL` (isScriptHash). */
export function isPayToScriptHash(ops: readonly ParsedOpcode[]): boolean {
  return (
    ops.length === 3 && ops[0]?.opcode === Op.Blake2b && ops[1]?.opcode === Op.Data32 && ops[2]?.opcode === Op.Equal
  );
}

/** IsPayToScriptHash: a script public key that parses and is P2SH (the version is not looked at). */
export function isPayToScriptHashScript(scriptPublicKey: ScriptPublicKey): boolean {
  const { ops, error } = parseScriptPartially(scriptPublicKey.script);
  return error === null && isPayToScriptHash(ops);
}
