import type { Database } from 'better-sqlite3';
import { readTransaction, writeWireTransaction } from '../consensus/codec/tx-codec.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { ByteReader } from '../encoding/byte-reader.ts';
import { ByteWriter } from '../encoding/byte-writer.ts';
import { keyToBlob } from './key-bytes.ts';
import { StagedCache } from './staged-cache.ts';

function encodeTransactions(transactions: readonly Transaction[]): Uint8Array {
  const w = new ByteWriter(1024);
  w.u64(transactions.length);
  for (const tx of transactions) writeWireTransaction(w, tx);
  return w.finish();
}

function decodeTransactions(bytes: Uint8Array): Transaction[] {
  const r = new ByteReader(bytes);
  const count = r.count(1 << 20, 1, 'transaction');
  const transactions: Transaction[] = [];
  for (let i = 0; i < count; i++) transactions.push(readTransaction(r));
  r.expectEnd('block body');
  return transactions;
}

/** The `block_bodies` table: each block's transactions. */
export class BodyRepository extends StagedCache<BlockKey, readonly Transaction[]> {
  constructor(db: Database, capacity: number) {
    const select = db.prepare<[Buffer], Buffer>('SELECT transactions FROM block_bodies WHERE hash = ?').pluck();
    const insert = db.prepare('INSERT INTO block_bodies (hash, transactions) VALUES (?, ?)');
    const exists = db.prepare<[Buffer], number>('SELECT 1 FROM block_bodies WHERE hash = ?').pluck();
    super({
      capacity,
      exists: (hash) => exists.get(keyToBlob(hash)) !== undefined,
      load: (hash) => {
        const blob = select.get(keyToBlob(hash));
        return blob === undefined ? undefined : decodeTransactions(blob);
      },
      save: (hash, transactions) => insert.run(keyToBlob(hash), encodeTransactions(transactions)),
    });
  }
}
