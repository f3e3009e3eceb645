import { DecodeError } from '../errors.ts';

const HEX_PAIR = /^(?:[0-9a-fA-F]{2})*$/;

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Decodes hex from an untrusted source; `expectedLength` (bytes) is checked when given. */
export function hexToBytes(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string' || !HEX_PAIR.test(hex)) {
    throw new DecodeError('BAD_HEX', 'not an even-length hex string');
  }
  if (expectedLength !== undefined && hex.length !== expectedLength * 2) {
    throw new DecodeError('BAD_HEX', `expected ${expectedLength} bytes of hex, got ${hex.length / 2}`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic byte comparison (byte 0 first), Kaspa's hash tie-break order. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
