import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Op, OPCODE_NAMES } from './opcodes.ts';
import { parseScript, parseScriptPartially } from './parse-script.ts';

describe('opcodes and parsing', () => {
  it('names every byte value as kaspad does', () => {
    assert.equal(OPCODE_NAMES[0x00], 'OP_0');
    assert.equal(OPCODE_NAMES[0x4b], 'OP_DATA_75');
    assert.equal(OPCODE_NAMES[0x4e], 'OP_PUSHDATA4');
    assert.equal(OPCODE_NAMES[0x60], 'OP_16');
    assert.equal(OPCODE_NAMES[0x61], 'OP_NOP');
    assert.equal(OPCODE_NAMES[0xa5], 'OP_WITHIN');
    assert.equal(OPCODE_NAMES[0xa6], 'OP_UNKNOWN166');
    assert.equal(OPCODE_NAMES[Op.CheckSig], 'OP_CHECKSIG');
    assert.equal(OPCODE_NAMES[Op.CheckSequenceVerify], 'OP_CHECKSEQUENCEVERIFY');
    assert.equal(OPCODE_NAMES[0xb2], 'OP_UNKNOWN178');
    assert.equal(OPCODE_NAMES[0xfc], 'OP_UNKNOWN252');
    assert.equal(OPCODE_NAMES[0xff], 'OP_INVALIDOPCODE');
    assert.equal(new Set(OPCODE_NAMES).size, 256);
  });

  it('reads pushes with their length prefixes', () => {
    const ops = parseScript(Uint8Array.of(Op.PushData2, 2, 0, 7, 8, Op.Data1, 9, Op.CheckSig));
    assert.deepEqual(
      ops.map((op) => [op.opcode, [...op.data]]),
      [
        [Op.PushData2, [7, 8]],
        [Op.Data1, [9]],
        [Op.CheckSig, []],
      ],
    );
  });

  it('stops at a push running past the end, keeping what came before', () => {
    for (const truncated of [[Op.Data1], [Op.PushData1], [Op.PushData4, 1, 0, 0], [Op.PushData1, 2, 0]]) {
      const { ops, error } = parseScriptPartially(Uint8Array.of(Op.Nop, ...truncated));
      assert.equal(error?.code, 'MALFORMED_PUSH');
      assert.deepEqual(
        ops.map((op) => op.opcode),
        [Op.Nop],
      );
    }
  });
});
