import type { Database, Statement } from 'better-sqlite3';
import type { UtxoEntry } from '../consensus/model/transaction.ts';
import type { UtxoDiff } from '../consensus/utxo/utxo-diff.ts';
import { decodeUtxoEntry, type OutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { blobToKey } from '../store/key-bytes.ts';
import { scriptKeyHex } from './script-keys.ts';

/** An unspent output: its outpoint ("txidhex:index") and entry. */
export interface AddressUtxo {
  outpoint: OutpointKey;
  entry: UtxoEntry;
}

interface UtxoRow {
  outpoint: Buffer;
  entry: Buffer;
}

/**
 * The unspent outputs paying some scripts, as the virtual block sees them (the set new
 * transactions spend from): the stored set's rows for those scripts (utxo_set holds the sink's
 * past set, keyed by script in the same transaction as the entry), minus what the virtual's
 * mergeset spends, plus what it creates for them (the sink's own coinbase and transactions, and
 * those of other tips it merges).
 */
export class ScriptUtxos {
  readonly #select: Statement<[string], UtxoRow>;

  constructor(db: Database) {
    this.#select = db.prepare<[string], UtxoRow>(
      'SELECT outpoint, entry FROM utxo_set WHERE script IN (SELECT unhex(value) FROM json_each(?))',
    );
  }

  /** `scriptKeys` as utxoScriptKey hex; `virtualDiff` is consensus.virtualState().diff. */
  virtual(scriptKeys: readonly string[], virtualDiff: UtxoDiff): AddressUtxo[] {
    const utxos: AddressUtxo[] = [];
    for (const row of this.#select.iterate(JSON.stringify(scriptKeys))) {
      const outpoint = `${blobToKey(row.outpoint.subarray(0, 32))}:${row.outpoint.readUInt32LE(32)}`;
      if (!virtualDiff.toRemove.has(outpoint)) utxos.push({ outpoint, entry: decodeUtxoEntry(row.entry) });
    }
    const wanted = new Set(scriptKeys);
    for (const [outpoint, entry] of virtualDiff.toAdd) {
      if (wanted.has(scriptKeyHex(entry.scriptPublicKey))) utxos.push({ outpoint, entry });
    }
    return utxos;
  }
}
