import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeystoreError, type KeystoreErrorCode } from './errors.ts';
import { seal } from './seal.ts';
import {
  parseWalletFile,
  serialiseWalletFile,
  WALLET_FILE_FORMAT,
  type WalletFile,
  type WalletFileHeader,
  walletFileChecksum,
} from './wallet-file.ts';

const header: WalletFileHeader = {
  format: WALLET_FILE_FORMAT,
  version: 1,
  network: 'dagwallet-simnet',
  createdAt: 1_700_000_000_000,
  kdf: { algorithm: 'scrypt', N: 1024, r: 1, p: 1, salt: '00'.repeat(32) },
};
const key = new Uint8Array(32).fill(7);
const sample: WalletFile = {
  ...header,
  wrappedKey: seal(key, new Uint8Array(32), new Uint8Array()),
  payload: seal(key, new TextEncoder().encode('{"a":1}'), new Uint8Array()),
};

function raw(): Record<string, unknown> {
  return JSON.parse(serialiseWalletFile(sample)) as Record<string, unknown>;
}

/** The edit a careful attacker makes: change a field and recompute the keyless checksum. */
function rechecksummed(edit: (body: Record<string, unknown>) => void): string {
  const { checksum: _, ...body } = raw();
  edit(body);
  return JSON.stringify({ ...body, checksum: walletFileChecksum(body) });
}

function assertCode(text: string, code: KeystoreErrorCode): void {
  assert.throws(
    () => parseWalletFile(text, 'w.json'),
    (e: unknown) => e instanceof KeystoreError && e.code === code,
  );
}

describe('wallet file format', () => {
  it('round-trips through its text, fields in a fixed order and the checksum last', () => {
    const text = serialiseWalletFile(sample);
    assert.deepEqual(parseWalletFile(text, 'w.json'), sample);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), [
      'format',
      'version',
      'network',
      'createdAt',
      'kdf',
      'wrappedKey',
      'payload',
      'checksum',
    ]);
    assert.ok(text.endsWith('}\n'));
  });

  it('ignores formatting and key order (the checksum is over canonical JSON)', () => {
    const { kdf, ...rest } = raw();
    const reordered = { kdf: Object.fromEntries(Object.entries(kdf as object).reverse()), ...rest };
    assert.deepEqual(parseWalletFile(JSON.stringify(reordered), 'w.json'), sample);
  });

  it('calls anything without the format marker NOT_A_WALLET_FILE', () => {
    const text = serialiseWalletFile(sample);
    for (const other of ['', 'hello', text.slice(0, text.length / 2), '[]', 'null', '42', '{"format":"x"}']) {
      assertCode(other, 'NOT_A_WALLET_FILE');
    }
    assertCode(JSON.stringify({ name: 'package', version: 1 }), 'NOT_A_WALLET_FILE');
  });

  it('calls another version UNSUPPORTED_VERSION, with the version in the message', () => {
    assertCode(JSON.stringify({ ...raw(), version: 2 }), 'UNSUPPORTED_VERSION');
    assertCode(
      rechecksummed((b) => (b.version = 0)),
      'UNSUPPORTED_VERSION',
    );
    assertCode(JSON.stringify({ format: WALLET_FILE_FORMAT }), 'UNSUPPORTED_VERSION');
    assert.throws(() => parseWalletFile(JSON.stringify({ ...raw(), version: 7 }), 'w.json'), /version 7/u);
  });

  it('calls a stale or missing checksum TAMPERED', () => {
    assertCode(JSON.stringify({ ...raw(), network: 'dagwallet-devnet' }), 'TAMPERED');
    assertCode(JSON.stringify({ ...raw(), checksum: undefined }), 'TAMPERED');
    const flipped = raw();
    const payload = flipped.payload as { ciphertext: string };
    payload.ciphertext = `${payload.ciphertext[0] === '0' ? '1' : '0'}${payload.ciphertext.slice(1)}`;
    assertCode(JSON.stringify(flipped), 'TAMPERED');
  });

  it('calls a well-checksummed but malformed file TAMPERED', () => {
    assertCode(
      rechecksummed((b) => (b.extra = true)),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => (b.network = '')),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => (b.createdAt = -1)),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => (b.kdf = 'scrypt')),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => ((b.kdf as { salt: string }).salt = '00')),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => ((b.wrappedKey as { nonce: string }).nonce = 'zz'.repeat(24))),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => ((b.wrappedKey as { ciphertext: string }).ciphertext += '00')),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => ((b.payload as { ciphertext: string }).ciphertext = '')),
      'TAMPERED',
    );
    assertCode(
      rechecksummed((b) => ((b.payload as { more: number }).more = 1)),
      'TAMPERED',
    );
  });

  it('calls absurd KDF parameters BAD_KDF_PARAMS once the checksum holds', () => {
    assertCode(
      rechecksummed((b) => ((b.kdf as { N: number }).N = 2 ** 40)),
      'BAD_KDF_PARAMS',
    );
    assertCode(
      rechecksummed((b) => ((b.kdf as { algorithm: string }).algorithm = 'md5')),
      'BAD_KDF_PARAMS',
    );
    assertCode(JSON.stringify({ ...raw(), kdf: { ...header.kdf, N: 2 ** 40 } }), 'TAMPERED');
  });

  it('survives hostile nesting without a stack overflow', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    assertCode(`{"format":"${WALLET_FILE_FORMAT}","version":1,"payload":${deep},"checksum":"00"}`, 'TAMPERED');
  });
});
