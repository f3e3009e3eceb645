import type { Database, Statement } from 'better-sqlite3';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { blobToKey, keyToBlob } from '../store/key-bytes.ts';
import type { HistoryEntry } from './history-rows.ts';
import { scriptHexOfKey } from './script-keys.ts';

/** One transaction's effect on one script, as the wallet and the explorer show it. */
export interface AddressHistoryRow {
  /** Hex of the script bytes (without the script version). */
  scriptHex: string;
  /** The script's version (0 for every standard script). */
  scriptVersion: number;
  transactionId: string;
  /** The chain block that accepted the transaction. */
  acceptingBlock: string;
  /** Its blue score, which confirmations are counted from. */
  acceptingBlueScore: number;
  /** The transaction's place in the accepting block's acceptance order (0 = the coinbase). */
  acceptanceIndex: number;
  /** Milliseconds, from the accepting block's header. */
  timestamp: number;
  received: bigint;
  sent: bigint;
  /** The whole transaction's fee (zero for a coinbase). */
  fee: bigint;
  isCoinbase: boolean;
}

/** Where a page of history starts: strictly older than this transaction (pass the last row seen). */
export type AddressHistoryCursor = Pick<AddressHistoryRow, 'acceptingBlueScore' | 'acceptanceIndex'>;

/** What one chain block adds to the history. */
export interface ChainBlockHistory {
  block: BlockKey;
  blueScore: number;
  entries: readonly HistoryEntry[];
}

interface HistoryRowData {
  script: Buffer;
  transaction_id: Buffer;
  accepting_block: Buffer;
  blue_score: bigint;
  position: bigint;
  timestamp: bigint;
  received: bigint;
  sent: bigint;
  fee: bigint;
  is_coinbase: bigint;
}

const hashBlob = (hash: Uint8Array): Buffer => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength);

/**
 * The `address_history` and `address_index_tip` tables. The rows are always exactly those of the
 * chain blocks from genesis up to the tip, because every change to the rows and the tip that
 * goes with it are written in one transaction.
 */
export class HistoryRepository {
  readonly #selectTip: Statement<[], Buffer>;
  readonly #write: (rollBackAbove: number | undefined, blocks: readonly ChainBlockHistory[], tip: BlockKey) => void;
  readonly #page: Statement<[Buffer, number, number, number], HistoryRowData>;
  readonly #used: Statement<[string], string>;
  readonly #count: Statement<[string], number>;

  constructor(db: Database) {
    this.#selectTip = db.prepare<[], Buffer>('SELECT block FROM address_index_tip WHERE id = 0').pluck();
    const upsertTip = db.prepare(
      'INSERT INTO address_index_tip (id, block) VALUES (0, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block',
    );
    const deleteAbove = db.prepare('DELETE FROM address_history WHERE blue_score > ?');
    const insert = db.prepare(
      `INSERT INTO address_history
         (blue_score, position, script, accepting_block, transaction_id, received, sent, fee, is_coinbase)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#write = db.transaction((rollBackAbove, blocks, tip) => {
      if (rollBackAbove !== undefined) deleteAbove.run(rollBackAbove);
      for (const { block, blueScore, entries } of blocks) {
        const blockBlob = keyToBlob(block);
        for (const entry of entries) {
          insert.run(
            blueScore,
            entry.position,
            entry.script,
            blockBlob,
            hashBlob(entry.transactionId),
            entry.received,
            entry.sent,
            entry.fee,
            entry.isCoinbase ? 1 : 0,
          );
        }
      }
      upsertTip.run(keyToBlob(tip));
    });
    // The timestamp is read from the block itself rather than copied into each row. One script at a
    // time, so the index is walked newest first and stops at the limit instead of sorting it all.
    this.#page = db
      .prepare<[Buffer, number, number, number], HistoryRowData>(
        `SELECT h.script, h.transaction_id, h.accepting_block, h.blue_score, h.position, b.timestamp,
                h.received, h.sent, h.fee, h.is_coinbase
         FROM address_history AS h JOIN blocks AS b ON b.hash = h.accepting_block
         WHERE h.script = ? AND (h.blue_score, h.position) < (?, ?)
         ORDER BY h.blue_score DESC, h.position DESC
         LIMIT ?`,
      )
      .safeIntegers(true);
    this.#used = db
      .prepare<[string], string>(
        `SELECT value FROM json_each(?)
         WHERE EXISTS (SELECT 1 FROM address_history WHERE script = unhex(value))`,
      )
      .pluck();
    // A transaction has one row per script it touches: count the distinct (block, position) pairs.
    this.#count = db
      .prepare<[string], number>(
        `SELECT count(*) FROM (SELECT DISTINCT blue_score, position FROM address_history
         WHERE script IN (SELECT unhex(value) FROM json_each(?)))`,
      )
      .pluck();
  }

  /** The chain block the rows are complete up to; undefined before anything was indexed. */
  tip(): BlockKey | undefined {
    const blob = this.#selectTip.get();
    return blob === undefined ? undefined : blobToKey(blob);
  }

  /**
   * In one transaction: drops the rows of chain blocks above blue score `rollBackAbove` (the
   * blocks that left the chain), adds those of `blocks` (oldest first) and records `tip`.
   */
  write(rollBackAbove: number | undefined, blocks: readonly ChainBlockHistory[], tip: BlockKey): void {
    this.#write(rollBackAbove, blocks, tip);
  }

  /**
   * Newest first: the rows of the `limit` most recent transactions touching any of the scripts
   * (utxoScriptKey hex), older than `before`. A transaction's rows are never split across pages.
   * A transaction has at most one row per script, so each script's newest `limit` rows hold every
   * row of the page.
   */
  page(scriptKeys: readonly string[], limit: number, before: AddressHistoryCursor | undefined): AddressHistoryRow[] {
    const start = before ?? { acceptingBlueScore: Number.MAX_SAFE_INTEGER, acceptanceIndex: 0 };
    const perScript = Number.isFinite(limit) ? limit : -1;
    const found = [...new Set(scriptKeys)].flatMap((key) =>
      this.#page.all(Buffer.from(key, 'hex'), start.acceptingBlueScore, start.acceptanceIndex, perScript),
    );
    found.sort(
      (x, y) =>
        Number(y.blue_score - x.blue_score) || Number(y.position - x.position) || Buffer.compare(x.script, y.script),
    );
    const rows: AddressHistoryRow[] = [];
    let transactions = 0;
    let last: HistoryRowData | undefined;
    for (const data of found) {
      if (last?.blue_score !== data.blue_score || last.position !== data.position) {
        if (transactions === limit) break;
        transactions++;
        last = data;
      }
      rows.push(toRow(data));
    }
    return rows;
  }

  /** How many transactions touch any of the scripts (utxoScriptKey hex). */
  count(scriptKeys: readonly string[]): number {
    return this.#count.get(JSON.stringify(scriptKeys)) as number;
  }

  /** Which of the scripts (utxoScriptKey hex) have at least one row. */
  used(scriptKeys: readonly string[]): Set<string> {
    return new Set(this.#used.all(JSON.stringify(scriptKeys)));
  }
}

function toRow(data: HistoryRowData): AddressHistoryRow {
  return {
    scriptHex: scriptHexOfKey(data.script),
    scriptVersion: data.script.readUInt16LE(0),
    transactionId: data.transaction_id.toString('hex'),
    acceptingBlock: blobToKey(data.accepting_block),
    acceptingBlueScore: Number(data.blue_score),
    acceptanceIndex: Number(data.position),
    timestamp: Number(data.timestamp),
    received: data.received,
    sent: data.sent,
    fee: data.fee,
    isCoinbase: data.is_coinbase === 1n,
  };
}
