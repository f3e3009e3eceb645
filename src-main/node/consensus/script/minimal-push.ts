import { Op, OPCODE_NAMES } from './opcodes.ts';
import type { ParsedOpcode } from './parse-script.ts';
import { ScriptError } from './script-error.ts';

/** The shortest opcode that pushes `data` (OP_0, OP_1..OP_16, OP_1NEGATE, OP_DATA_n, OP_PUSHDATAn). */
function minimalPushOpcode(data: Uint8Array): number | null {
  const length = data.length;
  const first = data[0] as number;
  if (length === 0) return Op.False;
  if (length === 1 && first >= 1 && first <= 16) return Op.True + first - 1;
  if (length === 1 && first === 0x81) return Op.Negate1;
  if (length <= Op.Data75) return length;
  if (length <= 0xff) return Op.PushData1;
  if (length <= 0xffff) return Op.PushData2;
  // kaspad accepts any opcode past 64 KiB; the element size limit has refused such pushes already.
  return null;
}

/**
 * checkMinimalDataPush: an executed data push (OP_DATA_n / OP_PUSHDATAn) must use the shortest
 * encoding of its bytes, so a signature script cannot be malleated by re-encoding its pushes.
 */
export function checkMinimalDataPush(op: ParsedOpcode): void {
  const minimal = minimalPushOpcode(op.data);
  if (minimal === null || minimal === op.opcode) return;
  throw new ScriptError(
    'MINIMAL_DATA',
    `push of ${op.data.length} bytes with ${OPCODE_NAMES[op.opcode]} instead of ${OPCODE_NAMES[minimal]}`,
  );
}
