import { isStandardSigHashType } from '../hashing/sighash.ts';
import type { Hash } from '../model/hash.ts';
import { ScriptError } from './script-error.ts';
import type { SignatureContext } from './signature-context.ts';
import { isParsableEcdsaPublicKey, isParsableEcdsaSignature, isParsableSchnorrPublicKey } from './signature-parsing.ts';

/** What differs between the Schnorr and the ECDSA signature opcodes. */
export interface SignatureScheme {
  /** 32 (x-only) for Schnorr, 33 (compressed) for ECDSA; any other length is PUBKEY_FORMAT. */
  readonly publicKeyLength: number;
  message(context: SignatureContext, hashType: number): Hash;
  verify(context: SignatureContext, publicKey: Uint8Array, message: Hash, signature: Uint8Array): boolean;
  isParsablePublicKey(publicKey: Uint8Array): boolean;
  isParsableSignature(signature: Uint8Array): boolean;
}

export const SCHNORR: SignatureScheme = {
  publicKeyLength: 32,
  message: (context, hashType) => context.schnorrMessage(hashType),
  verify: (context, publicKey, message, signature) => context.verifier.schnorr(publicKey, message, signature),
  isParsablePublicKey: isParsableSchnorrPublicKey,
  // go-secp256k1 takes any 64 bytes as a Schnorr signature.
  isParsableSignature: () => true,
};

export const ECDSA: SignatureScheme = {
  publicKeyLength: 33,
  message: (context, hashType) => context.ecdsaMessage(hashType),
  verify: (context, publicKey, message, signature) => context.verifier.ecdsa(publicKey, message, signature),
  isParsablePublicKey: isParsableEcdsaPublicKey,
  isParsableSignature: isParsableEcdsaSignature,
};

const SIGNATURE_LENGTH = 64;

/**
 * Splits a non-empty stack signature into its 64-byte signature and trailing hash-type byte,
 * refusing a non-standard hash type (INVALID_SIG_HASH_TYPE) first and a wrong length (SIG_LENGTH)
 * second, in kaspad's order.
 */
export function splitSignature(fullSignature: Uint8Array): { signature: Uint8Array; hashType: number } {
  const hashType = fullSignature[fullSignature.length - 1] as number;
  if (!isStandardSigHashType(hashType)) {
    throw new ScriptError('INVALID_SIG_HASH_TYPE', `invalid hash type 0x${hashType.toString(16)}`);
  }
  const signature = fullSignature.subarray(0, -1);
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new ScriptError('SIG_LENGTH', `invalid signature length ${signature.length}`);
  }
  return { signature, hashType };
}

export function checkPublicKeyFormat(scheme: SignatureScheme, publicKey: Uint8Array): void {
  if (publicKey.length !== scheme.publicKeyLength) {
    throw new ScriptError('PUBKEY_FORMAT', `unsupported public key of ${publicKey.length} bytes`);
  }
}
