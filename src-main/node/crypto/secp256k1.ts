import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as noble from '@noble/secp256k1';

// @noble/secp256k1 leaves its synchronous hash hooks to the caller; wire them to @noble/hashes once.
noble.hashes.sha256 = sha256;
noble.hashes.hmacSha256 = (key: Uint8Array, message: Uint8Array) => hmac(sha256, key, message);

/** noble secp256k1 with its hashes wired: the signer (wallet side) and the reference verifier. */
export { noble };
