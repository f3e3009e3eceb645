import { sha256 } from '@noble/hashes/sha2.js';
import { blake2b256 } from '../../crypto/domain-hash.ts';
import { Op } from './opcodes.ts';
import { ScriptError } from './script-error.ts';
import type { OpcodeHandler } from './script-vm.ts';
import { verifyTop } from './verify-top.ts';

/** Pushes, OP_NOP, OP_VERIFY, OP_RETURN and the two hash opcodes (kaspad opcode.go). */

const pushData: OpcodeHandler = (vm, op) => vm.dstack.push(op.data);

function pushes(): Record<number, OpcodeHandler> {
  const handlers: Record<number, OpcodeHandler> = {};
  // OP_0 pushes the empty array and OP_DATA_n / OP_PUSHDATAn their bytes, as parsed.
  for (let opcode = Op.False; opcode <= Op.PushData4; opcode++) handlers[opcode] = pushData;
  handlers[Op.Negate1] = (vm) => vm.dstack.pushNumber(-1);
  for (let n = 1; n <= 16; n++) handlers[Op.True + n - 1] = (vm) => vm.dstack.pushNumber(n);
  return handlers;
}

export const basicOpcodes: Readonly<Record<number, OpcodeHandler>> = {
  ...pushes(),
  [Op.Nop]: () => {},
  [Op.Verify]: (vm, op) => verifyTop(vm, op, 'VERIFY'),
  [Op.Return]: () => {
    throw new ScriptError('EARLY_RETURN', 'script returned early');
  },
  [Op.Sha256]: (vm) => vm.dstack.push(sha256(vm.dstack.pop())),
  [Op.Blake2b]: (vm) => vm.dstack.push(blake2b256(vm.dstack.pop())),
};
