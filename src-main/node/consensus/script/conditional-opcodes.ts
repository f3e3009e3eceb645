import { Op, OPCODE_NAMES } from './opcodes.ts';
import { ScriptError } from './script-error.ts';
import { Branch, isBranchExecuting, type OpcodeHandlers, type ScriptVm } from './script-vm.ts';

/**
 * OP_IF / OP_NOTIF / OP_ELSE / OP_ENDIF. These run in branches not taken too, to keep the
 * nesting; an OP_IF there pops nothing and opens a Skipped branch.
 */

/** popIfBool (MINIMALIF): the operand must be empty (false) or exactly 0x01 (true), nothing else. */
function popMinimalIf(vm: ScriptVm): boolean {
  const item = vm.dstack.pop();
  if (item.length === 0) return false;
  if (item.length === 1 && item[0] === 0x01) return true;
  throw new ScriptError('MINIMAL_IF', 'the OP_IF/OP_NOTIF operand must be empty or 0x01');
}

function openBranch(vm: ScriptVm, takenWhen: boolean): void {
  if (!isBranchExecuting(vm)) {
    vm.branches.push(Branch.Skipped);
    return;
  }
  vm.branches.push(popMinimalIf(vm) === takenWhen ? Branch.Taken : Branch.NotTaken);
}

function requireOpenBranch(vm: ScriptVm, opcode: number): void {
  if (vm.branches.length === 0) {
    throw new ScriptError('UNBALANCED_CONDITIONAL', `${OPCODE_NAMES[opcode]} without a matching OP_IF`);
  }
}

function elseBranch(vm: ScriptVm): void {
  requireOpenBranch(vm, Op.Else);
  const last = vm.branches.length - 1;
  const branch = vm.branches[last];
  if (branch === Branch.Taken) vm.branches[last] = Branch.NotTaken;
  else if (branch === Branch.NotTaken) vm.branches[last] = Branch.Taken;
}

function endIf(vm: ScriptVm): void {
  requireOpenBranch(vm, Op.EndIf);
  vm.branches.pop();
}

export const conditionalOpcodes: OpcodeHandlers = {
  [Op.If]: (vm) => openBranch(vm, true),
  [Op.NotIf]: (vm) => openBranch(vm, false),
  [Op.Else]: elseBranch,
  [Op.EndIf]: endIf,
};
