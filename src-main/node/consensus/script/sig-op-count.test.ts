import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Op } from './opcodes.ts';
import { getPreciseSigOpCount, getSigOpCount } from './sig-op-count.ts';

const key = [32, ...new Uint8Array(32)];
const twoOfThree = Uint8Array.of(Op.True + 1, ...key, ...key, ...key, Op.True + 2, Op.CheckMultiSig);
const p2sh = { version: 0, script: Uint8Array.of(Op.Blake2b, 32, ...new Uint8Array(32), Op.Equal) };

describe('sig-op counting', () => {
  it('counts single-signature opcodes once and multisig as 20 unless precise', () => {
    const script = Uint8Array.of(Op.CheckSig, Op.CheckSigVerify, Op.CheckSigEcdsa, ...twoOfThree);
    assert.equal(getSigOpCount(script), 23);
    assert.equal(getPreciseSigOpCount(new Uint8Array(0), { version: 0, script }, false), 6);
    // Without OP_1..OP_16 just before it the key count is unknown: the maximum.
    const unknownKeys = Uint8Array.of(1, 3, Op.CheckMultiSigEcdsa);
    assert.equal(getPreciseSigOpCount(new Uint8Array(0), { version: 0, script: unknownKeys }, false), 20);
  });

  it('counts up to the first parse failure', () => {
    assert.equal(getSigOpCount(Uint8Array.of(Op.CheckSig, Op.CheckSig, Op.PushData1)), 2);
  });

  it('counts a P2SH redeem script, the signature script’s last push', () => {
    const sigScript = Uint8Array.of(Op.False, Op.PushData1, twoOfThree.length, ...twoOfThree);
    assert.equal(getPreciseSigOpCount(sigScript, p2sh, true), 3);
    // Not treated as P2SH: the hash check has no sig ops.
    assert.equal(getPreciseSigOpCount(sigScript, p2sh, false), 0);
    // Not push-only, or unparsable: 0.
    assert.equal(getPreciseSigOpCount(Uint8Array.of(Op.Dup, ...sigScript), p2sh, true), 0);
    assert.equal(getPreciseSigOpCount(Uint8Array.of(...sigScript, Op.PushData2, 1), p2sh, true), 0);
    assert.equal(getPreciseSigOpCount(new Uint8Array(0), p2sh, true), 0);
  });
});
