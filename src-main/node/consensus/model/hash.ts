/** A 32-byte hash in storage order (Kaspa never byte-reverses hashes). */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;
export const ZERO_HASH: Hash = new Uint8Array(HASH_SIZE);
