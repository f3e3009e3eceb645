import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { KeystoreError, type KeystoreErrorCode } from './errors.ts';
import { DEFAULT_KDF, type KdfParams } from './kdf.ts';
import { walletFileChecksum } from './wallet-file.ts';
import { type CreateWalletOptions, WalletKeystore } from './wallet-keystore.ts';

interface Secrets {
  mnemonic: string;
  bip39Passphrase: string;
  accounts: { receiveIndex: number; changeIndex: number }[];
}

/** Tests use a cheap KDF; one test below runs the default. */
const CHEAP_KDF: KdfParams = { algorithm: 'scrypt', N: 1024, r: 1, p: 1 };
const PASSWORD = 'correct horse battery staple';
const SECRETS: Secrets = {
  mnemonic: 'abandon ability able about above absent absorb abstract absurd abuse access accident',
  bip39Passphrase: 'extra words',
  accounts: [{ receiveIndex: 3, changeIndex: 1 }],
};

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagwallet-keystore-'));
  path = join(dir, 'wallet.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function createWallet(options: CreateWalletOptions = {}, at = path): Promise<WalletKeystore<Secrets>> {
  return WalletKeystore.create(at, PASSWORD, 'dagwallet-simnet', SECRETS, { kdf: CHEAP_KDF, ...options });
}

async function assertCode(promise: Promise<unknown>, code: KeystoreErrorCode): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof KeystoreError, `expected a KeystoreError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.ok(!e.message.includes(PASSWORD) && !e.message.includes('abandon'), 'messages never hold secrets');
    return true;
  });
}

type Json = Record<string, Record<string, string | number>>;

/** Edits the file on disk; `rechecksum` plays the careful attacker who also fixes the checksum. */
function editFile(edit: (file: Json) => void, rechecksum: boolean): void {
  const file = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(file);
  if (rechecksum) {
    const { checksum: _, ...body } = file;
    (file as Record<string, unknown>).checksum = walletFileChecksum(body);
  }
  writeFileSync(path, JSON.stringify(file));
}

function flipHexDigit(hex: string | number | undefined, at: number): string {
  const text = String(hex);
  const digit = parseInt(text[at] ?? '0', 16) ^ 1;
  return text.slice(0, at) + digit.toString(16) + text.slice(at + 1);
}

describe('WalletKeystore', () => {
  it('creates a file that opens with the password and gives back the contents', async () => {
    const created = await createWallet({ now: () => 1_700_000_000_000 });
    assert.deepEqual(created.contents, SECRETS);
    const opened = await WalletKeystore.open<Secrets>(path, PASSWORD);
    assert.deepEqual(opened.contents, SECRETS);
    assert.equal(opened.locked, false);

    const header = WalletKeystore.readHeader(path);
    assert.equal(header.format, 'dagwallet-wallet');
    assert.equal(header.version, 1);
    assert.equal(header.network, 'dagwallet-simnet');
    assert.equal(header.createdAt, 1_700_000_000_000);
    assert.deepEqual({ ...header.kdf, salt: undefined }, { ...CHEAP_KDF, salt: undefined });
    assert.match(header.kdf.salt, /^[0-9a-f]{64}$/u);
    assert.deepEqual(opened.header, header);

    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('abandon') && !text.includes('extra words'), 'no plaintext in the file');
    if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('says WRONG_PASSWORD for a wrong password and leaves the file as it was', async () => {
    await createWallet();
    const before = readFileSync(path);
    await assertCode(WalletKeystore.open(path, 'correct horse battery stapler'), 'WRONG_PASSWORD');
    await assertCode(WalletKeystore.open(path, ''), 'WRONG_PASSWORD');
    assert.deepEqual(readFileSync(path), before);
  });

  describe('a changed file', () => {
    // Naive edits (checksum left stale) are TAMPERED. With the checksum fixed too: a changed
    // payload is TAMPERED (its AEAD fails after the key unwrapped); a changed wrapped key, network,
    // createdAt or KDF setting breaks the wrapped key's AEAD, which cannot be told from a wrong
    // password, so WRONG_PASSWORD; KDF settings out of bounds are BAD_KDF_PARAMS before any KDF runs.
    const cases: [string, (file: Json) => void, KeystoreErrorCode, KeystoreErrorCode][] = [
      [
        'payload byte',
        (f) => (f.payload!.ciphertext = flipHexDigit(f.payload!.ciphertext, 10)),
        'TAMPERED',
        'TAMPERED',
      ],
      ['payload nonce', (f) => (f.payload!.nonce = flipHexDigit(f.payload!.nonce, 0)), 'TAMPERED', 'TAMPERED'],
      [
        'wrapped key byte',
        (f) => (f.wrappedKey!.ciphertext = flipHexDigit(f.wrappedKey!.ciphertext, 5)),
        'TAMPERED',
        'WRONG_PASSWORD',
      ],
      ['network', (f) => ((f as Record<string, unknown>).network = 'dagwallet-devnet'), 'TAMPERED', 'WRONG_PASSWORD'],
      ['createdAt', (f) => ((f as Record<string, unknown>).createdAt = 1), 'TAMPERED', 'WRONG_PASSWORD'],
      ['kdf N', (f) => (f.kdf!.N = 2048), 'TAMPERED', 'WRONG_PASSWORD'],
      ['kdf salt', (f) => (f.kdf!.salt = flipHexDigit(f.kdf!.salt, 0)), 'TAMPERED', 'WRONG_PASSWORD'],
      ['kdf N absurd', (f) => (f.kdf!.N = 2 ** 40), 'TAMPERED', 'BAD_KDF_PARAMS'],
      ['kdf memory absurd', (f) => (f.kdf!.r = 2 ** 20), 'TAMPERED', 'BAD_KDF_PARAMS'],
    ];
    for (const [what, edit, naive, careful] of cases) {
      it(`${what}: ${naive} as edited, ${careful} with the checksum fixed`, async () => {
        await createWallet();
        const original = readFileSync(path);
        editFile(edit, false);
        await assertCode(WalletKeystore.open(path, PASSWORD), naive);
        writeFileSync(path, original);
        editFile(edit, true);
        await assertCode(WalletKeystore.open(path, PASSWORD), careful);
      });
    }

    it('another wallet’s payload under the same password is TAMPERED', async () => {
      const otherPath = join(dir, 'other.json');
      await createWallet({}, otherPath);
      await createWallet();
      const other = JSON.parse(readFileSync(otherPath, 'utf8')) as Json;
      editFile((f) => (f.payload = other.payload!), true);
      await assertCode(WalletKeystore.open(path, PASSWORD), 'TAMPERED');
    });

    it('truncated, not JSON or other JSON is NOT_A_WALLET_FILE; a future version UNSUPPORTED_VERSION', async () => {
      await createWallet();
      const text = readFileSync(path, 'utf8');
      for (const other of [text.slice(0, 100), '', '\u0000\u0001binary', '{"name":"dagwallet","version":"0.1.0"}']) {
        writeFileSync(path, other);
        await assertCode(WalletKeystore.open(path, PASSWORD), 'NOT_A_WALLET_FILE');
      }
      writeFileSync(path, text);
      editFile((f) => ((f as Record<string, unknown>).version = 2), true);
      await assertCode(WalletKeystore.open(path, PASSWORD), 'UNSUPPORTED_VERSION');
      assert.throws(() => WalletKeystore.readHeader(path), /version 2/u);
    });

    it('a missing file is NOT_FOUND and a directory NOT_A_WALLET_FILE', async () => {
      await assertCode(WalletKeystore.open(path, PASSWORD), 'NOT_FOUND');
      mkdirSync(path);
      await assertCode(WalletKeystore.open(path, PASSWORD), 'NOT_A_WALLET_FILE');
    });
  });

  describe('create', () => {
    it('refuses to replace an existing file (ALREADY_EXISTS) and leaves it alone', async () => {
      writeFileSync(path, 'precious');
      await assertCode(createWallet(), 'ALREADY_EXISTS');
      assert.equal(readFileSync(path, 'utf8'), 'precious');
      rmSync(path);
      await createWallet();
      const wallet = readFileSync(path);
      await assertCode(createWallet(), 'ALREADY_EXISTS');
      assert.deepEqual(readFileSync(path), wallet);
    });

    it('refuses an empty password, bad contents and bad KDF settings, writing nothing', async () => {
      await assertCode(
        WalletKeystore.create(path, '', 'dagwallet-simnet', SECRETS, { kdf: CHEAP_KDF }),
        'WEAK_PASSWORD',
      );
      const bigint = { balance: 1n };
      await assertCode(WalletKeystore.create(path, PASSWORD, 'n', bigint, { kdf: CHEAP_KDF }), 'BAD_CONTENTS');
      const badKdf = { algorithm: 'scrypt', N: 2 ** 21, r: 8, p: 1 } as const;
      await assertCode(WalletKeystore.create(path, PASSWORD, 'n', SECRETS, { kdf: badKdf }), 'BAD_KDF_PARAMS');
      assert.deepEqual(readdirSync(dir), []);
    });

    it('creates missing parent directories', async () => {
      const nested = join(dir, 'a', 'b', 'wallet.json');
      await createWallet({}, nested);
      assert.deepEqual((await WalletKeystore.open<Secrets>(nested, PASSWORD)).contents, SECRETS);
    });

    it('stores the default KDF (about half a second) and lets the event loop run while deriving', async () => {
      const wallet = await WalletKeystore.create(path, PASSWORD, 'dagwallet-simnet', SECRETS);
      assert.deepEqual({ ...wallet.header.kdf, salt: undefined }, { ...DEFAULT_KDF, salt: undefined });
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 1);
      try {
        const opened = await WalletKeystore.open<Secrets>(path, PASSWORD);
        assert.deepEqual(opened.contents, SECRETS);
      } finally {
        clearInterval(ticker);
      }
      assert.ok(ticks > 0, 'the KDF yielded to the event loop');
    });
  });

  describe('update', () => {
    it('re-encrypts the payload under a fresh nonce and persists the change', async () => {
      const wallet = await createWallet();
      const before = JSON.parse(readFileSync(path, 'utf8')) as Json;
      await wallet.update((c) => ({ ...c, accounts: [...c.accounts, { receiveIndex: 0, changeIndex: 0 }] }));
      assert.equal(wallet.contents.accounts.length, 2);
      const after = JSON.parse(readFileSync(path, 'utf8')) as Json;
      assert.notEqual(after.payload!.nonce, before.payload!.nonce);
      assert.deepEqual(after.wrappedKey, before.wrappedKey);
      assert.deepEqual((await WalletKeystore.open<Secrets>(path, PASSWORD)).contents, wallet.contents);
    });

    it('ignores leftover temp files, leaves none of its own, keeps mode 0600', async () => {
      const wallet = await createWallet();
      const stale = `${path}.tmp-0123456789ab`;
      writeFileSync(stale, '{"format":"dagwallet-wallet", "half written');
      assert.deepEqual((await WalletKeystore.open<Secrets>(path, PASSWORD)).contents, SECRETS);
      await wallet.update((c) => ({ ...c, bip39Passphrase: '' }));
      assert.deepEqual(readdirSync(dir).sort(), ['wallet.json', 'wallet.json.tmp-0123456789ab']);
      assert.equal((await WalletKeystore.open<Secrets>(path, PASSWORD)).contents.bip39Passphrase, '');
      if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
    });

    it('runs concurrent updates one after another, losing none', async () => {
      const wallet = await createWallet();
      const bump = (c: Secrets): Secrets => ({
        ...c,
        accounts: [{ ...c.accounts[0]!, receiveIndex: c.accounts[0]!.receiveIndex + 1 }],
      });
      await Promise.all([wallet.update(bump), wallet.update(bump), wallet.update(bump)]);
      assert.equal(wallet.contents.accounts[0]!.receiveIndex, 6);
      assert.equal((await WalletKeystore.open<Secrets>(path, PASSWORD)).contents.accounts[0]!.receiveIndex, 6);
    });

    it('hands out frozen contents, so editing in place fails loudly', async () => {
      const wallet = await createWallet();
      assert.throws(() => wallet.contents.accounts.push({ receiveIndex: 0, changeIndex: 0 }), TypeError);
      assert.throws(() => {
        (wallet.contents as { mnemonic: string }).mnemonic = 'x';
      }, TypeError);
    });

    it('refuses contents that are not JSON, keeping the file', async () => {
      const wallet = await createWallet();
      const before = readFileSync(path);
      await assertCode(
        wallet.update((c) => ({ ...c, extra: 1n })),
        'BAD_CONTENTS',
      );
      assert.deepEqual(readFileSync(path), before);
      assert.deepEqual(wallet.contents, SECRETS);
    });
  });

  describe('changePassword', () => {
    it('re-wraps the key: the old password stops working, the new one opens the same payload', async () => {
      const wallet = await createWallet();
      const before = JSON.parse(readFileSync(path, 'utf8')) as Json;
      await wallet.changePassword(PASSWORD, 'new password');
      const after = JSON.parse(readFileSync(path, 'utf8')) as Json;
      assert.deepEqual(after.payload, before.payload);
      assert.notEqual(after.kdf!.salt, before.kdf!.salt);
      assert.notDeepEqual(after.wrappedKey, before.wrappedKey);
      await assertCode(WalletKeystore.open(path, PASSWORD), 'WRONG_PASSWORD');
      assert.deepEqual((await WalletKeystore.open<Secrets>(path, 'new password')).contents, SECRETS);
      assert.deepEqual(wallet.contents, SECRETS);
      await wallet.update((c) => ({ ...c, bip39Passphrase: 'after' })); // the same data key still writes
      assert.equal((await WalletKeystore.open<Secrets>(path, 'new password')).contents.bip39Passphrase, 'after');
    });

    it('needs the right old password and a non-empty new one; a refusal changes nothing', async () => {
      const wallet = await createWallet();
      const before = readFileSync(path);
      await assertCode(wallet.changePassword('guess', 'new password'), 'WRONG_PASSWORD');
      await assertCode(wallet.changePassword(PASSWORD, ''), 'WEAK_PASSWORD');
      assert.deepEqual(readFileSync(path), before);
    });

    it('works while locked', async () => {
      const wallet = await createWallet();
      wallet.lock();
      await wallet.changePassword(PASSWORD, 'new password');
      assert.equal(wallet.locked, true);
      await wallet.unlock('new password');
      assert.deepEqual(wallet.contents, SECRETS);
    });
  });

  describe('verifyPassword', () => {
    it('accepts the password and refuses another, changing nothing, locked or not', async () => {
      const wallet = await createWallet();
      const before = readFileSync(path);
      await wallet.verifyPassword(PASSWORD);
      await assertCode(wallet.verifyPassword('guess'), 'WRONG_PASSWORD');
      assert.equal(wallet.locked, false);
      assert.deepEqual(wallet.contents, SECRETS);
      wallet.lock();
      await wallet.verifyPassword(PASSWORD);
      await assertCode(wallet.verifyPassword(''), 'WRONG_PASSWORD');
      assert.equal(wallet.locked, true);
      await wallet.changePassword(PASSWORD, 'new password');
      await assertCode(wallet.verifyPassword(PASSWORD), 'WRONG_PASSWORD');
      await wallet.verifyPassword('new password');
      assert.notDeepEqual(readFileSync(path), before, 'only changePassword wrote');
    });
  });

  describe('locking', () => {
    it('lock() drops the contents until unlock() with the right password', async () => {
      const wallet = await createWallet();
      const heard: string[] = [];
      const unsubscribe = wallet.onLock(() => heard.push('locked'));
      wallet.lock();
      wallet.lock();
      assert.deepEqual(heard, ['locked'], 'listeners hear each lock once');
      assert.equal(wallet.locked, true);
      assert.throws(
        () => wallet.contents,
        (e: unknown) => e instanceof KeystoreError && e.code === 'LOCKED',
      );
      await assertCode(
        wallet.update((c) => c),
        'LOCKED',
      );
      await assertCode(wallet.unlock('guess'), 'WRONG_PASSWORD');
      assert.equal(wallet.locked, true);
      await wallet.unlock(PASSWORD);
      assert.deepEqual(wallet.contents, SECRETS);
      unsubscribe();
      wallet.lock();
      assert.deepEqual(heard, ['locked']);
    });

    it('locks itself after the idle time', async () => {
      const wallet = await createWallet({ autoLockMs: 20 });
      let heard = 0;
      wallet.onLock(() => heard++);
      wallet.touch();
      await sleep(400);
      assert.equal(wallet.locked, true);
      assert.equal(heard, 1);
      await wallet.unlock(PASSWORD);
      assert.equal(wallet.locked, false);
      await sleep(400);
      assert.equal(wallet.locked, true, 'unlock() re-arms the idle lock');
    });

    it('never keeps a process alive with its idle timer', async () => {
      const script = `
        import { WalletKeystore } from ${JSON.stringify(new URL('./wallet-keystore.ts', import.meta.url).href)};
        await WalletKeystore.create(${JSON.stringify(path)}, 'pw', 'n', {}, { kdf: ${JSON.stringify(CHEAP_KDF)} });
        process.stdout.write('created');`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        timeout: 20_000,
      });
      assert.equal(stdout, 'created');
    });
  });
});
