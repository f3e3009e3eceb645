import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '../../encoding/hex.ts';
import { ScriptError } from './script-error.ts';
import { decodeScriptNum, encodeScriptNum } from './script-num.ts';

/** kaspad scriptnum.go Bytes examples. */
const ENCODINGS: [number, string][] = [
  [0, ''],
  [127, '7f'],
  [-127, 'ff'],
  [128, '8000'],
  [-128, '8080'],
  [256, '0001'],
  [-256, '0081'],
  [32767, 'ff7f'],
  [-32768, '008080'],
  [2 ** 31 - 1, 'ffffff7f'],
  [-(2 ** 31 - 1), 'ffffffff'],
  [2 ** 32 - 2, 'feffffff00'],
];

const codeOf = (hex: string) => {
  try {
    decodeScriptNum(hexToBytes(hex));
    return 'OK';
  } catch (error) {
    assert.ok(error instanceof ScriptError);
    return error.code;
  }
};

describe('script numbers', () => {
  it('encode minimally and decode back', () => {
    for (const [n, hex] of ENCODINGS) {
      assert.equal(bytesToHex(encodeScriptNum(n)), hex, `${n}`);
      if (hex.length <= 8) assert.equal(decodeScriptNum(hexToBytes(hex)), n);
    }
  });

  it('refuse operands over 4 bytes and non-minimal encodings', () => {
    assert.equal(codeOf('0000000001'), 'NUMBER_TOO_BIG');
    assert.equal(codeOf('80'), 'MINIMAL_DATA');
    assert.equal(codeOf('0100'), 'MINIMAL_DATA');
    assert.equal(codeOf('ff00'), 'OK');
  });
});
