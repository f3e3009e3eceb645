import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hexToBytes } from '../encoding/hex.ts';
import { vectorPath } from '../test-support/vectors.ts';
import { ecdsaPublicKey, signEcdsa, verifyEcdsa, verifyEcdsaReference } from './ecdsa.ts';
import { schnorrPublicKey, signSchnorr, verifySchnorr, verifySchnorrReference } from './schnorr.ts';

interface Bip340Row {
  index: string;
  secretKey: string;
  publicKey: string;
  auxRand: string;
  message: string;
  signature: string;
  valid: boolean;
  comment: string;
}

const rows: Bip340Row[] = readFileSync(vectorPath('bitcoin-bips', 'bip-0340', 'test-vectors.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [
      index = '',
      secretKey = '',
      publicKey = '',
      auxRand = '',
      message = '',
      signature = '',
      result = '',
      ...rest
    ] = line.split(',');
    return {
      index,
      secretKey,
      publicKey,
      auxRand,
      message,
      signature,
      valid: result === 'TRUE',
      comment: rest.join(','),
    };
  });

const hex = (s: string) => hexToBytes(s.toLowerCase());

describe('BIP-340 Schnorr (bitcoin-bips/bip-0340/test-vectors.csv)', () => {
  it('reads all 15 vectors', () => assert.equal(rows.length, 15));
  for (const row of rows) {
    it(`vector ${row.index}: ${row.valid ? 'valid' : 'invalid'} ${row.comment}`, () => {
      const [pub, msg, sig] = [hex(row.publicKey), hex(row.message), hex(row.signature)];
      assert.equal(verifySchnorr(pub, msg, sig), row.valid, 'fast (WASM) verifier');
      assert.equal(verifySchnorrReference(pub, msg, sig), row.valid, 'reference (noble) verifier');
      if (row.secretKey) {
        const secret = hex(row.secretKey);
        assert.deepEqual(schnorrPublicKey(secret), pub);
        assert.deepEqual(signSchnorr(secret, msg, hex(row.auxRand)), sig);
      }
    });
  }

  it('rejects wrong lengths and tampered signatures without throwing', () => {
    const secret = randomBytes(32);
    const msg = randomBytes(32);
    const pub = schnorrPublicKey(secret);
    const sig = signSchnorr(secret, msg);
    assert.ok(verifySchnorr(pub, msg, sig));
    assert.equal(verifySchnorr(pub.subarray(1), msg, sig), false);
    assert.equal(verifySchnorr(pub, msg, sig.subarray(1)), false);
    assert.equal(verifySchnorr(pub, msg.subarray(1), sig), false);
    for (let i = 0; i < 64; i += 7) {
      const bad = sig.slice();
      bad[i] = (bad[i] as number) ^ 1;
      assert.equal(verifySchnorr(pub, msg, bad), false, `byte ${i}`);
    }
  });
});

describe('ECDSA (compact, low-S)', () => {
  it('signs and verifies, with both verifiers agreeing', () => {
    for (let i = 0; i < 20; i++) {
      const secret = randomBytes(32);
      const msg = randomBytes(32);
      const pub = ecdsaPublicKey(secret);
      assert.equal(pub.length, 33);
      const sig = signEcdsa(secret, msg);
      assert.ok(verifyEcdsa(pub, msg, sig));
      assert.ok(verifyEcdsaReference(pub, msg, sig));
      const other = randomBytes(32);
      assert.equal(verifyEcdsa(pub, other, sig), false);
      assert.equal(verifyEcdsaReference(pub, other, sig), false);
    }
  });

  it('refuses the high-S twin of a valid signature', () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const secret = randomBytes(32);
    const msg = randomBytes(32);
    const sig = signEcdsa(secret, msg);
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
    const highS = hexToBytes((n - s).toString(16).padStart(64, '0'));
    const malleated = Uint8Array.from([...sig.subarray(0, 32), ...highS]);
    const pub = ecdsaPublicKey(secret);
    assert.equal(verifyEcdsa(pub, msg, malleated), false);
    assert.equal(verifyEcdsaReference(pub, msg, malleated), false);
  });

  it('rejects malformed keys and signatures without throwing', () => {
    const msg = randomBytes(32);
    assert.equal(verifyEcdsa(new Uint8Array(33), msg, new Uint8Array(64)), false);
    assert.equal(verifyEcdsa(randomBytes(32), msg, randomBytes(64)), false);
    assert.equal(verifyEcdsa(Uint8Array.from([2, ...randomBytes(32)]), msg, randomBytes(64)), false);
  });
});
