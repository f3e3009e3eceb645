import { OPCODE_NAMES } from './opcodes.ts';
import type { ParsedOpcode } from './parse-script.ts';
import { ScriptError, type ScriptErrorCode } from './script-error.ts';
import type { ScriptVm } from './script-vm.ts';

/**
 * abstractVerify: pops the top item and fails with `code` when it is false — the second half of
 * OP_VERIFY, OP_EQUALVERIFY, OP_NUMEQUALVERIFY, OP_CHECKSIGVERIFY and OP_CHECKMULTISIGVERIFY.
 */
export function verifyTop(vm: ScriptVm, op: ParsedOpcode, code: ScriptErrorCode): void {
  if (!vm.dstack.popBool()) throw new ScriptError(code, `${OPCODE_NAMES[op.opcode]} failed`);
}
