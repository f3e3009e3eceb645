import type { Database, Statement } from 'better-sqlite3';
import type { ScriptPublicKey, UtxoEntry } from '../consensus/model/transaction.ts';
import type { UtxoDiff } from '../consensus/utxo/utxo-diff.ts';
import {
  decodeUtxoEntry,
  encodeUtxoEntry,
  type OutpointKey,
  parseOutpointKey,
} from '../consensus/utxo/utxo-serialization.ts';
import type { UtxoView } from '../consensus/utxo/utxo-view.ts';

/** The `utxo_set.outpoint` key: transaction ID, then the index as u32 little-endian. */
export function outpointBlob(key: OutpointKey): Buffer {
  const { transactionId, index } = parseOutpointKey(key);
  const blob = Buffer.alloc(36);
  blob.set(transactionId);
  blob.writeUInt32LE(index, 32);
  return blob;
}

/**
 * A stored entry's amount alone, without decoding the rest: an entry is the DAA score (u64 LE),
 * then the amount (u64 LE), then the rest (encodeUtxoEntry).
 */
export function storedUtxoAmount(entry: Buffer): bigint {
  return entry.readBigUInt64LE(8);
}

/**
 * The `utxo_set.script` column: the script version (u16 little-endian, as entries store it) then
 * the script bytes. Raw rather than hashed: standard scripts (34-35 bytes) are no longer than a
 * hash, nothing is hashed on the commit path, and a key read back still says what it pays.
 */
export function utxoScriptKey(scriptPublicKey: ScriptPublicKey): Buffer {
  const key = Buffer.allocUnsafe(2 + scriptPublicKey.script.length);
  key.writeUInt16LE(scriptPublicKey.version, 0);
  key.set(scriptPublicKey.script, 2);
  return key;
}

/**
 * The `utxo_set` table: the past UTXO set of one block (the sink). Changes are staged as a diff
 * and written with the block that caused them, each row with its script key, so the set indexed
 * by script is the set itself and cannot disagree with it.
 */
export class UtxoSetRepository implements UtxoView {
  readonly #select;
  readonly #insert;
  readonly #delete;
  readonly #byScript: Statement<[Buffer, Buffer], { outpoint: Buffer; entry: Buffer }>;
  #staged = new Map<OutpointKey, UtxoEntry | null>();

  constructor(db: Database) {
    this.#select = db.prepare<[Buffer], Buffer>('SELECT entry FROM utxo_set WHERE outpoint = ?').pluck();
    // utxo_set_by_script holds the outpoint (the table's key), so this seeks to `after` in the index.
    this.#byScript = db.prepare(
      'SELECT outpoint, entry FROM utxo_set WHERE script = ? AND outpoint > ? ORDER BY outpoint',
    );
    this.#insert = db.prepare('INSERT OR REPLACE INTO utxo_set (outpoint, script, entry) VALUES (?, ?, ?)');
    this.#delete = db.prepare('DELETE FROM utxo_set WHERE outpoint = ?');
  }

  /**
   * The committed rows paying one script (a utxoScriptKey), by outpoint key (outpointBlob, byte
   * order), strictly after `after`; read lazily, so a caller stops when it has enough.
   */
  *byScript(scriptKey: Buffer, after: Buffer = Buffer.alloc(0)): Generator<{ outpoint: Buffer; entry: Buffer }> {
    yield* this.#byScript.iterate(scriptKey, after);
  }

  get(key: OutpointKey): UtxoEntry | undefined {
    const staged = this.#staged.get(key);
    if (staged !== undefined) return staged ?? undefined;
    const blob = this.#select.get(outpointBlob(key));
    return blob === undefined ? undefined : decodeUtxoEntry(blob);
  }

  apply(diff: UtxoDiff): void {
    for (const key of diff.toRemove.keys()) this.#staged.set(key, null);
    for (const [key, entry] of diff.toAdd) this.#staged.set(key, entry);
  }

  flush(): void {
    for (const [key, entry] of this.#staged) {
      if (entry === null) this.#delete.run(outpointBlob(key));
      else this.#insert.run(outpointBlob(key), utxoScriptKey(entry.scriptPublicKey), encodeUtxoEntry(entry));
    }
  }

  commit(): void {
    this.#staged = new Map();
  }

  discard(): void {
    this.#staged = new Map();
  }
}
