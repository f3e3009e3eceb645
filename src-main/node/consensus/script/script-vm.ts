import type { Transaction } from '../model/transaction.ts';
import type { ParsedOpcode } from './parse-script.ts';
import type { ScriptStack } from './script-stack.ts';
import type { SignatureContext } from './signature-context.ts';

/** One entry of the conditional stack (kaspad OpCondFalse / OpCondTrue / OpCondSkip). */
export const Branch = {
  /** The branch is not taken. */
  NotTaken: 0,
  Taken: 1,
  /** Nested inside a branch not taken: OP_ELSE must not flip it. */
  Skipped: 2,
} as const;
export type Branch = (typeof Branch)[keyof typeof Branch];

/** What an opcode may read and change while it runs. */
export interface ScriptVm {
  readonly dstack: ScriptStack;
  readonly astack: ScriptStack;
  readonly branches: Branch[];
  /** Non-push operations so far in the current script; multisig adds its key count. */
  numOps: number;
  readonly tx: Transaction;
  readonly inputIndex: number;
  readonly signatures: SignatureContext;
}

export type OpcodeHandler = (vm: ScriptVm, op: ParsedOpcode) => void;

/** Handlers by opcode value. */
export type OpcodeHandlers = Readonly<Record<number, OpcodeHandler>>;

/** isBranchExecuting: outside any conditional, or in a taken branch. */
export function isBranchExecuting(vm: ScriptVm): boolean {
  const innermost = vm.branches[vm.branches.length - 1];
  return innermost === undefined || innermost === Branch.Taken;
}
