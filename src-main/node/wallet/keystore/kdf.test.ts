import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import assert from 'node:assert/strict';
import * as nodeCrypto from 'node:crypto';
import { describe, it } from 'node:test';
import { KeystoreError } from './errors.ts';
import { checkKdfParams, DEFAULT_KDF, deriveKey, describeKdf, type KdfParams, kdfMemoryBytes } from './kdf.ts';

function assertBadParams(value: unknown): void {
  assert.throws(
    () => checkKdfParams(value),
    (e: unknown) => e instanceof KeystoreError && e.code === 'BAD_KDF_PARAMS',
  );
}

describe('deriveKey', () => {
  it('computes scrypt as RFC 7914 §12 does (N=1024, r=8, p=16, first 32 bytes)', async () => {
    const key = await deriveKey({ algorithm: 'scrypt', N: 1024, r: 8, p: 16 }, 'password', utf8ToBytes('NaCl'));
    assert.equal(bytesToHex(key), 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162');
  });

  it('computes Argon2id as OpenSSL does (node:crypto, when this Node has it)', async (t) => {
    const argon2Sync = (nodeCrypto as { argon2Sync?: (alg: string, opts: object) => Buffer }).argon2Sync;
    if (argon2Sync === undefined) return t.skip('no native Argon2 in this Node');
    const salt = utf8ToBytes('somesalt-somesalt');
    const ours = await deriveKey({ algorithm: 'argon2id', m: 256, t: 2, p: 2 }, 'hunter2', salt);
    const openssl = argon2Sync('argon2id', {
      message: 'hunter2',
      nonce: salt,
      parallelism: 2,
      tagLength: 32,
      memory: 256,
      passes: 2,
    });
    assert.equal(bytesToHex(ours), openssl.toString('hex'));
  });

  it('computes scrypt as OpenSSL does (node:crypto), r and p as in the default', async () => {
    const salt = utf8ToBytes('0123456789abcdef');
    const ours = await deriveKey({ algorithm: 'scrypt', N: 2 ** 12, r: 8, p: 1 }, 'pässword', salt);
    const native = nodeCrypto.scryptSync(Buffer.from('pässword'.normalize('NFKD')), salt, 32, {
      N: 2 ** 12,
      r: 8,
      p: 1,
    });
    assert.equal(bytesToHex(ours), native.toString('hex'));
  });

  it('normalises the password, so composed and decomposed accents give the same key', async () => {
    const params: KdfParams = { algorithm: 'scrypt', N: 16, r: 1, p: 1 };
    const salt = new Uint8Array(16);
    const composed = await deriveKey(params, 'caf\u00e9', salt);
    const decomposed = await deriveKey(params, 'cafe\u0301', salt);
    const other = await deriveKey(params, 'cafe', salt);
    assert.deepEqual(composed, decomposed);
    assert.notDeepEqual(composed, other);
  });

  it('refuses parameters it would not accept from a file', async () => {
    await assert.rejects(
      deriveKey({ algorithm: 'scrypt', N: 2 ** 30, r: 8, p: 1 }, 'x', new Uint8Array(16)),
      (e: unknown) => e instanceof KeystoreError && e.code === 'BAD_KDF_PARAMS',
    );
  });
});

describe('checkKdfParams', () => {
  it('accepts the default and returns known fields in a fixed order', () => {
    assert.deepEqual(checkKdfParams({ p: 1, r: 8, N: 2 ** 17, algorithm: 'scrypt' }), DEFAULT_KDF);
    assert.deepEqual(Object.keys(checkKdfParams({ p: 1, t: 1, m: 64, algorithm: 'argon2id' })), [
      'algorithm',
      'm',
      't',
      'p',
    ]);
    assert.equal(kdfMemoryBytes(DEFAULT_KDF), 128 * 2 ** 20);
    assert.equal(describeKdf(DEFAULT_KDF), 'scrypt N=2^17 r=8 p=1, 128 MiB');
  });

  it('rejects shapes that are not KDF parameters', () => {
    for (const value of [null, 'scrypt', [], {}, { algorithm: 'pbkdf2', c: 1000 }, { algorithm: 'scrypt' }]) {
      assertBadParams(value);
    }
    assertBadParams({ ...DEFAULT_KDF, extra: 1 });
    assertBadParams({ ...DEFAULT_KDF, N: 3 * 2 ** 15 }); // not a power of two
    assertBadParams({ ...DEFAULT_KDF, N: 1 });
    assertBadParams({ ...DEFAULT_KDF, r: 0 });
    assertBadParams({ ...DEFAULT_KDF, r: 1.5 });
    assertBadParams({ ...DEFAULT_KDF, p: '1' });
    assertBadParams({ algorithm: 'argon2id', m: 7, t: 1, p: 1 }); // below 8 KiB per lane
  });

  it('rejects absurd memory or work before anything runs', () => {
    assertBadParams({ algorithm: 'scrypt', N: 2 ** 40, r: 8, p: 1 });
    assertBadParams({ algorithm: 'scrypt', N: 2 ** 20, r: 16, p: 1 }); // 2 GiB
    assertBadParams({ algorithm: 'scrypt', N: 2 ** 20, r: 8, p: 16 }); // 1 GiB but 128× the default work
    assertBadParams({ algorithm: 'scrypt', N: 2 ** 10, r: 8, p: 2 ** 20 });
    assertBadParams({ algorithm: 'scrypt', N: Number.MAX_SAFE_INTEGER + 1, r: 8, p: 1 });
    assertBadParams({ algorithm: 'argon2id', m: 2 ** 21, t: 1, p: 1 }); // 2 GiB
    assertBadParams({ algorithm: 'argon2id', m: 2 ** 20, t: 3, p: 1 }); // 1 GiB × 3 passes
    assertBadParams({ algorithm: 'argon2id', m: 2 ** 16, t: 2 ** 31, p: 1 });
  });
});
