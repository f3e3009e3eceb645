import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schnorrPublicKey, signSchnorr } from '../../crypto/schnorr.ts';
import { seededBytes } from '../../test-support/seeded-random.ts';
import { cachingVerifier } from './signature-cache.ts';
import { defaultSignatureVerifier } from './signature-verifier.ts';

describe('signature cache', () => {
  const secret = seededBytes(7, 32);
  const publicKey = schnorrPublicKey(secret);
  const message = seededBytes(8, 32);
  const signature = signSchnorr(secret, message);

  it('verifies a valid signature once, and never lets an invalid one through', () => {
    let calls = 0;
    const verifier = cachingVerifier({
      schnorr: (k, m, s) => {
        calls++;
        return defaultSignatureVerifier.schnorr(k, m, s);
      },
      ecdsa: () => false,
    });
    assert.equal(verifier.schnorr(publicKey, message, signature), true);
    assert.equal(verifier.schnorr(publicKey, message, signature), true);
    assert.equal(calls, 1);
    const forged = signature.slice();
    forged[0] = (forged[0] as number) ^ 1;
    assert.equal(verifier.schnorr(publicKey, message, forged), false);
    assert.equal(verifier.schnorr(publicKey, message, forged), false);
    assert.equal(calls, 3, 'a failed check is not cached');
    assert.equal(verifier.ecdsa(publicKey, message, signature), false, 'schemes do not share entries');
  });
});
