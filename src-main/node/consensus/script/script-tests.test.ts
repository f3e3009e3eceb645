import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readVectorJson } from '../../test-support/vectors.ts';
import { SighashReusedValues } from '../hashing/sighash.ts';
import { referenceSpend } from './reference-harness.ts';
import { ScriptError, type ScriptErrorCode } from './script-error.ts';
import { parseShortForm } from './short-form-script.ts';
import { verifyInputScript } from './verify-input.ts';

/**
 * Every row of kaspad's script_tests.json (vectors MANIFEST §4), run as kaspad
 * reference_test.go TestScripts does: `[sigScript, scriptPubKey, flags, expected, comment?]`.
 */

/** parseExpectedResult: the script_tests classes and the error codes each accepts. */
const EXPECTED: Record<string, readonly ScriptErrorCode[]> = {
  OK: [],
  UNKNOWN_ERROR: ['NUMBER_TOO_BIG', 'MINIMAL_DATA'],
  PUBKEYFORMAT: ['PUBKEY_FORMAT'],
  EVAL_FALSE: ['EVAL_FALSE', 'EMPTY_STACK'],
  EMPTY_STACK: ['EMPTY_STACK'],
  EQUALVERIFY: ['EQUAL_VERIFY'],
  NULLFAIL: ['NULL_FAIL'],
  SIG_HASHTYPE: ['INVALID_SIG_HASH_TYPE'],
  SIG_PUSHONLY: ['NOT_PUSH_ONLY'],
  CLEANSTACK: ['CLEAN_STACK'],
  BAD_OPCODE: ['RESERVED_OPCODE', 'MALFORMED_PUSH'],
  UNBALANCED_CONDITIONAL: ['UNBALANCED_CONDITIONAL', 'INVALID_STACK_OPERATION'],
  OP_RETURN: ['EARLY_RETURN'],
  VERIFY: ['VERIFY'],
  INVALID_STACK_OPERATION: ['INVALID_STACK_OPERATION'],
  INVALID_ALTSTACK_OPERATION: ['INVALID_STACK_OPERATION'],
  DISABLED_OPCODE: ['DISABLED_OPCODE'],
  PUSH_SIZE: ['ELEMENT_TOO_BIG'],
  OP_COUNT: ['TOO_MANY_OPERATIONS'],
  STACK_SIZE: ['STACK_OVERFLOW'],
  SCRIPT_SIZE: ['SCRIPT_TOO_BIG'],
  PUBKEY_COUNT: ['INVALID_PUBKEY_COUNT'],
  SIG_COUNT: ['INVALID_SIGNATURE_COUNT'],
  MINIMALDATA: ['MINIMAL_DATA'],
  UNSATISFIED_LOCKTIME: ['UNSATISFIED_LOCK_TIME'],
  MINIMALIF: ['MINIMAL_IF'],
};

type Row = [string, string, string, string, string?];

const rows = readVectorJson<string[][]>('kaspad', 'txscript', 'script_tests.json')
  .map((row, index) => ({ row: row as Row, index }))
  .filter(({ row }) => row.length >= 4);

/** The error code of running one row, or null when it passes. */
function runRow([sigScriptText, scriptPubKeyText]: Row): ScriptErrorCode | null {
  const script = parseShortForm(scriptPubKeyText);
  const { tx, spent } = referenceSpend(parseShortForm(sigScriptText), { version: 0, script });
  try {
    verifyInputScript(tx, 0, spent, new SighashReusedValues());
    return null;
  } catch (error) {
    if (error instanceof ScriptError) return error.code;
    throw error;
  }
}

describe('kaspad script_tests.json', () => {
  it('holds the 840 rows of kaspad v0.12.20, all with empty flags', () => {
    assert.equal(rows.length, 840);
    assert.ok(rows.every(({ row }) => row[2] === ''));
  });

  const classes = [...new Set(rows.map(({ row }) => row[3]))];
  for (const expectedClass of classes) {
    const accepted = EXPECTED[expectedClass];
    const ofClass = rows.filter(({ row }) => row[3] === expectedClass);
    it(`${expectedClass}: ${ofClass.length} rows`, () => {
      assert.ok(accepted, `unknown expected result ${expectedClass}`);
      const mismatches = ofClass.flatMap(({ row, index }) => {
        const got = runRow(row);
        const ok = expectedClass === 'OK' ? got === null : got !== null && accepted.includes(got);
        return ok ? [] : [`#${index} [${row[0]} | ${row[1]}] (${row[4] ?? ''}): got ${got ?? 'OK'}`];
      });
      assert.deepEqual(mismatches, []);
    });
  }
});
