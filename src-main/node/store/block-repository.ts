import type { Database, Statement } from 'better-sqlite3';
import type { WindowBlock } from '../consensus/daa/block-window.ts';
import { decodeHeader, encodeHeader } from '../consensus/codec/header-codec.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { keyOf } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import { blobToKey, keyToBlob } from './key-bytes.ts';
import { StagedCache } from './staged-cache.ts';

/** A header as consensus keeps it, with what validation derived for it. */
export interface BlockRecord {
  hash: BlockKey;
  header: BlockHeader;
  /** The block's level in the parents-by-level structure, from its proof of work. */
  level: number;
  /** The chain block beyond which the bounded-merge-depth rule forbids merging reds. */
  mergeDepthRoot: BlockKey;
  finalityPoint: BlockKey;
  /** Direct parents as keys, decoded once. */
  parents: readonly BlockKey[];
  /** Parents by level as keys. */
  parentsByLevel: readonly (readonly BlockKey[])[];
  /** What the DAA window reads of this block. */
  windowBlock: WindowBlock;
}

interface BlockRow {
  header: Buffer;
  level: number;
  merge_depth_root: Buffer;
  finality_point: Buffer;
}

export function blockRecord(
  hash: BlockKey,
  header: BlockHeader,
  derived: { level: number; mergeDepthRoot: BlockKey; finalityPoint: BlockKey },
): BlockRecord {
  const parentsByLevel = header.parents.map((level) => level.map(keyOf));
  return {
    hash,
    header,
    ...derived,
    parents: parentsByLevel[0] ?? [],
    parentsByLevel,
    windowBlock: { key: hash, blueWork: header.blueWork, timestamp: header.timestamp, bits: header.bits },
  };
}

/** Where a page of blocks by blue score stands: a block's blue score and its import order. */
export interface BlueScorePosition {
  blueScore: number;
  /** `blocks.id`: the import order, which breaks ties between blocks of one blue score. */
  importOrder: number;
}

/** The `blocks` and `block_parents` tables. */
export class BlockRepository extends StagedCache<BlockKey, BlockRecord> {
  readonly #pageAscending: Statement<[number, number, number], { hash: Buffer; blue_score: number; id: number }>;
  readonly #pageDescending: Statement<[number, number, number], { hash: Buffer; blue_score: number; id: number }>;

  constructor(db: Database, capacity: number) {
    const select = db.prepare<[Buffer], BlockRow>(
      'SELECT header, level, merge_depth_root, finality_point FROM blocks WHERE hash = ?',
    );
    const insert = db.prepare(
      `INSERT INTO blocks (hash, header, level, timestamp, daa_score, blue_score, merge_depth_root, finality_point)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertParent = db.prepare('INSERT INTO block_parents (child, position, parent) VALUES (?, ?, ?)');
    super({
      capacity,
      load: (hash) => {
        const row = select.get(keyToBlob(hash));
        if (row === undefined) return undefined;
        return blockRecord(hash, decodeHeader(row.header), {
          level: row.level,
          mergeDepthRoot: blobToKey(row.merge_depth_root),
          finalityPoint: blobToKey(row.finality_point),
        });
      },
      save: (hash, record) => {
        const { header } = record;
        const hashBlob = keyToBlob(hash);
        insert.run(
          hashBlob,
          encodeHeader(header),
          record.level,
          header.timestamp,
          header.daaScore,
          header.blueScore,
          keyToBlob(record.mergeDepthRoot),
          keyToBlob(record.finalityPoint),
        );
        record.parents.forEach((parent, position) => insertParent.run(hashBlob, position, keyToBlob(parent)));
      },
    });
    // Seeks through blocks_by_blue_score (which holds the id) past the last block seen: a page
    // costs its own rows, however deep it is.
    this.#pageAscending = db.prepare(
      `SELECT hash, blue_score, id FROM blocks WHERE (blue_score, id) > (?, ?)
       ORDER BY blue_score, id LIMIT ?`,
    );
    this.#pageDescending = db.prepare(
      `SELECT hash, blue_score, id FROM blocks WHERE (blue_score, id) < (?, ?)
       ORDER BY blue_score DESC, id DESC LIMIT ?`,
    );
  }

  /**
   * Up to `limit` committed blocks by blue score then import order, ascending or descending,
   * strictly after `after` (from the start without it).
   */
  pageByBlueScore(
    order: 'asc' | 'desc',
    after: BlueScorePosition | undefined,
    limit: number,
  ): (BlueScorePosition & { hash: BlockKey })[] {
    const [statement, start] =
      order === 'asc'
        ? [this.#pageAscending, after ?? { blueScore: -1, importOrder: -1 }]
        : [this.#pageDescending, after ?? { blueScore: Number.MAX_SAFE_INTEGER, importOrder: Number.MAX_SAFE_INTEGER }];
    return statement
      .all(start.blueScore, start.importOrder, limit)
      .map((row) => ({ hash: blobToKey(row.hash), blueScore: row.blue_score, importOrder: row.id }));
  }

  /** Adds a block; blocks are written once and never change. */
  add(record: BlockRecord): void {
    this.set(record.hash, record);
  }
}
