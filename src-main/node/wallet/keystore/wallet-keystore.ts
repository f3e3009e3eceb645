import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { decodeContents, encodeContents } from './contents.ts';
import { KeystoreError } from './errors.ts';
import { checkKdfParams, DEFAULT_KDF, deriveKey, type KdfParams } from './kdf.ts';
import { readWalletFile } from './read-wallet-file.ts';
import { KEY_BYTES, seal, unseal } from './seal.ts';
import {
  headerOf,
  kdfParamsOf,
  payloadAad,
  serialiseWalletFile,
  WALLET_FILE_FORMAT,
  WALLET_FILE_VERSION,
  type WalletFile,
  type WalletFileHeader,
  wrappedKeyAad,
} from './wallet-file.ts';

export interface CreateWalletOptions {
  /** Defaults to DEFAULT_KDF (about half a second); tests pass cheap settings. */
  kdf?: KdfParams;
  autoLockMs?: number;
  now?: () => number;
}

export interface OpenWalletOptions {
  /** Idle time after which the wallet locks itself; Infinity never locks. */
  autoLockMs?: number;
}

export const DEFAULT_AUTO_LOCK_MS = 15 * 60_000;
const SALT_BYTES = 32;
const MAX_NETWORK_NAME_LENGTH = 100;
/** setTimeout's limit; anything longer is as good as never. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkNewPassword(password: string): void {
  if (password.length === 0) throw new KeystoreError('WEAK_PASSWORD', 'A wallet password cannot be empty.');
}

function checkAutoLockMs(ms: number): number {
  if (!(ms > 0)) throw new RangeError('autoLockMs must be a positive number of milliseconds (or Infinity)');
  return ms;
}

function wrongPassword(path: string): KeystoreError {
  return new KeystoreError('WRONG_PASSWORD', `The password is wrong for the wallet file ${path}.`);
}

/** Runs the KDF and opens both boxes: WRONG_PASSWORD if the key does not unwrap, TAMPERED if the payload fails. */
async function unlockFile<T>(file: WalletFile, password: string, path: string) {
  const wrappingKey = await deriveKey(kdfParamsOf(file.kdf), password, hexToBytes(file.kdf.salt));
  const dataKey = unseal(wrappingKey, file.wrappedKey, wrappedKeyAad(file));
  wrappingKey.fill(0);
  if (dataKey === undefined) throw wrongPassword(path);
  const plaintext = unseal(dataKey, file.payload, payloadAad(file));
  if (plaintext === undefined) {
    dataKey.fill(0);
    throw new KeystoreError('TAMPERED', `The wallet file ${path} is damaged or has been altered (payload).`);
  }
  try {
    return { dataKey, contents: decodeContents<T>(plaintext, path) };
  } catch (error) {
    dataKey.fill(0);
    throw error;
  } finally {
    plaintext.fill(0);
  }
}

/**
 * One encrypted wallet file and, while unlocked, its data key and decrypted contents. All writes
 * are atomic and run one at a time. Only touch(), open() and unlock() count as activity for the
 * idle lock: the wallet layer decides what a user action is (background sync must not keep a
 * wallet open).
 */
export class WalletKeystore<T extends object> {
  readonly path: string;
  #file: WalletFile;
  #dataKey: Uint8Array | undefined;
  #contents: T | undefined;
  readonly #autoLockMs: number;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #lockListeners = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, file: WalletFile, dataKey: Uint8Array, contents: T, autoLockMs: number) {
    this.path = path;
    this.#file = file;
    this.#dataKey = dataKey;
    this.#contents = contents;
    this.#autoLockMs = autoLockMs;
    this.#armIdleTimer();
  }

  /** Writes a new wallet file; refuses (ALREADY_EXISTS) to replace any existing file. */
  static async create<T extends object>(
    path: string,
    password: string,
    network: string,
    contents: T,
    options: CreateWalletOptions = {},
  ): Promise<WalletKeystore<T>> {
    checkNewPassword(password);
    if (network.length === 0 || network.length > MAX_NETWORK_NAME_LENGTH) {
      throw new RangeError(`a network name has 1 to ${MAX_NETWORK_NAME_LENGTH} characters`);
    }
    const autoLockMs = checkAutoLockMs(options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS);
    const kdfParams = checkKdfParams(options.kdf ?? DEFAULT_KDF);
    const plaintext = encodeContents(contents);
    const alreadyExists = () => new KeystoreError('ALREADY_EXISTS', `A file already exists at ${path}.`);
    if (existsSync(path)) throw alreadyExists(); // before spending half a second on the KDF

    const createdAt = Math.floor((options.now ?? Date.now)());
    if (!Number.isSafeInteger(createdAt) || createdAt < 0) throw new RangeError('now() must give epoch milliseconds');

    const salt = randomBytes(SALT_BYTES);
    const header: WalletFileHeader = {
      format: WALLET_FILE_FORMAT,
      version: WALLET_FILE_VERSION,
      network,
      createdAt,
      kdf: { ...kdfParams, salt: bytesToHex(salt) },
    };
    const dataKey = randomBytes(KEY_BYTES);
    const wrappingKey = await deriveKey(kdfParams, password, salt);
    const file: WalletFile = {
      ...header,
      wrappedKey: seal(wrappingKey, dataKey, wrappedKeyAad(header)),
      payload: seal(dataKey, plaintext, payloadAad(header)),
    };
    wrappingKey.fill(0);
    const stored = decodeContents<T>(plaintext, path);
    plaintext.fill(0);

    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, serialiseWalletFile(file), { exclusive: true });
    } catch (error) {
      dataKey.fill(0);
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists();
      throw error;
    }
    return new WalletKeystore(path, file, dataKey, stored, autoLockMs);
  }

  /** Opens and unlocks a wallet file: WRONG_PASSWORD, TAMPERED, NOT_FOUND, NOT_A_WALLET_FILE, … */
  static async open<T extends object>(
    path: string,
    password: string,
    options: OpenWalletOptions = {},
  ): Promise<WalletKeystore<T>> {
    const autoLockMs = checkAutoLockMs(options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS);
    const file = readWalletFile(path);
    const { dataKey, contents } = await unlockFile<T>(file, password, path);
    return new WalletKeystore(path, file, dataKey, contents, autoLockMs);
  }

  /** Network, version, creation time and KDF settings, checked but without the password. */
  static readHeader(path: string): WalletFileHeader {
    return headerOf(readWalletFile(path));
  }

  get header(): WalletFileHeader {
    return headerOf(this.#file);
  }

  get locked(): boolean {
    return this.#dataKey === undefined;
  }

  /** The decrypted contents, frozen (change them with update()); LOCKED while locked. */
  get contents(): T {
    if (this.#contents === undefined) throw new KeystoreError('LOCKED', 'The wallet is locked; unlock it first.');
    return this.#contents;
  }

  /** Re-encrypts the payload under a fresh nonce with the same data key and rewrites the file. */
  update(mutate: (contents: T) => T): Promise<void> {
    return this.#oneAtATime(async () => {
      const current = this.contents;
      const dataKey = this.#dataKey as Uint8Array;
      const plaintext = encodeContents(mutate(structuredClone(current)));
      const file: WalletFile = { ...this.#file, payload: seal(dataKey, plaintext, payloadAad(this.#file)) };
      const next = decodeContents<T>(plaintext, this.path);
      plaintext.fill(0);
      await writeFileAtomic(this.path, serialiseWalletFile(file));
      this.#file = file;
      if (!this.locked) this.#contents = next;
    });
  }

  /**
   * Re-wraps the data key under `newPassword` with a fresh salt and the file's KDF settings; the
   * payload stays as it is. Works while locked too: it needs only the old password.
   */
  changePassword(oldPassword: string, newPassword: string): Promise<void> {
    return this.#oneAtATime(async () => {
      checkNewPassword(newPassword);
      const current = this.#file;
      const params = kdfParamsOf(current.kdf);
      const oldKey = await deriveKey(params, oldPassword, hexToBytes(current.kdf.salt));
      const dataKey = unseal(oldKey, current.wrappedKey, wrappedKeyAad(current));
      oldKey.fill(0);
      if (dataKey === undefined) throw wrongPassword(this.path);
      try {
        const salt = randomBytes(SALT_BYTES);
        const header: WalletFileHeader = { ...headerOf(current), kdf: { ...params, salt: bytesToHex(salt) } };
        const newKey = await deriveKey(params, newPassword, salt);
        const file: WalletFile = { ...current, ...header, wrappedKey: seal(newKey, dataKey, wrappedKeyAad(header)) };
        newKey.fill(0);
        await writeFileAtomic(this.path, serialiseWalletFile(file));
        this.#file = file;
      } finally {
        dataKey.fill(0);
      }
    });
  }

  /**
   * Checks `password` against the file's wrapped key (one KDF run) without changing any state:
   * WRONG_PASSWORD if it does not unwrap. For a confirmation step on an already unlocked wallet.
   */
  verifyPassword(password: string): Promise<void> {
    return this.#oneAtATime(async () => {
      const file = this.#file;
      const key = await deriveKey(kdfParamsOf(file.kdf), password, hexToBytes(file.kdf.salt));
      const dataKey = unseal(key, file.wrappedKey, wrappedKeyAad(file));
      key.fill(0);
      if (dataKey === undefined) throw wrongPassword(this.path);
      dataKey.fill(0);
    });
  }

  /** Zero-fills the data key and drops the contents; listeners hear it once per lock. */
  lock(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (this.#dataKey === undefined) return;
    this.#dataKey.fill(0);
    this.#dataKey = undefined;
    this.#contents = undefined;
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.#lockListeners]) {
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Reads the file again and unlocks it (WRONG_PASSWORD leaves the state as it was). */
  unlock(password: string): Promise<void> {
    return this.#oneAtATime(async () => {
      const file = readWalletFile(this.path);
      const { dataKey, contents } = await unlockFile<T>(file, password, this.path);
      this.#dataKey?.fill(0);
      this.#file = file;
      this.#dataKey = dataKey;
      this.#contents = contents;
      this.#armIdleTimer();
    });
  }

  /** User activity: restarts the idle timer. */
  touch(): void {
    this.#armIdleTimer();
  }

  /** Calls `listener` whenever the wallet locks (by lock() or when idle); returns the unsubscribe. */
  onLock(listener: () => void): () => void {
    this.#lockListeners.add(listener);
    return () => {
      this.#lockListeners.delete(listener);
    };
  }

  #armIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (this.locked || this.#autoLockMs > MAX_TIMER_MS) return;
    this.#idleTimer = setTimeout(() => this.lock(), this.#autoLockMs);
    this.#idleTimer.unref(); // an unlocked wallet never keeps the process alive
  }

  #oneAtATime<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
