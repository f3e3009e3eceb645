import { verifyEcdsa } from '../../crypto/ecdsa.ts';
import { verifySchnorr } from '../../crypto/schnorr.ts';

/**
 * The signature checks the script engine delegates: each answers whether `signature` (64 bytes,
 * hash type already removed) signs the 32-byte `message` under `publicKey`. A malformed key or
 * signature is simply false; the engine itself tells those apart where consensus cares.
 *
 * The engine calls these synchronously. A worker pool can still parallelise: verify every
 * (key, message, signature) of a block in workers first, then run the engine with a verifier
 * that answers from those results.
 */
export interface SignatureVerifier {
  /** BIP-340 Schnorr, 32-byte x-only key (OP_CHECKSIG, OP_CHECKMULTISIG). */
  schnorr(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** ECDSA, 33-byte compressed key, compact low-S signature (OP_CHECKSIGECDSA, OP_CHECKMULTISIGECDSA). */
  ecdsa(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** libsecp256k1 in WASM, the fast path. */
export const defaultSignatureVerifier: SignatureVerifier = {
  schnorr: verifySchnorr,
  ecdsa: verifyEcdsa,
};
