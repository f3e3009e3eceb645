import type { Transaction } from '../model/transaction.ts';
import { OPCODE_HANDLERS } from './opcode-handlers.ts';
import { isAlwaysIllegalOpcode, isConditionalOpcode, isDisabledOpcode, Op, OPCODE_NAMES } from './opcodes.ts';
import { checkMinimalDataPush } from './minimal-push.ts';
import type { ParsedOpcode } from './parse-script.ts';
import { ScriptError } from './script-error.ts';
import { MAX_OPS_PER_SCRIPT, MAX_SCRIPT_ELEMENT_SIZE, MAX_STACK_SIZE } from './script-limits.ts';
import { ScriptStack } from './script-stack.ts';
import { type Branch, isBranchExecuting, type ScriptVm } from './script-vm.ts';
import type { SignatureContext } from './signature-context.ts';

/**
 * Runs parsed scripts one after another on shared stacks (kaspad Engine.Step/executeOpcode).
 * The data stack carries over from script to script; the alt stack, the operation count and the
 * conditionals do not.
 */
export class ScriptEngine implements ScriptVm {
  readonly dstack = new ScriptStack();
  readonly astack = new ScriptStack();
  readonly branches: Branch[] = [];
  numOps = 0;
  readonly tx: Transaction;
  readonly inputIndex: number;
  readonly signatures: SignatureContext;

  constructor(tx: Transaction, inputIndex: number, signatures: SignatureContext) {
    this.tx = tx;
    this.inputIndex = inputIndex;
    this.signatures = signatures;
  }

  run(ops: readonly ParsedOpcode[]): void {
    for (const op of ops) {
      this.execute(op);
      const depth = this.dstack.depth + this.astack.depth;
      if (depth > MAX_STACK_SIZE) {
        throw new ScriptError('STACK_OVERFLOW', `combined stack size ${depth} > max allowed ${MAX_STACK_SIZE}`);
      }
    }
    // A conditional may not straddle two scripts.
    if (this.branches.length > 0) {
      throw new ScriptError('UNBALANCED_CONDITIONAL', 'end of script reached in conditional execution');
    }
    this.astack.clear();
    this.numOps = 0;
  }

  /**
   * executeOpcode. Some rules hold even in a branch not taken: disabled opcodes, OP_VERIF and
   * OP_VERNOTIF fail; every opcode above OP_16 counts toward the operation limit (OP_RESERVED
   * counts as a push, not an operation); every push respects the element size limit.
   */
  private execute(op: ParsedOpcode): void {
    const { opcode } = op;
    if (isDisabledOpcode(opcode)) {
      throw new ScriptError('DISABLED_OPCODE', `attempt to execute disabled opcode ${OPCODE_NAMES[opcode]}`);
    }
    if (isAlwaysIllegalOpcode(opcode)) {
      throw new ScriptError('RESERVED_OPCODE', `attempt to execute reserved opcode ${OPCODE_NAMES[opcode]}`);
    }
    if (opcode > Op.Sixteen) {
      if (++this.numOps > MAX_OPS_PER_SCRIPT) {
        throw new ScriptError('TOO_MANY_OPERATIONS', `exceeded max operation limit of ${MAX_OPS_PER_SCRIPT}`);
      }
    } else if (op.data.length > MAX_SCRIPT_ELEMENT_SIZE) {
      throw new ScriptError(
        'ELEMENT_TOO_BIG',
        `element size ${op.data.length} exceeds max allowed size ${MAX_SCRIPT_ELEMENT_SIZE}`,
      );
    }
    const executing = isBranchExecuting(this);
    if (!executing && !isConditionalOpcode(opcode)) return;
    if (executing && opcode !== Op.False && opcode <= Op.PushData4) checkMinimalDataPush(op);
    (OPCODE_HANDLERS[opcode] as (typeof OPCODE_HANDLERS)[number])(this, op);
  }

  /**
   * CheckErrorCondition: the top item must be true. At the very end (`final`) it must also be
   * the only item — CLEANSTACK, so nothing extra can be slipped into a signature script.
   */
  checkResult(final: boolean): void {
    if (final && this.dstack.depth > 1) {
      throw new ScriptError('CLEAN_STACK', `stack contains ${this.dstack.depth - 1} unexpected items`);
    }
    if (final && this.dstack.depth < 1) {
      throw new ScriptError('EMPTY_STACK', 'stack empty at end of script execution');
    }
    if (!this.dstack.popBool()) {
      throw new ScriptError('EVAL_FALSE', 'false stack entry at end of script execution');
    }
  }
}
