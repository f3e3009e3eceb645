import {
  LOCK_TIME_THRESHOLD,
  MAX_TX_IN_SEQUENCE_NUM,
  SEQUENCE_LOCK_TIME_DISABLED,
  SEQUENCE_LOCK_TIME_MASK,
} from '../validation/tx-constants.ts';
import { Op } from './opcodes.ts';
import { ScriptError } from './script-error.ts';
import { MAX_LOCK_TIME_LENGTH } from './script-limits.ts';
import type { OpcodeHandlers, ScriptVm } from './script-vm.ts';

/**
 * Pops the operand of a lock-time opcode: unlike a script number it is an unsigned little-endian
 * integer of up to 8 bytes, with no minimal-encoding rule (kaspad pads it to 8 bytes).
 */
function popUnsigned64(vm: ScriptVm, what: string): bigint {
  const bytes = vm.dstack.pop();
  if (bytes.length > MAX_LOCK_TIME_LENGTH) {
    throw new ScriptError('NUMBER_TOO_BIG', `${what} of ${bytes.length} bytes, over ${MAX_LOCK_TIME_LENGTH}`);
  }
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  return value;
}

function unsatisfied(message: string): ScriptError {
  return new ScriptError('UNSATISFIED_LOCK_TIME', message);
}

function spentInputSequence(vm: ScriptVm): bigint {
  return (vm.tx.inputs[vm.inputIndex] as (typeof vm.tx.inputs)[number]).sequence;
}

/**
 * opcodeCheckLockTimeVerify: pops a lock time (kaspad pops it; Bitcoin leaves it) that must be
 * of the transaction's kind (DAA score below LockTimeThreshold, else timestamp) and not after the
 * transaction's lock time; the input must not be final (sequence at max), or the transaction's
 * lock time would not be enforced at all.
 */
function checkLockTimeVerify(vm: ScriptVm): void {
  const lockTime = popUnsigned64(vm, 'lock time');
  const txLockTime = vm.tx.lockTime;
  const isDaaScore = lockTime < LOCK_TIME_THRESHOLD;
  const txIsDaaScore = txLockTime < LOCK_TIME_THRESHOLD;
  if (isDaaScore !== txIsDaaScore) {
    throw unsatisfied(`mismatched lock time kinds: transaction ${txLockTime}, script ${lockTime}`);
  }
  if (lockTime > txLockTime) throw unsatisfied(`lock time ${lockTime} is after the transaction's ${txLockTime}`);
  if (spentInputSequence(vm) === MAX_TX_IN_SEQUENCE_NUM) throw unsatisfied('transaction input is finalized');
}

/**
 * opcodeCheckSequenceVerify: pops a relative lock; with its disable bit set it is a no-op (room
 * for soft forks). Otherwise the input's sequence must be an enabled relative lock at least as
 * long, comparing only the masked low 32 bits.
 */
function checkSequenceVerify(vm: ScriptVm): void {
  const sequence = popUnsigned64(vm, 'sequence');
  if (sequence & SEQUENCE_LOCK_TIME_DISABLED) return;
  const txSequence = spentInputSequence(vm);
  if (txSequence & SEQUENCE_LOCK_TIME_DISABLED) {
    throw unsatisfied(`transaction sequence 0x${txSequence.toString(16)} has the lock time disabled`);
  }
  if ((sequence & SEQUENCE_LOCK_TIME_MASK) > (txSequence & SEQUENCE_LOCK_TIME_MASK)) {
    throw unsatisfied(`relative lock ${sequence} is longer than the input's ${txSequence}`);
  }
}

export const lockTimeOpcodes: OpcodeHandlers = {
  [Op.CheckLockTimeVerify]: checkLockTimeVerify,
  [Op.CheckSequenceVerify]: checkSequenceVerify,
};
