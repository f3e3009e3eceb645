/**
 * The CashAddr-style base32 that Kaspa addresses use (kaspad util/bech32, rusty-kaspa
 * crypto/addresses bech32.rs): `<prefix>:<data><checksum>`, where data is the bytes regrouped
 * into 5-bit symbols and the checksum is 8 symbols of a 40-bit BCH code over GF(2^5).
 * It is BCH's CashAddr checksum, not BIP-173's 30-bit bech32 one.
 *
 * This module knows nothing about networks or address versions; it only moves bits and
 * reports why a string does not decode, so the address layer can word the error.
 */

export const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
export const CHECKSUM_LENGTH = 8;

/** Symbol value for each ASCII code of CHARSET, -1 elsewhere (lowercase only). */
const SYMBOL_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) SYMBOL_OF[CHARSET.charCodeAt(i)] = i;

/*
 * The generators 0x98f2bc8e61, 0x79b76d99e2, 0xf33e5fb3c4, 0xae2eabe2a8, 0x1e4f43e470 split
 * into their top 8 bits and low 32 bits, so the 40-bit state fits two plain JS numbers.
 */
const GEN_HI = [0x98, 0x79, 0xf3, 0xae, 0x1e] as const;
const GEN_LO = [0xf2bc8e61, 0xb76d99e2, 0x3e5fb3c4, 0x2eabe2a8, 0x4f43e470] as const;

/** The polymod state: bits 32..39 in `hi`, bits 0..31 in `lo`. */
interface Polymod {
  hi: number;
  lo: number;
}

function polymodStep(state: Polymod, symbol: number): void {
  const top = state.hi >>> 3;
  // c = ((c & 0x07ffffffff) << 5) ^ symbol
  let hi = ((state.hi & 0x07) << 5) | (state.lo >>> 27);
  let lo = ((state.lo << 5) | symbol) >>> 0;
  for (let i = 0; i < 5; i++) {
    if ((top >>> i) & 1) {
      hi ^= GEN_HI[i] as number;
      lo = (lo ^ (GEN_LO[i] as number)) >>> 0;
    }
  }
  state.hi = hi;
  state.lo = lo;
}

/** Starts the polymod over the prefix: each character's low 5 bits, then a 0 separator. */
function polymodOverPrefix(prefix: string): Polymod {
  const state = { hi: 0, lo: 1 };
  for (let i = 0; i < prefix.length; i++) polymodStep(state, prefix.charCodeAt(i) & 0x1f);
  polymodStep(state, 0);
  return state;
}

/** The 8 checksum symbols for the prefix and the 5-bit data (the polymod of data + 8 zeros, xor 1). */
function checksumSymbols(prefix: string, data: ArrayLike<number>): number[] {
  const state = polymodOverPrefix(prefix);
  for (let i = 0; i < data.length; i++) polymodStep(state, data[i] as number);
  for (let i = 0; i < CHECKSUM_LENGTH; i++) polymodStep(state, 0);
  const hi = state.hi;
  const lo = (state.lo ^ 1) >>> 0;
  // 40 bits read as 8 big-endian 5-bit groups: bits 39..35, 34..30, then wholly inside `lo`.
  const out = [hi >>> 3, ((hi & 0x07) << 2) | (lo >>> 30)];
  for (let shift = 25; shift >= 0; shift -= 5) out.push((lo >>> shift) & 0x1f);
  return out;
}

/** 8-bit bytes to 5-bit symbols; the last symbol is right-padded with zero bits. */
export function bytesToSymbols(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >>> bits) & 0x1f);
    }
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 0x1f);
  return out;
}

/**
 * 5-bit symbols back to bytes, or null when the padding is not what the encoder writes:
 * the leftover must be under 5 bits and all zero (the BIP-173 rule). kaspad and rusty-kaspa
 * silently drop the leftover; refusing it keeps exactly one spelling per address.
 */
export function symbolsToBytes(symbols: ArrayLike<number>): Uint8Array | null {
  const out = new Uint8Array(Math.floor((symbols.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < symbols.length; i++) {
    acc = ((acc << 5) | (symbols[i] as number)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >>> bits) & 0xff;
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** `<prefix>:<base32 of bytes><checksum>`; the prefix is used as given (callers pass lowercase). */
export function encodeCashAddr(prefix: string, bytes: Uint8Array): string {
  return encodeCashAddrSymbols(prefix, bytesToSymbols(bytes));
}

/** Like encodeCashAddr from 5-bit symbols (each 0..31), which also lets tests spell non-canonical padding. */
export function encodeCashAddrSymbols(prefix: string, symbols: readonly number[]): string {
  let text = `${prefix}:`;
  for (const s of symbols.concat(checksumSymbols(prefix, symbols))) {
    const ch = CHARSET[s];
    if (ch === undefined) throw new RangeError(`not a 5-bit symbol: ${s}`);
    text += ch;
  }
  return text;
}

export type CashAddrFailure =
  /** `index` is the position within the data part of the first character outside the charset. */
  | { ok: false; reason: 'BAD_CHARACTER'; index: number }
  /** Fewer symbols than a checksum plus one byte need. */
  | { ok: false; reason: 'TOO_SHORT' }
  | { ok: false; reason: 'BAD_CHECKSUM' }
  | { ok: false; reason: 'BAD_PADDING' };

export type CashAddrResult = { ok: true; bytes: Uint8Array } | CashAddrFailure;

/** The smallest data part that holds one byte (2 symbols) and the checksum. */
const MIN_DATA_LENGTH = 2 + CHECKSUM_LENGTH;

/**
 * Decodes the part after the ':' for a given (lowercase) prefix. Returns a result instead of
 * throwing: these are expected outcomes for typed-in text, and the caller owns the wording.
 */
export function decodeCashAddrData(prefix: string, data: string): CashAddrResult {
  const symbols = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    const symbol = code < 128 ? (SYMBOL_OF[code] as number) : -1;
    if (symbol < 0) return { ok: false, reason: 'BAD_CHARACTER', index: i };
    symbols[i] = symbol;
  }
  if (symbols.length < MIN_DATA_LENGTH) return { ok: false, reason: 'TOO_SHORT' };

  const body = symbols.subarray(0, symbols.length - CHECKSUM_LENGTH);
  const expected = checksumSymbols(prefix, body);
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    if (symbols[body.length + i] !== expected[i]) return { ok: false, reason: 'BAD_CHECKSUM' };
  }

  const bytes = symbolsToBytes(body);
  if (bytes === null) return { ok: false, reason: 'BAD_PADDING' };
  return { ok: true, bytes };
}
