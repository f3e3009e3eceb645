import { bytesEqual } from '../../encoding/hex.ts';
import { Op } from './opcodes.ts';
import { asBool } from './script-stack.ts';
import type { OpcodeHandler, OpcodeHandlers, ScriptVm } from './script-vm.ts';
import { verifyTop } from './verify-top.ts';

/** The stack-shuffling opcodes, OP_SIZE and OP_EQUAL(VERIFY) (kaspad opcode.go). */

/** Duplicates the top item unless it is false. */
function ifDup(vm: ScriptVm): void {
  const top = vm.dstack.peek(0);
  if (asBool(top)) vm.dstack.push(top);
}

const equal: OpcodeHandler = (vm) => {
  const a = vm.dstack.pop();
  const b = vm.dstack.pop();
  vm.dstack.pushBool(bytesEqual(a, b));
};

export const stackOpcodes: OpcodeHandlers = {
  [Op.ToAltStack]: (vm) => vm.astack.push(vm.dstack.pop()),
  [Op.FromAltStack]: (vm) => vm.dstack.push(vm.astack.pop()),
  [Op.Drop2]: (vm) => vm.dstack.dropN(2),
  [Op.Dup2]: (vm) => vm.dstack.dupN(2),
  [Op.Dup3]: (vm) => vm.dstack.dupN(3),
  [Op.Over2]: (vm) => vm.dstack.overN(2),
  [Op.Rot2]: (vm) => vm.dstack.rotN(2),
  [Op.Swap2]: (vm) => vm.dstack.swapN(2),
  [Op.IfDup]: ifDup,
  [Op.Depth]: (vm) => vm.dstack.pushNumber(vm.dstack.depth),
  [Op.Drop]: (vm) => vm.dstack.dropN(1),
  [Op.Dup]: (vm) => vm.dstack.dupN(1),
  [Op.Nip]: (vm) => void vm.dstack.nip(1),
  [Op.Over]: (vm) => vm.dstack.overN(1),
  [Op.Pick]: (vm) => vm.dstack.pickN(vm.dstack.popNumber()),
  [Op.Roll]: (vm) => vm.dstack.rollN(vm.dstack.popNumber()),
  [Op.Rot]: (vm) => vm.dstack.rotN(1),
  [Op.Swap]: (vm) => vm.dstack.swapN(1),
  [Op.Tuck]: (vm) => vm.dstack.tuck(),
  [Op.Size]: (vm) => vm.dstack.pushNumber(vm.dstack.peek(0).length),
  [Op.Equal]: equal,
  [Op.EqualVerify]: (vm, op) => {
    equal(vm, op);
    verifyTop(vm, op, 'EQUAL_VERIFY');
  },
};
