import * as wasm from 'tiny-secp256k1';
import { noble } from './secp256k1.ts';

/**
 * ECDSA over secp256k1 as Kaspa's OP_CHECKSIGECDSA uses it: 33-byte compressed public keys,
 * 64-byte compact (r || s) signatures over a 32-byte hash. Like libsecp256k1 (which kaspad and
 * rusty-kaspa call), verification refuses a high-S signature: malleated copies are invalid.
 */
export function verifyEcdsa(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 33 || message.length !== 32 || signature.length !== 64) return false;
  try {
    return wasm.verify(message, publicKey, signature, true);
  } catch {
    return false;
  }
}

/** The pure-JS verifier, kept to cross-check the fast one. */
export function verifyEcdsaReference(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return noble.verify(signature, message, publicKey, { prehash: false, lowS: true });
  } catch {
    return false;
  }
}

/** Deterministic (RFC 6979), low-S, compact signature. */
export function signEcdsa(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return noble.sign(message, secretKey, { prehash: false, lowS: true });
}

export function ecdsaPublicKey(secretKey: Uint8Array): Uint8Array {
  return noble.getPublicKey(secretKey, true);
}
