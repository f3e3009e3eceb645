import type { ByteReader } from '../../encoding/byte-reader.ts';
import type { ByteWriter } from '../../encoding/byte-writer.ts';
import { type Hash, HASH_SIZE } from '../../consensus/model/hash.ts';
import { WireError } from './wire-error.ts';

/**
 * The field layouts every message body is built from: integers little-endian, variable bytes and
 * lists behind a u64 length, as the consensus codecs write them. Readers take untrusted bytes and
 * throw only DecodeError (from ByteReader) or WireError; writers refuse what a reader would refuse.
 */

// fatal: invalid UTF-8 is an error, not U+FFFD. ignoreBOM: a leading U+FEFF is text, kept as sent.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function invalid(message: string): WireError {
  return new WireError('INVALID_MESSAGE', message);
}

export function readHash(r: ByteReader, what: string): Hash {
  return r.bytes(HASH_SIZE, what);
}

export function writeHash(w: ByteWriter, hash: Hash, what: string): void {
  if (hash.length !== HASH_SIZE) throw invalid(`${what} is ${hash.length} bytes, not ${HASH_SIZE}`);
  w.bytes(hash);
}

export function readHashList(r: ByteReader, max: number, what: string): Hash[] {
  const count = r.count(max, HASH_SIZE, what);
  const hashes: Hash[] = [];
  for (let i = 0; i < count; i++) hashes.push(r.bytes(HASH_SIZE, what));
  return hashes;
}

export function writeHashList(w: ByteWriter, hashes: readonly Hash[], max: number, what: string): void {
  writeCount(w, hashes.length, max, what);
  for (const hash of hashes) writeHash(w, hash, what);
}

export function writeCount(w: ByteWriter, count: number, max: number, what: string): void {
  if (count > max) throw invalid(`${count} ${what} items, limit ${max}`);
  w.u64(count);
}

/** A null-or-hash: flag byte 0 (absent) or 1 (a hash follows); any other flag is malformed. */
export function readOptionalHash(r: ByteReader, what: string): Hash | null {
  return readBool(r, `${what} flag`) ? readHash(r, what) : null;
}

export function writeOptionalHash(w: ByteWriter, hash: Hash | null, what: string): void {
  if (hash === null) {
    w.u8(0);
  } else {
    w.u8(1);
    writeHash(w, hash, what);
  }
}

export function readBool(r: ByteReader, what: string): boolean {
  const flag = r.u8(what);
  // Only one encoding per value, so a re-encoded message is byte-identical to what was received.
  if (flag > 1) throw new WireError('MALFORMED', `${what} is ${flag}, expected 0 or 1`);
  return flag === 1;
}

/** A u32 on the wire; the writer refuses what DataView would silently wrap. */
export function writeU32(w: ByteWriter, value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw invalid(`${what} ${value} is not a u32`);
  w.u32(value);
}

/** Unix milliseconds and other u64 quantities the code handles as numbers. */
export function readSafeU64(r: ByteReader, what: string): number {
  return r.u64AtMost(Number.MAX_SAFE_INTEGER, what);
}

export function writeSafeU64(w: ByteWriter, value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(`${what} ${value} is not a safe u64`);
  w.u64(value);
}

export function writeBigU64(w: ByteWriter, value: bigint, what: string): void {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw invalid(`${what} ${value} is not a u64`);
  w.u64(value);
}

/** UTF-8 text of at most `maxBytes` bytes (bytes, not characters: the limit bounds the allocation). */
export function readText(r: ByteReader, maxBytes: number, what: string): string {
  const bytes = r.varBytes(maxBytes, what);
  try {
    return utf8Decoder.decode(bytes);
  } catch (cause) {
    throw new WireError('MALFORMED', `${what} is not valid UTF-8`, { cause });
  }
}

export function writeText(w: ByteWriter, text: string, maxBytes: number, what: string): void {
  // A lone surrogate would encode as U+FFFD and come back as different text.
  if (!text.isWellFormed()) throw invalid(`${what} is not well-formed Unicode`);
  const bytes = utf8Encoder.encode(text);
  if (bytes.length > maxBytes) throw invalid(`${what} is ${bytes.length} bytes, limit ${maxBytes}`);
  w.varBytes(bytes);
}
