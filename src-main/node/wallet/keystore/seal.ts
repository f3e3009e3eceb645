import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';

/** One XChaCha20-Poly1305 message as stored: hex nonce and hex ciphertext (tag appended). */
export interface SealedBox {
  nonce: string;
  ciphertext: string;
}

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;

/**
 * Encrypts under a fresh random nonce. XChaCha's 192-bit nonce makes random nonces safe however
 * many times a wallet is rewritten under the same data key.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): SealedBox {
  const nonce = randomBytes(NONCE_BYTES);
  const ciphertext = xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
  return { nonce: bytesToHex(nonce), ciphertext: bytesToHex(ciphertext) };
}

/** The plaintext, or undefined when the key, the associated data or the box is not the one sealed. */
export function unseal(key: Uint8Array, box: SealedBox, associatedData: Uint8Array): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, hexToBytes(box.nonce), associatedData).decrypt(hexToBytes(box.ciphertext));
  } catch {
    return undefined;
  }
}
