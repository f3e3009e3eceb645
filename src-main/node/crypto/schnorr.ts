import * as wasm from 'tiny-secp256k1';
import { noble } from './secp256k1.ts';

/**
 * BIP-340 Schnorr over secp256k1, Kaspa's default signature: 32-byte x-only public keys,
 * 64-byte signatures, the 32-byte sighash as message.
 *
 * Verification runs on libsecp256k1 compiled to WASM (tiny-secp256k1), ~10x faster than pure
 * JS, because block validation checks every input's signature. Signing uses @noble/secp256k1
 * (wallet side, rare). Both are held to the BIP-340 vectors.
 */
export function verifySchnorr(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || message.length !== 32 || signature.length !== 64) return false;
  try {
    return wasm.verifySchnorr(message, publicKey, signature);
  } catch {
    // tiny-secp256k1 throws for a public key that is not on the curve: that is just invalid.
    return false;
  }
}

/** The pure-JS verifier, kept to cross-check the fast one. */
export function verifySchnorrReference(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return noble.schnorr.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

export function signSchnorr(secretKey: Uint8Array, message: Uint8Array, auxRandom?: Uint8Array): Uint8Array {
  return noble.schnorr.sign(message, secretKey, auxRandom);
}

export function schnorrPublicKey(secretKey: Uint8Array): Uint8Array {
  return noble.schnorr.getPublicKey(secretKey);
}
