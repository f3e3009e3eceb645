import { Op, OPCODE_NAMES } from './opcodes.ts';
import { MAX_SCRIPT_ELEMENT_SIZE, MAX_SCRIPT_SIZE } from './script-limits.ts';

/**
 * The "short form" scripts of kaspad's script_tests.json, as its reference_test.go
 * parseShortForm reads them (test support only):
 * - a decimal int64 → the minimal push of that number (ScriptBuilder.AddInt64);
 * - `0x…` → those bytes appended verbatim;
 * - `'text'` → a push of the ASCII text (AddFullData: no size checks);
 * - otherwise an opcode name, with or without OP_ (OP_0..OP_16 only with it; OP_FALSE/OP_TRUE too).
 * The builder's own limits (script size, element size) make parsing fail, as in kaspad.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function shortFormOpcodes(): Map<string, number> {
  const byName = new Map<string, number>([
    ['OP_FALSE', Op.False],
    ['FALSE', Op.False],
    ['OP_TRUE', Op.True],
    ['TRUE', Op.True],
  ]);
  OPCODE_NAMES.forEach((name, value) => {
    if (name.startsWith('OP_UNKNOWN')) return;
    byName.set(name, value);
    // Bare "2" must stay the number 2, so OP_0..OP_16 keep their prefix.
    if (value !== Op.False && (value < Op.True || value > Op.Sixteen)) byName.set(name.slice(3), value);
  });
  return byName;
}

const OPCODES_BY_NAME = shortFormOpcodes();

/** scriptNum.Bytes for any int64. */
function scriptNumBytes(n: bigint): number[] {
  const bytes: number[] = [];
  for (let magnitude = n < 0n ? -n : n; magnitude > 0n; magnitude >>= 8n) bytes.push(Number(magnitude & 0xffn));
  const top = bytes.length - 1;
  if (top < 0) return bytes;
  if ((bytes[top] as number) & 0x80) bytes.push(n < 0n ? 0x80 : 0x00);
  else if (n < 0n) bytes[top] = (bytes[top] as number) | 0x80;
  return bytes;
}

class ShortFormBuilder {
  readonly bytes: number[] = [];

  private ensureRoom(size: number): void {
    if (this.bytes.length + size > MAX_SCRIPT_SIZE) throw new Error('short-form script exceeds the builder limit');
  }

  addOp(opcode: number): void {
    this.ensureRoom(1);
    this.bytes.push(opcode);
  }

  /** ScriptBuilder.addData: the canonical push of `data`. */
  addFullData(data: readonly number[]): void {
    const length = data.length;
    const first = data[0] as number;
    if (length === 0 || (length === 1 && first === 0)) this.bytes.push(Op.False);
    else if (length === 1 && first <= 16) this.bytes.push(Op.True + first - 1);
    else if (length === 1 && first === 0x81) this.bytes.push(Op.Negate1);
    else {
      if (length < Op.PushData1) this.bytes.push(length);
      else if (length <= 0xff) this.bytes.push(Op.PushData1, length);
      else if (length <= 0xffff) this.bytes.push(Op.PushData2, length & 0xff, length >> 8);
      else this.bytes.push(Op.PushData4, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24);
      this.bytes.push(...data);
    }
  }

  addInt64(n: bigint): void {
    this.ensureRoom(1);
    if (n === 0n) this.bytes.push(Op.False);
    else if (n === -1n || (n >= 1n && n <= 16n)) this.bytes.push(Op.True + Number(n) - 1);
    else {
      const data = scriptNumBytes(n);
      if (data.length > MAX_SCRIPT_ELEMENT_SIZE) throw new Error('short-form push exceeds the element limit');
      this.ensureRoom(1 + data.length);
      this.addFullData(data);
    }
  }
}

function parseInt64(token: string): bigint | null {
  if (!/^[+-]?\d+$/.test(token)) return null;
  const n = BigInt(token);
  return n >= INT64_MIN && n <= INT64_MAX ? n : null;
}

export function parseShortForm(text: string): Uint8Array {
  const builder = new ShortFormBuilder();
  for (const token of text.split(/[ \n\t]/)) {
    if (token === '') continue;
    const n = parseInt64(token);
    const opcode = OPCODES_BY_NAME.get(token);
    if (n !== null) builder.addInt64(n);
    else if (/^0x(?:[0-9a-fA-F]{2})*$/.test(token)) builder.bytes.push(...Buffer.from(token.slice(2), 'hex'));
    else if (token.length >= 2 && token.startsWith("'") && token.endsWith("'")) {
      builder.addFullData([...Buffer.from(token.slice(1, -1), 'utf8')]);
    } else if (opcode !== undefined) builder.addOp(opcode);
    else throw new Error(`bad short-form token ${JSON.stringify(token)}`);
  }
  return Uint8Array.from(builder.bytes);
}
