import { basicOpcodes } from './basic-opcodes.ts';
import { checkSigOpcodes } from './checksig-opcodes.ts';
import { conditionalOpcodes } from './conditional-opcodes.ts';
import { lockTimeOpcodes } from './lock-time-opcodes.ts';
import { multiSigOpcodes } from './multisig-opcodes.ts';
import { numericOpcodes } from './numeric-opcodes.ts';
import { isDisabledOpcode, OPCODE_NAMES } from './opcodes.ts';
import { ScriptError } from './script-error.ts';
import type { OpcodeHandler } from './script-vm.ts';
import { stackOpcodes } from './stack-opcodes.ts';

const defined: Readonly<Record<number, OpcodeHandler>> = {
  ...basicOpcodes,
  ...conditionalOpcodes,
  ...stackOpcodes,
  ...numericOpcodes,
  ...checkSigOpcodes,
  ...multiSigOpcodes,
  ...lockTimeOpcodes,
};

/**
 * Executing anything else fails: disabled opcodes with DISABLED_OPCODE (the engine refuses them
 * before this, even unexecuted), and OP_RESERVED, OP_VER, OP_RESERVED1/2 and every undefined
 * value with RESERVED_OPCODE (kaspad opcodeReserved / opcodeInvalid).
 */
function refused(opcode: number): OpcodeHandler {
  const disabled = isDisabledOpcode(opcode);
  return () => {
    const name = OPCODE_NAMES[opcode];
    if (disabled) throw new ScriptError('DISABLED_OPCODE', `attempt to execute disabled opcode ${name}`);
    throw new ScriptError('RESERVED_OPCODE', `attempt to execute reserved opcode ${name}`);
  };
}

/** OPCODE_HANDLERS[value]: what executing each of the 256 byte values does. */
export const OPCODE_HANDLERS: readonly OpcodeHandler[] = Array.from(
  { length: 256 },
  (_, opcode) => defined[opcode] ?? refused(opcode),
);
