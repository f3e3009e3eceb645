import { bytesToHex } from '../../encoding/hex.ts';
import { defaultSignatureVerifier, type SignatureVerifier } from './signature-verifier.ts';

/**
 * A verifier that remembers the signatures it found valid (kaspad txscript SigCache): a
 * transaction is checked once when its block arrives and again when a later block accepts it,
 * and parallel miners put the same transaction in sibling blocks. Only valid results are kept,
 * so a cached entry can never turn an invalid signature valid; the oldest half is dropped when
 * full.
 */
export function cachingVerifier(
  inner: SignatureVerifier = defaultSignatureVerifier,
  capacity = 50_000,
): SignatureVerifier {
  let young = new Set<string>();
  let old = new Set<string>();
  const check = (
    scheme: string,
    verify: (k: Uint8Array, m: Uint8Array, s: Uint8Array) => boolean,
  ): ((k: Uint8Array, m: Uint8Array, s: Uint8Array) => boolean) => {
    return (publicKey, message, signature) => {
      const key = `${scheme}${bytesToHex(publicKey)}${bytesToHex(message)}${bytesToHex(signature)}`;
      if (young.has(key) || old.has(key)) return true;
      if (!verify(publicKey, message, signature)) return false;
      young.add(key);
      if (young.size >= capacity / 2) {
        old = young;
        young = new Set();
      }
      return true;
    };
  };
  return { schnorr: check('s', inner.schnorr), ecdsa: check('e', inner.ecdsa) };
}
