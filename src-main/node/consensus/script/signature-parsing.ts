import { isPoint, isXOnlyPoint } from 'tiny-secp256k1';

/**
 * Whether kaspad's go-secp256k1 could even parse a key or signature. It matters because kaspad
 * treats an unparsable one as a plain failed check (false on the stack, never NULLFAIL) while a
 * parsed one that does not verify is NULLFAIL. These call the same libsecp256k1 parsers, via
 * tiny-secp256k1, and are only consulted after a verification has failed.
 */

/** secp256k1_xonly_pubkey_parse: x below the field size and on the curve. */
export function isParsableSchnorrPublicKey(publicKey: Uint8Array): boolean {
  return publicKey.length === 32 && isXOnlyPoint(publicKey);
}

/** secp256k1_ec_pubkey_parse of 33 bytes: prefix 0x02/0x03 and x on the curve. */
export function isParsableEcdsaPublicKey(publicKey: Uint8Array): boolean {
  return publicKey.length === 33 && isPoint(publicKey);
}

const CURVE_ORDER = Uint8Array.from(
  Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'),
);

function isBelowCurveOrder(scalar: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const d = (scalar[i] as number) - (CURVE_ORDER[i] as number);
    if (d !== 0) return d < 0;
  }
  return false;
}

/** secp256k1_ecdsa_signature_parse_compact: r and s each below the curve order (zero parses). */
export function isParsableEcdsaSignature(signature: Uint8Array): boolean {
  return (
    signature.length === 64 && isBelowCurveOrder(signature.subarray(0, 32)) && isBelowCurveOrder(signature.subarray(32))
  );
}
