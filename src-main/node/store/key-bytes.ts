import type { BlockKey } from '../consensus/model/block-key.ts';
import { HASH_SIZE } from '../consensus/model/hash.ts';
import { StoreError } from './migrations.ts';

/** A block key as the 32-byte BLOB the tables hold. */
export function keyToBlob(key: BlockKey): Buffer {
  return Buffer.from(key, 'hex');
}

export function blobToKey(blob: Uint8Array): BlockKey {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('hex');
}

/** Block keys packed back to back, 32 bytes each, for list columns. */
export function keysToBlob(keys: readonly BlockKey[]): Buffer {
  return Buffer.from(keys.join(''), 'hex');
}

export function blobToKeys(blob: Uint8Array): BlockKey[] {
  if (blob.byteLength % HASH_SIZE !== 0) {
    throw new StoreError('CORRUPT', `a hash list of ${blob.byteLength} bytes is not whole hashes`);
  }
  const hex = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('hex');
  const keys: BlockKey[] = [];
  for (let i = 0; i < hex.length; i += 2 * HASH_SIZE) keys.push(hex.slice(i, i + 2 * HASH_SIZE));
  return keys;
}
