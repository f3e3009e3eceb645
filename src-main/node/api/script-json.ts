import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { ApiError } from './api-error.ts';

/** Longest script the API accepts (kaspad's MaxScriptPublicKeyLength-scale bound, far above any standard script). */
const MAX_SCRIPT_BYTES = 10_000;

/** Kaspa RPC's script text: the version as 4 hex digits (big-endian u16), then the script bytes. */
export function scriptToJson(spk: ScriptPublicKey): string {
  return spk.version.toString(16).padStart(4, '0') + bytesToHex(spk.script);
}

export function scriptFromJson(text: unknown, field = 'script'): ScriptPublicKey {
  if (typeof text !== 'string' || text.length < 4 || text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) {
    throw new ApiError('BAD_PARAMS', `${field} must be lowercase hex: a 2-byte version then the script`);
  }
  if (text.length > 4 + 2 * MAX_SCRIPT_BYTES) throw new ApiError('BAD_PARAMS', `${field} is too long`);
  return { version: Number.parseInt(text.slice(0, 4), 16), script: hexToBytes(text.slice(4)) };
}
