import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { ecdsaPublicKey, signEcdsa } from '../../crypto/ecdsa.ts';
import { schnorrPublicKey, signSchnorr } from '../../crypto/schnorr.ts';
import {
  addressToScriptPublicKey,
  AddressPrefix,
  AddressVersion,
  payToScriptHashAddress,
  type AddressVersion as Version,
} from '../address.ts';
import { ecdsaSignatureHash, SighashReusedValues, SigHashType, schnorrSignatureHash } from '../hashing/sighash.ts';
import type { ScriptPublicKey, Transaction, UtxoEntry } from '../model/transaction.ts';
import { Op } from './opcodes.ts';
import { referenceSpend } from './reference-harness.ts';
import { ScriptError, type ScriptErrorCode } from './script-error.ts';
import { getPreciseSigOpCount } from './sig-op-count.ts';
import type { SignatureVerifier } from './signature-verifier.ts';
import { verifyInputScript } from './verify-input.ts';

const secretKey = (label: string) => sha256(new TextEncoder().encode(`dagwallet script test ${label}`));

/** A minimal push of `data` (all pushes here are 1..75 bytes). */
const push = (data: Uint8Array) => [data.length, ...data];

function withSignatureScript(tx: Transaction, signatureScript: number[]): Transaction {
  const [input] = tx.inputs;
  return {
    ...tx,
    inputs: [{ ...(input as Transaction['inputs'][number]), signatureScript: Uint8Array.from(signatureScript) }],
  };
}

function standardScript(version: Version, payload: Uint8Array): ScriptPublicKey {
  return addressToScriptPublicKey({ prefix: AddressPrefix.Dagtest, version, payload });
}

function failure(run: () => void): ScriptErrorCode | 'OK' {
  try {
    run();
    return 'OK';
  } catch (error) {
    if (error instanceof ScriptError) return error.code;
    throw error;
  }
}

const verify = (tx: Transaction, spent: UtxoEntry, verifier?: SignatureVerifier) =>
  failure(() => verifyInputScript(tx, 0, spent, new SighashReusedValues(), verifier ? { verifier } : {}));

const flipBit = (bytes: Uint8Array, index: number) => {
  const copy = Uint8Array.from(bytes);
  copy[index] = (copy[index] as number) ^ 1;
  return copy;
};

describe('verifyInputScript', () => {
  it('accepts a P2PK Schnorr spend signed by our signer, and refuses it with a flipped bit', () => {
    const key = secretKey('schnorr');
    const { tx, spent } = referenceSpend(
      new Uint8Array(0),
      standardScript(AddressVersion.PubKey, schnorrPublicKey(key)),
    );
    const signature = signSchnorr(key, schnorrSignatureHash(tx, 0, spent, SigHashType.All));
    const signed = withSignatureScript(tx, push(Uint8Array.of(...signature, SigHashType.All)));
    assert.equal(verify(signed, spent), 'OK');
    const tampered = withSignatureScript(tx, push(Uint8Array.of(...flipBit(signature, 7), SigHashType.All)));
    assert.equal(verify(tampered, spent), 'NULL_FAIL');
    const otherOutputs: Transaction = {
      ...signed,
      outputs: [{ ...(signed.outputs[0] as Transaction['outputs'][number]), value: 1n }],
    };
    assert.equal(verify(otherOutputs, spent), 'NULL_FAIL');
  });

  it('accepts a P2PK ECDSA spend signed by our signer, and refuses it with a flipped bit', () => {
    const key = secretKey('ecdsa');
    const { tx, spent } = referenceSpend(
      new Uint8Array(0),
      standardScript(AddressVersion.PubKeyECDSA, ecdsaPublicKey(key)),
    );
    const hashType = SigHashType.All | SigHashType.AnyOneCanPay;
    const signature = signEcdsa(key, ecdsaSignatureHash(tx, 0, spent, hashType));
    assert.equal(verify(withSignatureScript(tx, push(Uint8Array.of(...signature, hashType))), spent), 'OK');
    const tampered = withSignatureScript(tx, push(Uint8Array.of(...flipBit(signature, 40), hashType)));
    assert.equal(verify(tampered, spent), 'NULL_FAIL');
  });

  it('runs a P2SH 2-of-3 Schnorr multisig redeem script, signatures in key order', () => {
    const keys = ['a', 'b', 'c'].map(secretKey);
    const redeemScript = Uint8Array.of(
      Op.True + 1,
      ...keys.flatMap((k) => push(schnorrPublicKey(k))),
      Op.True + 2,
      Op.CheckMultiSig,
    );
    const spk = addressToScriptPublicKey(payToScriptHashAddress(redeemScript, AddressPrefix.Dagtest));
    const { tx, spent } = referenceSpend(new Uint8Array(0), spk);
    const message = schnorrSignatureHash(tx, 0, spent, SigHashType.All);
    const signatureOf = (k: Uint8Array) => push(Uint8Array.of(...signSchnorr(k, message), SigHashType.All));
    const [a, , c] = keys as [Uint8Array, Uint8Array, Uint8Array];
    const inOrder = [...signatureOf(a), ...signatureOf(c), 0x4c, ...push(redeemScript)];
    assert.equal(verify(withSignatureScript(tx, inOrder), spent), 'OK');
    assert.equal(getPreciseSigOpCount(Uint8Array.from(inOrder), spk, true), 3);
    const reversed = [...signatureOf(c), ...signatureOf(a), 0x4c, ...push(redeemScript)];
    assert.equal(verify(withSignatureScript(tx, reversed), spent), 'NULL_FAIL');
    const wrongRedeem = [...signatureOf(a), ...signatureOf(c), 0x4c, ...push(flipBit(redeemScript, 3))];
    assert.equal(verify(withSignatureScript(tx, wrongRedeem), spent), 'EVAL_FALSE');
  });

  it('walks multisig keys from the stack top, as kaspad does (rusty-kaspa walks from the bottom)', () => {
    const key = secretKey('order');
    const goodKey = push(schnorrPublicKey(key));
    const badKey = push(new Uint8Array(31));
    const spend = (keys: number[]) => {
      const script = Uint8Array.of(Op.True, ...keys, Op.True + 1, Op.CheckMultiSig);
      const { tx, spent } = referenceSpend(new Uint8Array(0), { version: 0, script });
      const signature = signSchnorr(key, schnorrSignatureHash(tx, 0, spent, SigHashType.All));
      return verify(withSignatureScript(tx, push(Uint8Array.of(...signature, SigHashType.All))), spent);
    };
    // The top key is tried first: a well-formed match there ends the walk before the bad key.
    assert.equal(spend([...badKey, ...goodKey]), 'OK');
    assert.equal(spend([...goodKey, ...badKey]), 'PUBKEY_FORMAT');
  });

  it('asks the given verifier', () => {
    const calls: string[] = [];
    const accepting: SignatureVerifier = {
      schnorr: () => (calls.push('schnorr'), true),
      ecdsa: () => (calls.push('ecdsa'), true),
    };
    const { tx, spent } = referenceSpend(
      new Uint8Array(0),
      standardScript(AddressVersion.PubKey, schnorrPublicKey(secretKey('x'))),
    );
    const garbage = withSignatureScript(tx, push(Uint8Array.of(...new Uint8Array(64).fill(7), SigHashType.All)));
    assert.equal(verify(garbage, spent, accepting), 'OK');
    assert.deepEqual(calls, ['schnorr']);
  });

  it('pushes false, not NULLFAIL, for a key libsecp256k1 cannot parse (kaspad, not rusty-kaspa)', () => {
    const signature = push(Uint8Array.of(...new Uint8Array(64).fill(7), SigHashType.All));
    // x = 0 is not on the curve; 0x05 is not a compressed-key prefix.
    const schnorr = Uint8Array.of(...push(new Uint8Array(32)), Op.CheckSig, Op.Not);
    const ecdsa = Uint8Array.of(...push(Uint8Array.of(5, ...new Uint8Array(32).fill(1))), Op.CheckSigEcdsa, Op.Not);
    for (const script of [schnorr, ecdsa]) {
      const { tx, spent } = referenceSpend(Uint8Array.from(signature), { version: 0, script });
      assert.equal(verify(tx, spent), 'OK');
    }
    // An ECDSA signature whose r is not below the curve order does not parse either.
    const overflowR = push(
      Uint8Array.of(...new Uint8Array(32).fill(0xff), ...new Uint8Array(32).fill(1), SigHashType.All),
    );
    const key = push(ecdsaPublicKey(secretKey('y')));
    const script = Uint8Array.of(...key, Op.CheckSigEcdsa, Op.Not);
    const { tx, spent } = referenceSpend(Uint8Array.from(overflowR), { version: 0, script });
    assert.equal(verify(tx, spent), 'OK');
  });

  it('lets anyone spend an unknown script version, unless both scripts are empty', () => {
    const spend = (script: Uint8Array) => referenceSpend(new Uint8Array(0), { version: 1, script });
    const { tx, spent } = spend(Uint8Array.of(Op.Return));
    assert.equal(verify(tx, spent), 'OK');
    const empty = spend(new Uint8Array(0));
    assert.equal(verify(empty.tx, empty.spent), 'EVAL_FALSE');
  });

  it('marks errors raised before execution as malformed', () => {
    const { tx, spent } = referenceSpend(Uint8Array.of(Op.Dup), { version: 0, script: Uint8Array.of(Op.True) });
    const error = (() => {
      try {
        verifyInputScript(tx, 0, spent);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof ScriptError);
    assert.equal(error.code, 'NOT_PUSH_ONLY');
    assert.equal(error.malformed, true);
    const running = referenceSpend(Uint8Array.of(Op.True), { version: 0, script: Uint8Array.of(Op.Verify) });
    assert.equal(verify(running.tx, running.spent), 'EMPTY_STACK');
    assert.equal(
      failure(() => verifyInputScript(tx, 1, spent)),
      'INVALID_INDEX',
    );
  });
});

describe('lock-time opcodes', () => {
  function spendWith(script: number[], lockTime: bigint, sequence: bigint) {
    const { tx, spent } = referenceSpend(new Uint8Array(0), { version: 0, script: Uint8Array.from(script) });
    const input = { ...(tx.inputs[0] as Transaction['inputs'][number]), sequence };
    return verify({ ...tx, lockTime, inputs: [input] }, spent);
  }
  // Pushes 1000 (0x03e8) as an unsigned little-endian operand, then the opcode, then OP_TRUE.
  const withOperand = (opcode: number) => [2, 0xe8, 0x03, opcode, Op.True];

  it('OP_CHECKLOCKTIMEVERIFY pops a DAA score not after the lock time, on a non-final input', () => {
    assert.equal(spendWith(withOperand(Op.CheckLockTimeVerify), 1000n, 0n), 'OK');
    assert.equal(spendWith(withOperand(Op.CheckLockTimeVerify), 999n, 0n), 'UNSATISFIED_LOCK_TIME');
    assert.equal(spendWith(withOperand(Op.CheckLockTimeVerify), 1000n, 2n ** 64n - 1n), 'UNSATISFIED_LOCK_TIME');
    // A timestamp lock time does not satisfy a DAA-score operand, however large.
    assert.equal(spendWith(withOperand(Op.CheckLockTimeVerify), 600_000_000_000n, 0n), 'UNSATISFIED_LOCK_TIME');
  });

  it('OP_CHECKSEQUENCEVERIFY compares masked relative locks', () => {
    assert.equal(spendWith(withOperand(Op.CheckSequenceVerify), 0n, 1000n), 'OK');
    assert.equal(spendWith(withOperand(Op.CheckSequenceVerify), 0n, 999n), 'UNSATISFIED_LOCK_TIME');
    assert.equal(spendWith(withOperand(Op.CheckSequenceVerify), 0n, (1n << 63n) | 5000n), 'UNSATISFIED_LOCK_TIME');
    // The operand's disable bit makes the opcode a no-op.
    const disabled = [8, 0, 0, 0, 0, 0, 0, 0, 0x80, Op.CheckSequenceVerify, Op.True];
    assert.equal(spendWith(disabled, 0n, 0n), 'OK');
    assert.equal(spendWith([9, ...new Uint8Array(9), Op.CheckSequenceVerify, Op.True], 0n, 0n), 'NUMBER_TOO_BIG');
  });
});
