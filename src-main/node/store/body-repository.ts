import type { Database, Statement } from 'better-sqlite3';
import { readTransaction, writeWireTransaction } from '../consensus/codec/tx-codec.ts';
import { transactionHash, transactionId } from '../consensus/hashing/tx-hash.ts';
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

/** A stored body's transactions, in block order. */
export function decodeTransactions(bytes: Uint8Array): Transaction[] {
  const r = new ByteReader(bytes);
  const count = r.count(1 << 20, 1, 'transaction');
  const transactions: Transaction[] = [];
  for (let i = 0; i < count; i++) transactions.push(readTransaction(r));
  r.expectEnd('block body');
  return transactions;
}

const blob = (hash: Uint8Array): Buffer => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength);

/** The transaction IDs of a body in block order, as the `transaction_blocks` rows key them. */
export function transactionIdBlobs(transactions: readonly Transaction[]): Buffer[] {
  return transactions.map((tx) => blob(transactionId(tx)));
}

/** Each transaction's hash and ID, in block order, as the `transaction_hashes` rows hold them. */
export function transactionHashRows(
  transactions: readonly Transaction[],
  ids: readonly Buffer[] = transactionIdBlobs(transactions),
): { hash: Buffer; id: Buffer }[] {
  return transactions.map((tx, i) => ({ hash: blob(transactionHash(tx)), id: ids[i] as Buffer }));
}

/**
 * The `block_bodies` table: each block's transactions. Where each transaction lives
 * (`transaction_blocks`) and which ID each transaction hash belongs to (`transaction_hashes`) are
 * written with the body, in the same SQLite transaction, so those lookups are never behind the bodies.
 */
export class BodyRepository extends StagedCache<BlockKey, readonly Transaction[]> {
  readonly #idOfHash: Statement<[Buffer], Buffer>;

  constructor(db: Database, capacity: number) {
    const select = db.prepare<[Buffer], Buffer>('SELECT transactions FROM block_bodies WHERE hash = ?').pluck();
    const insert = db.prepare('INSERT INTO block_bodies (hash, transactions) VALUES (?, ?)');
    const exists = db.prepare<[Buffer], number>('SELECT 1 FROM block_bodies WHERE hash = ?').pluck();
    // OR IGNORE: a body never holds a transaction twice (consensus refuses duplicates), but an
    // index row must not be what fails a block's commit.
    const insertLocation = db.prepare(
      'INSERT OR IGNORE INTO transaction_blocks (transaction_id, block, position) VALUES (?, ?, ?)',
    );
    // OR IGNORE: the same transaction in a second block has the same hash.
    const insertHash = db.prepare('INSERT OR IGNORE INTO transaction_hashes (hash, transaction_id) VALUES (?, ?)');
    super({
      capacity,
      exists: (hash) => exists.get(keyToBlob(hash)) !== undefined,
      load: (hash) => {
        const blob = select.get(keyToBlob(hash));
        return blob === undefined ? undefined : decodeTransactions(blob);
      },
      save: (hash, transactions) => {
        const block = keyToBlob(hash);
        insert.run(block, encodeTransactions(transactions));
        const ids = transactionIdBlobs(transactions);
        ids.forEach((id, position) => insertLocation.run(id, block, position));
        for (const { hash: txHash, id } of transactionHashRows(transactions, ids)) insertHash.run(txHash, id);
      },
    });
    this.#idOfHash = db
      .prepare<[Buffer], Buffer>('SELECT transaction_id FROM transaction_hashes WHERE hash = ?')
      .pluck();
  }

  /**
   * The ID (hex) of the stored transaction with this hash (32 bytes, hex); undefined if no
   * committed body holds one. Transactions staged for the next commit are not seen.
   */
  transactionIdOfHash(hash: string): string | undefined {
    return this.#idOfHash.get(Buffer.from(hash, 'hex'))?.toString('hex');
  }
}
