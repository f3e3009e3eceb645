import { Op } from './opcodes.ts';
import type { OpcodeHandler, OpcodeHandlers, ScriptVm } from './script-vm.ts';
import { verifyTop } from './verify-top.ts';

/**
 * The arithmetic opcodes (kaspad opcode.go). Operands are 4-byte script numbers; a result may
 * be 5 bytes. OP_2MUL, OP_2DIV, OP_MUL, OP_DIV, OP_MOD and the shifts are disabled.
 */

function unary(f: (a: number) => number): OpcodeHandler {
  return (vm) => vm.dstack.pushNumber(f(vm.dstack.popNumber()));
}

/** `f(second, top)`: the top item is the right-hand operand. */
function binary(f: (a: number, b: number) => number): OpcodeHandler {
  return (vm) => {
    const b = vm.dstack.popNumber();
    const a = vm.dstack.popNumber();
    vm.dstack.pushNumber(f(a, b));
  };
}

const flag = (condition: boolean): number => (condition ? 1 : 0);

const numEqual = binary((a, b) => flag(a === b));

/** [... x min max] → [... min <= x < max] */
function within(vm: ScriptVm): void {
  const max = vm.dstack.popNumber();
  const min = vm.dstack.popNumber();
  const x = vm.dstack.popNumber();
  vm.dstack.pushNumber(flag(min <= x && x < max));
}

export const numericOpcodes: OpcodeHandlers = {
  [Op.Add1]: unary((a) => a + 1),
  [Op.Sub1]: unary((a) => a - 1),
  // `0 - a` rather than `-a`, which would be the float -0 for 0.
  [Op.Negate]: unary((a) => 0 - a),
  [Op.Abs]: unary((a) => Math.abs(a)),
  [Op.Not]: unary((a) => flag(a === 0)),
  [Op.NotEqual0]: unary((a) => flag(a !== 0)),
  [Op.Add]: binary((a, b) => a + b),
  [Op.Sub]: binary((a, b) => a - b),
  [Op.BoolAnd]: binary((a, b) => flag(a !== 0 && b !== 0)),
  [Op.BoolOr]: binary((a, b) => flag(a !== 0 || b !== 0)),
  [Op.NumEqual]: numEqual,
  [Op.NumEqualVerify]: (vm, op) => {
    numEqual(vm, op);
    verifyTop(vm, op, 'NUM_EQUAL_VERIFY');
  },
  [Op.NumNotEqual]: binary((a, b) => flag(a !== b)),
  [Op.LessThan]: binary((a, b) => flag(a < b)),
  [Op.GreaterThan]: binary((a, b) => flag(a > b)),
  [Op.LessThanOrEqual]: binary((a, b) => flag(a <= b)),
  [Op.GreaterThanOrEqual]: binary((a, b) => flag(a >= b)),
  [Op.Min]: binary((a, b) => Math.min(a, b)),
  [Op.Max]: binary((a, b) => Math.max(a, b)),
  [Op.Within]: within,
};
