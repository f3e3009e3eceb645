import { utf8ToBytes } from '@noble/hashes/utils.js';
import { KeystoreError } from './errors.ts';

/** The payload is the wallet layer's data as JSON; only objects and arrays are accepted. */
export function encodeContents(contents: object): Uint8Array {
  let json: string | undefined;
  try {
    json = JSON.stringify(contents);
  } catch (error) {
    throw new KeystoreError('BAD_CONTENTS', 'The wallet contents cannot be saved as JSON.', { cause: error });
  }
  if (json === undefined || !(json.startsWith('{') || json.startsWith('['))) {
    throw new KeystoreError('BAD_CONTENTS', 'The wallet contents must be a JSON object.');
  }
  return utf8ToBytes(json);
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parses an authenticated payload. It is frozen, so a caller that edits it in place gets a
 * TypeError instead of a change that silently never reaches the file (use update()).
 */
export function decodeContents<T>(plaintext: Uint8Array, path: string): T {
  try {
    return deepFreeze(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as T);
  } catch {
    // No `cause`: JSON.parse's message quotes the text it choked on, which is secret.
    throw new KeystoreError('TAMPERED', `The wallet file ${path} holds contents that cannot be read.`);
  }
}
