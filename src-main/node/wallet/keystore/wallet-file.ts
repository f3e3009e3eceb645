import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { KeystoreError } from './errors.ts';
import { checkKdfParams, type KdfParams } from './kdf.ts';
import { KEY_BYTES, NONCE_BYTES, type SealedBox, TAG_BYTES } from './seal.ts';

/**
 * The wallet file, version 1: one UTF-8 JSON object, binary fields as hex.
 *
 *   { format, version, network, createdAt, kdf: { algorithm, ...params, salt },
 *     wrappedKey: { nonce, ciphertext }, payload: { nonce, ciphertext }, checksum }
 *
 * A random data key encrypts the payload; the password-derived key only wraps the data key, so a
 * password change rewrites `kdf` and `wrappedKey` and leaves the payload as it is. The header is
 * associated data: the wrapped key binds format, version, network, createdAt and kdf; the payload
 * binds the same minus kdf (a new salt must not force re-encrypting it) and is reachable only
 * through the wrapped key, which binds kdf. `checksum` is a keyless sha256 of everything else, to
 * tell damage and naive edits (TAMPERED) apart from a wrong password.
 */
export const WALLET_FILE_FORMAT = 'dagwallet-wallet';
export const WALLET_FILE_VERSION = 1;
/** Far above any real wallet; a bigger file is not read at all. */
export const MAX_WALLET_FILE_BYTES = 16 * 2 ** 20;

const SALT_BYTES = { min: 16, max: 64 } as const;
const MAX_NETWORK_NAME_LENGTH = 100;
const MAX_CANONICAL_DEPTH = 8;

export type StoredKdfParams = KdfParams & { salt: string };

/** What anyone can read without the password. */
export interface WalletFileHeader {
  format: typeof WALLET_FILE_FORMAT;
  version: typeof WALLET_FILE_VERSION;
  network: string;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  kdf: StoredKdfParams;
}

export interface WalletFile extends WalletFileHeader {
  wrappedKey: SealedBox;
  payload: SealedBox;
}

const TOP_LEVEL_KEYS = ['format', 'version', 'network', 'createdAt', 'kdf', 'wrappedKey', 'payload', 'checksum'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tampered(path: string, why: string): KeystoreError {
  return new KeystoreError('TAMPERED', `The wallet file ${path} is damaged or has been altered (${why}).`);
}

/** JSON with object keys sorted at every level, so the checksum ignores formatting and key order. */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_CANONICAL_DEPTH) throw new RangeError('nested too deeply');
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The keyless checksum over everything but the `checksum` field itself. */
export function walletFileChecksum(body: Record<string, unknown>): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(body))));
}

function headerFields(file: WalletFileHeader): Omit<WalletFileHeader, 'kdf'> {
  return { format: file.format, version: file.version, network: file.network, createdAt: file.createdAt };
}

/** Associated data of the wrapped key: the whole header, kdf included. */
export function wrappedKeyAad(file: WalletFileHeader): Uint8Array {
  return utf8ToBytes(`${WALLET_FILE_FORMAT}/wrapped-key\n${canonicalJson({ ...headerFields(file), kdf: file.kdf })}`);
}

/** Associated data of the payload: the header without kdf (see the format note above). */
export function payloadAad(file: WalletFileHeader): Uint8Array {
  return utf8ToBytes(`${WALLET_FILE_FORMAT}/payload\n${canonicalJson(headerFields(file))}`);
}

function hexField(path: string, record: unknown, key: string, min: number, max: number): string {
  const value = isRecord(record) ? record[key] : undefined;
  const ok = typeof value === 'string' && /^(?:[0-9a-f]{2})*$/u.test(value);
  if (!ok || value.length < 2 * min || value.length > 2 * max) throw tampered(path, `bad ${key}`);
  return value;
}

function sealedBox(path: string, value: unknown, name: string, min: number, max: number): SealedBox {
  if (!isRecord(value) || Object.keys(value).length !== 2) throw tampered(path, `bad ${name}`);
  return {
    nonce: hexField(path, value, 'nonce', NONCE_BYTES, NONCE_BYTES),
    ciphertext: hexField(path, value, 'ciphertext', min, max),
  };
}

function storedKdf(path: string, value: unknown): StoredKdfParams {
  if (!isRecord(value)) throw tampered(path, 'bad kdf');
  const { salt, ...params } = value;
  const checkedSalt = hexField(path, { salt }, 'salt', SALT_BYTES.min, SALT_BYTES.max);
  return { ...checkKdfParams(params), salt: checkedSalt };
}

/**
 * Checks, in this order: JSON object with the format marker (else NOT_A_WALLET_FILE), version
 * (UNSUPPORTED_VERSION), checksum (TAMPERED), every field's shape (TAMPERED) and the KDF bounds
 * (BAD_KDF_PARAMS). Returns the file in canonical form. `path` only names the file in messages.
 */
export function parseWalletFile(text: string, path: string): WalletFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (!isRecord(raw) || raw.format !== WALLET_FILE_FORMAT) {
    throw new KeystoreError('NOT_A_WALLET_FILE', `${path} is not a dagwallet wallet file.`);
  }
  if (raw.version !== WALLET_FILE_VERSION) {
    const version = Number.isSafeInteger(raw.version) ? ` ${String(raw.version)}` : '';
    throw new KeystoreError(
      'UNSUPPORTED_VERSION',
      `The wallet file ${path} has format version${version}, which this dagwallet cannot read; a newer dagwallet may.`,
    );
  }
  const { checksum, ...body } = raw;
  let expected: string;
  try {
    expected = walletFileChecksum(body);
  } catch {
    throw tampered(path, 'unexpected structure');
  }
  if (checksum !== expected) throw tampered(path, 'checksum mismatch');

  const unknownKey = Object.keys(raw).find((k) => !TOP_LEVEL_KEYS.includes(k));
  if (unknownKey !== undefined) throw tampered(path, 'unknown field');
  const { network, createdAt } = raw;
  if (typeof network !== 'string' || network.length === 0 || network.length > MAX_NETWORK_NAME_LENGTH) {
    throw tampered(path, 'bad network');
  }
  if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || createdAt < 0) {
    throw tampered(path, 'bad createdAt');
  }
  return {
    format: WALLET_FILE_FORMAT,
    version: WALLET_FILE_VERSION,
    network,
    createdAt,
    kdf: storedKdf(path, raw.kdf),
    wrappedKey: sealedBox(path, raw.wrappedKey, 'wrappedKey', KEY_BYTES + TAG_BYTES, KEY_BYTES + TAG_BYTES),
    payload: sealedBox(path, raw.payload, 'payload', TAG_BYTES, MAX_WALLET_FILE_BYTES / 2),
  };
}

/** The header alone, for callers that must not see the sealed parts. */
export function headerOf(file: WalletFileHeader): WalletFileHeader {
  return { ...headerFields(file), kdf: { ...file.kdf } };
}

/** The file's text: fixed key order, two-space indent, trailing newline, checksum last. */
export function serialiseWalletFile(file: WalletFile): string {
  const body = {
    ...headerFields(file),
    kdf: { ...file.kdf },
    wrappedKey: { nonce: file.wrappedKey.nonce, ciphertext: file.wrappedKey.ciphertext },
    payload: { nonce: file.payload.nonce, ciphertext: file.payload.ciphertext },
  };
  return `${JSON.stringify({ ...body, checksum: walletFileChecksum(body) }, null, 2)}\n`;
}

/** The KDF parameters without the salt. */
export function kdfParamsOf(kdf: StoredKdfParams): KdfParams {
  return kdf.algorithm === 'scrypt'
    ? { algorithm: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p }
    : { algorithm: 'argon2id', m: kdf.m, t: kdf.t, p: kdf.p };
}
