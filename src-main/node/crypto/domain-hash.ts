import { blake2b } from '@noble/hashes/blake2.js';

/**
 * Kaspa's domain-separated hashes: BLAKE2b with a 32-byte digest, keyed with the ASCII name of
 * the domain (rusty-kaspa crypto/hashes hashers.rs). A block hash can never collide with a
 * transaction hash because the keys differ.
 */
export const HashDomain = {
  TransactionHash: 'TransactionHash',
  TransactionID: 'TransactionID',
  TransactionSigningHash: 'TransactionSigningHash',
  BlockHash: 'BlockHash',
  ProofOfWorkHash: 'ProofOfWorkHash',
  MerkleBranchHash: 'MerkleBranchHash',
  MuHashElement: 'MuHashElement',
  MuHashFinalize: 'MuHashFinalize',
} as const;
export type HashDomain = (typeof HashDomain)[keyof typeof HashDomain];

const domainKeys = new Map<string, Uint8Array>();

function keyOf(domain: HashDomain): Uint8Array {
  let key = domainKeys.get(domain);
  if (!key) {
    key = new TextEncoder().encode(domain);
    domainKeys.set(domain, key);
  }
  return key;
}

export function domainHash(domain: HashDomain, data: Uint8Array): Uint8Array {
  return blake2b(data, { key: keyOf(domain), dkLen: 32 });
}

/** An incremental hasher for a domain, for preimages written in pieces. */
export function domainHasher(domain: HashDomain) {
  return blake2b.create({ key: keyOf(domain), dkLen: 32 });
}

/** Unkeyed BLAKE2b-256: the P2SH redeem-script hash and OP_BLAKE2B. */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 });
}
