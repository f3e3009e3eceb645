import { TX_LIMITS } from '../consensus/codec/tx-codec.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { utxoScriptKey } from '../store/utxo-set-repository.ts';
import { IndexError } from './index-error.ts';

/**
 * The store's keys (utxo_set.script, address_history.script) of the scripts a caller asks about,
 * as hex (for the SQL `json_each` lists), in the caller's order. Anything that is not a
 * ScriptPublicKey is refused here, before it reaches SQLite.
 */
export function scriptKeysOf(scripts: readonly ScriptPublicKey[]): string[] {
  if (!Array.isArray(scripts)) throw new IndexError('BAD_SCRIPT', 'scripts must be an array of ScriptPublicKey');
  return scripts.map((script, i) => scriptKeyHex(checkedScript(script, i)));
}

export function scriptKeyHex(script: ScriptPublicKey): string {
  return utxoScriptKey(script).toString('hex');
}

/** The hex of the script bytes alone (a key without its 2-byte version), as rows report it. */
export function scriptHexOfKey(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset + 2, key.byteLength - 2).toString('hex');
}

function checkedScript(script: unknown, i: number): ScriptPublicKey {
  const candidate = script as Partial<ScriptPublicKey> | null;
  const { version, script: bytes } = candidate ?? {};
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > 0xffff) {
    throw new IndexError('BAD_SCRIPT', `scripts[${i}]: the version must be an integer from 0 to 65535`);
  }
  if (!(bytes instanceof Uint8Array)) throw new IndexError('BAD_SCRIPT', `scripts[${i}]: script must be bytes`);
  if (bytes.length > TX_LIMITS.maxScriptPublicKeyLength) {
    throw new IndexError(
      'BAD_SCRIPT',
      `scripts[${i}]: a ${bytes.length}-byte script is longer than any output may carry (${TX_LIMITS.maxScriptPublicKeyLength})`,
    );
  }
  return { version, script: bytes };
}
