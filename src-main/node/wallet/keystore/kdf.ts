import { argon2idAsync } from '@noble/hashes/argon2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { KeystoreError } from './errors.ts';

/** scrypt (RFC 7914): N is the CPU/memory cost (a power of two), r the block size, p the parallelism. */
export interface ScryptParams {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
}

/** Argon2id (RFC 9106): m is memory in KiB, t the number of passes, p the lanes. */
export interface Argon2idParams {
  algorithm: 'argon2id';
  m: number;
  t: number;
  p: number;
}

export type KdfParams = ScryptParams | Argon2idParams;

/**
 * scrypt N=2^17, r=8, p=1: 128 MiB, 0.43–0.49 s to unlock with noble's scryptAsync on the 2-core
 * build machine (`dagwallet bench wallet-unlock`). There, per unit of memory, noble's scrypt takes
 * ~3.5 ms/MiB and its Argon2id (t=1) ~4.5 ms/MiB (128 MiB in 0.58 s), so for half a second scrypt
 * buys the most memory-hardness (128 MiB vs ~110 MiB), with the parameter set every scrypt
 * analysis assumes. We stay with pure-JS noble rather than node:crypto so one file opens alike in
 * Node and in Electron (whose BoringSSL has no Argon2). Files store their parameters (Argon2id is
 * read too), so a later build can raise these for new wallets.
 */
export const DEFAULT_KDF: Readonly<ScryptParams> = Object.freeze({ algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });

/** The wrapping key is an XChaCha20-Poly1305 key. */
export const DERIVED_KEY_BYTES = 32;

/**
 * Limits on parameters read from a file, checked before any derivation, so a crafted file can
 * neither allocate more than 1 GiB nor run for minutes: work is capped at 16× the default.
 */
export const KDF_LIMITS = Object.freeze({
  maxMemoryBytes: 2 ** 30,
  maxScryptWork: 2 ** 24, // N·r·p
  maxArgon2WorkKiB: 2 ** 21, // m·t
  maxParallelism: 16,
});

/** noble counts a few scratch blocks beyond the nominal memory. */
const NOBLE_MAXMEM = KDF_LIMITS.maxMemoryBytes + 2 ** 20;

function bad(message: string): KeystoreError {
  return new KeystoreError('BAD_KDF_PARAMS', `Unusable key-derivation settings in the wallet file: ${message}.`);
}

function positiveInteger(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw bad(`${key} is not a positive integer`);
  return value;
}

function onlyKeys(record: Record<string, unknown>, keys: readonly string[]): void {
  const extra = Object.keys(record).find((k) => !keys.includes(k));
  if (extra !== undefined) throw bad(`unknown field ${JSON.stringify(extra.slice(0, 40))}`);
}

function checkScrypt(record: Record<string, unknown>): ScryptParams {
  onlyKeys(record, ['algorithm', 'N', 'r', 'p']);
  const N = positiveInteger(record, 'N');
  const r = positiveInteger(record, 'r');
  const p = positiveInteger(record, 'p');
  if (N < 2 || (N & (N - 1)) !== 0) throw bad('N is not a power of two');
  if (p > KDF_LIMITS.maxParallelism) throw bad(`p is above ${KDF_LIMITS.maxParallelism}`);
  if (128 * N * r > KDF_LIMITS.maxMemoryBytes) throw bad('it needs more than 1 GiB of memory');
  if (N * r * p > KDF_LIMITS.maxScryptWork) throw bad('it would take far too long');
  return { algorithm: 'scrypt', N, r, p };
}

function checkArgon2id(record: Record<string, unknown>): Argon2idParams {
  onlyKeys(record, ['algorithm', 'm', 't', 'p']);
  const m = positiveInteger(record, 'm');
  const t = positiveInteger(record, 't');
  const p = positiveInteger(record, 'p');
  if (p > KDF_LIMITS.maxParallelism) throw bad(`p is above ${KDF_LIMITS.maxParallelism}`);
  if (m < 8 * p) throw bad('m is below 8 KiB per lane'); // RFC 9106 §3.1
  if (m * 1024 > KDF_LIMITS.maxMemoryBytes) throw bad('it needs more than 1 GiB of memory');
  if (m * t > KDF_LIMITS.maxArgon2WorkKiB) throw bad('it would take far too long');
  return { algorithm: 'argon2id', m, t, p };
}

/** Validates untrusted parameters and returns them in canonical form (known fields only, fixed order). */
export function checkKdfParams(value: unknown): KdfParams {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not an object');
  const record = value as Record<string, unknown>;
  if (record.algorithm === 'scrypt') return checkScrypt(record);
  if (record.algorithm === 'argon2id') return checkArgon2id(record);
  throw bad('unknown algorithm');
}

export function kdfMemoryBytes(params: KdfParams): number {
  return params.algorithm === 'scrypt' ? 128 * params.N * params.r : params.m * 1024;
}

export function describeKdf(params: KdfParams): string {
  const mib = `${Math.round(kdfMemoryBytes(params) / 2 ** 20)} MiB`;
  return params.algorithm === 'scrypt'
    ? `scrypt N=2^${Math.log2(params.N)} r=${params.r} p=${params.p}, ${mib}`
    : `argon2id m=${params.m} KiB t=${params.t} p=${params.p}, ${mib}`;
}

/**
 * Derives the 32-byte wrapping key. Passwords are NFKD-normalised first (as BIP39 does for its
 * passphrase) so the same typed password matches across keyboards and platforms. The async
 * variants yield to the event loop every few ms, so a node keeps importing blocks while a wallet
 * unlocks.
 */
export async function deriveKey(params: KdfParams, password: string, salt: Uint8Array): Promise<Uint8Array> {
  const checked = checkKdfParams(params);
  const secret = utf8ToBytes(password.normalize('NFKD'));
  try {
    if (checked.algorithm === 'scrypt') {
      const { N, r, p } = checked;
      return await scryptAsync(secret, salt, { N, r, p, dkLen: DERIVED_KEY_BYTES, maxmem: NOBLE_MAXMEM });
    }
    const { m, t, p } = checked;
    return await argon2idAsync(secret, salt, { m, t, p, dkLen: DERIVED_KEY_BYTES, maxmem: NOBLE_MAXMEM });
  } finally {
    secret.fill(0);
  }
}
