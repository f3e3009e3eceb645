import type { Database, Statement } from 'better-sqlite3';
import { type BlockKey, ORIGIN } from '../consensus/model/block-key.ts';
import type { Hash } from '../consensus/model/hash.ts';
import { blobToKey, keyToBlob } from '../store/key-bytes.ts';

/** How the chain block that merged a block colored it. */
export type MergeColor = 'blue' | 'red';

/** Which chain block merged a block: the first chain block whose past holds it (itself for a chain block). */
export interface BlockMerge {
  mergedBy: BlockKey;
  mergedByBlueScore: number;
  color: MergeColor;
}

/** A block holding a transaction, and the transaction's index in that block's body. */
export interface TransactionLocation {
  block: BlockKey;
  position: number;
}

/** The chain block that accepted a transaction. */
export interface TransactionAcceptance {
  acceptingBlock: BlockKey;
  acceptingBlueScore: number;
  /** The transaction's place in the accepting block's acceptance order. */
  acceptanceIndex: number;
}

/** One block of a DAG view, everything read in one query. */
export interface DagBlockRow {
  hash: BlockKey;
  daaScore: number;
  blueScore: number;
  timestamp: number;
  /** Direct parents (level 0), in header order. */
  parents: BlockKey[];
  /** Null for genesis. */
  selectedParent: BlockKey | null;
  /** Undefined while no chain block merged it (yet). */
  merge: BlockMerge | undefined;
  /** Transactions in its body; null while only its header is stored. */
  transactionCount: number | null;
}

/** What one chain block adds to the index. */
export interface ChainBlockRows {
  block: BlockKey;
  blueScore: number;
  /** The block itself (blue), then the rest of its mergeset, its selected parent excluded. */
  merged: readonly { block: BlockKey; isRed: boolean }[];
  /** The transactions it accepted, in acceptance order. */
  accepted: readonly Hash[];
}

interface MergeRow {
  chain_blue_score: number;
  is_red: number;
  merged_by: Buffer;
}

interface DagRow {
  hash: Buffer;
  daa_score: number;
  blue_score: number;
  timestamp: number;
  selected_parent: Buffer;
  parents: string | null;
  chain_blue_score: number | null;
  is_red: number | null;
  merged_by: Buffer | null;
  has_body: number;
  transaction_count: number;
}

const HASH_HEX = 64;
const hashBlob = (hash: Uint8Array): Buffer => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength);

function mergeOf(chainBlueScore: number, isRed: number, mergedBy: Buffer): BlockMerge {
  return { mergedBy: blobToKey(mergedBy), mergedByBlueScore: chainBlueScore, color: isRed ? 'red' : 'blue' };
}

/**
 * The transaction index's tables: `transaction_blocks` (written with each body by the store) and
 * `selected_chain`, `chain_mergesets`, `transaction_acceptance` with `transaction_index_tip`,
 * which always hold exactly the chain blocks from genesis up to the tip, because every change to
 * them and the tip that goes with it are written in one transaction.
 */
export class TransactionIndexRepository {
  readonly #selectTip: Statement<[], Buffer>;
  readonly #write: (rollBackAbove: number | undefined, blocks: readonly ChainBlockRows[], tip: BlockKey) => void;
  readonly #locations: Statement<[Buffer], { block: Buffer; position: number }>;
  readonly #idsOf: Statement<[Buffer], Buffer>;
  readonly #acceptance: Statement<[Buffer], { blue_score: number; position: number; block: Buffer }>;
  readonly #merge: Statement<[Buffer], MergeRow>;
  readonly #chainBlock: Statement<[number], Buffer>;
  readonly #children: Statement<[Buffer], Buffer>;
  readonly #recent: Statement<[number], DagRow>;

  constructor(db: Database) {
    this.#selectTip = db.prepare<[], Buffer>('SELECT block FROM transaction_index_tip WHERE id = 0').pluck();
    const upsertTip = db.prepare(
      'INSERT INTO transaction_index_tip (id, block) VALUES (0, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block',
    );
    const deleteChain = db.prepare('DELETE FROM selected_chain WHERE blue_score > ?');
    const deleteMerges = db.prepare('DELETE FROM chain_mergesets WHERE chain_blue_score > ?');
    const deleteAcceptance = db.prepare('DELETE FROM transaction_acceptance WHERE blue_score > ?');
    const insertChain = db.prepare('INSERT INTO selected_chain (blue_score, block) VALUES (?, ?)');
    const insertMerge = db.prepare('INSERT INTO chain_mergesets (block, chain_blue_score, is_red) VALUES (?, ?, ?)');
    const insertAcceptance = db.prepare(
      'INSERT INTO transaction_acceptance (transaction_id, blue_score, position) VALUES (?, ?, ?)',
    );
    this.#write = db.transaction(
      (rollBackAbove: number | undefined, blocks: readonly ChainBlockRows[], tip: BlockKey) => {
        if (rollBackAbove !== undefined) {
          deleteChain.run(rollBackAbove);
          deleteMerges.run(rollBackAbove);
          deleteAcceptance.run(rollBackAbove);
        }
        for (const { block, blueScore, merged, accepted } of blocks) {
          insertChain.run(blueScore, keyToBlob(block));
          for (const { block: mergedBlock, isRed } of merged)
            insertMerge.run(keyToBlob(mergedBlock), blueScore, isRed ? 1 : 0);
          accepted.forEach((id, position) => insertAcceptance.run(hashBlob(id), blueScore, position));
        }
        upsertTip.run(keyToBlob(tip));
      },
    );
    this.#locations = db.prepare(
      `SELECT t.block, t.position FROM transaction_blocks AS t JOIN blocks AS b ON b.hash = t.block
       WHERE t.transaction_id = ? ORDER BY b.daa_score, t.block`,
    );
    this.#idsOf = db
      .prepare<[Buffer], Buffer>('SELECT transaction_id FROM transaction_blocks WHERE block = ? ORDER BY position')
      .pluck();
    this.#acceptance = db.prepare(
      `SELECT a.blue_score, a.position, c.block FROM transaction_acceptance AS a
       JOIN selected_chain AS c ON c.blue_score = a.blue_score
       WHERE a.transaction_id = ? ORDER BY a.blue_score LIMIT 1`,
    );
    this.#merge = db.prepare(
      `SELECT m.chain_blue_score, m.is_red, c.block AS merged_by FROM chain_mergesets AS m
       JOIN selected_chain AS c ON c.blue_score = m.chain_blue_score WHERE m.block = ?`,
    );
    this.#chainBlock = db.prepare<[number], Buffer>('SELECT block FROM selected_chain WHERE blue_score = ?').pluck();
    this.#children = db
      .prepare<[Buffer], Buffer>(
        `SELECT p.child FROM block_parents AS p JOIN blocks AS b ON b.hash = p.child
         WHERE p.parent = ? ORDER BY b.daa_score, p.child`,
      )
      .pluck();
    // The newest blocks through the DAA-score index, then for each a few primary-key lookups:
    // its GHOSTDAG row, its parents, which chain block merged it, its transaction count.
    this.#recent = db.prepare(
      `SELECT b.hash, b.daa_score, b.blue_score, b.timestamp, g.selected_parent,
              (SELECT group_concat(hex(p.parent), '' ORDER BY p.position) FROM block_parents AS p
               WHERE p.child = b.hash) AS parents,
              m.chain_blue_score, m.is_red, c.block AS merged_by,
              b.transaction_count,
              -- Every body but a test genesis's holds a coinbase: the bodies table (wide rows) is
              -- only asked about blocks without transaction rows.
              CASE WHEN b.transaction_count > 0 THEN 1
                   ELSE EXISTS (SELECT 1 FROM block_bodies AS body WHERE body.hash = b.hash) END AS has_body
       FROM (SELECT id, hash, daa_score, blue_score, timestamp,
                    (SELECT count(*) FROM transaction_blocks AS t WHERE t.block = blocks.hash) AS transaction_count
             FROM blocks ORDER BY daa_score DESC, id DESC LIMIT ?) AS b
       JOIN ghostdag AS g ON g.hash = b.hash
       LEFT JOIN chain_mergesets AS m ON m.block = b.hash
       LEFT JOIN selected_chain AS c ON c.blue_score = m.chain_blue_score
       ORDER BY b.daa_score DESC, b.id DESC`,
    );
  }

  /** The chain block the chain tables are complete up to; undefined before anything was indexed. */
  tip(): BlockKey | undefined {
    const blob = this.#selectTip.get();
    return blob === undefined ? undefined : blobToKey(blob);
  }

  /**
   * In one transaction: drops the rows of chain blocks above blue score `rollBackAbove` (the
   * blocks that left the chain; -1 drops everything), adds those of `blocks` (oldest first) and
   * records `tip`.
   */
  write(rollBackAbove: number | undefined, blocks: readonly ChainBlockRows[], tip: BlockKey): void {
    this.#write(rollBackAbove, blocks, tip);
  }

  /** The blocks whose bodies hold the transaction, oldest (by DAA score) first. */
  locations(transactionId: Buffer): TransactionLocation[] {
    return this.#locations.all(transactionId).map((row) => ({ block: blobToKey(row.block), position: row.position }));
  }

  /** The IDs (hex) of a stored body's transactions in block order; empty for a block without a body. */
  transactionIdsOf(block: BlockKey): string[] {
    return this.#idsOf.all(keyToBlob(block)).map((id) => id.toString('hex'));
  }

  acceptance(transactionId: Buffer): TransactionAcceptance | undefined {
    const row = this.#acceptance.get(transactionId);
    return (
      row && { acceptingBlock: blobToKey(row.block), acceptingBlueScore: row.blue_score, acceptanceIndex: row.position }
    );
  }

  merge(block: BlockKey): BlockMerge | undefined {
    const row = this.#merge.get(keyToBlob(block));
    return row && mergeOf(row.chain_blue_score, row.is_red, row.merged_by);
  }

  chainBlock(blueScore: number): BlockKey | undefined {
    const blob = this.#chainBlock.get(blueScore);
    return blob === undefined ? undefined : blobToKey(blob);
  }

  children(block: BlockKey): BlockKey[] {
    return this.#children.all(keyToBlob(block)).map(blobToKey);
  }

  /** The `limit` blocks with the highest DAA scores (ties: the later imported first), newest first. */
  recent(limit: number): DagBlockRow[] {
    return this.#recent.all(limit).map((row) => {
      const parentsHex = (row.parents ?? '').toLowerCase();
      const parents: BlockKey[] = [];
      for (let i = 0; i < parentsHex.length; i += HASH_HEX) parents.push(parentsHex.slice(i, i + HASH_HEX));
      const selectedParent = blobToKey(row.selected_parent);
      return {
        hash: blobToKey(row.hash),
        daaScore: row.daa_score,
        blueScore: row.blue_score,
        timestamp: row.timestamp,
        parents,
        selectedParent: selectedParent === ORIGIN ? null : selectedParent,
        merge:
          row.chain_blue_score === null || row.merged_by === null
            ? undefined
            : mergeOf(row.chain_blue_score, row.is_red ?? 0, row.merged_by),
        transactionCount: row.has_body ? row.transaction_count : null,
      };
    });
  }
}
