import type { Database } from 'better-sqlite3';
import type { GhostdagData, GhostdagStoreReader } from '../consensus/ghostdag/ghostdag-data.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { blueWorkBytes } from '../consensus/hashing/header-hash.ts';
import { blobToKey, blobToKeys, keysToBlob, keyToBlob } from './key-bytes.ts';
import { StoreError } from './migrations.ts';
import { StagedCache } from './staged-cache.ts';

interface GhostdagRow {
  selected_parent: Buffer;
  blue_score: number;
  blue_work: Buffer;
  mergeset_blues: Buffer;
  mergeset_reds: Buffer;
  blues_anticone_sizes: Buffer;
}

function encodeAnticoneSizes(data: GhostdagData): Buffer {
  const out = Buffer.alloc(4 * data.mergesetBlues.length);
  data.mergesetBlues.forEach((blue, i) => out.writeUInt32LE(data.bluesAnticoneSizes.get(blue) ?? 0, 4 * i));
  return out;
}

function decodeRow(row: GhostdagRow): GhostdagData {
  const mergesetBlues = blobToKeys(row.mergeset_blues);
  if (row.blues_anticone_sizes.length !== 4 * mergesetBlues.length) {
    throw new StoreError('CORRUPT', 'GHOSTDAG row has a wrong number of anticone sizes');
  }
  return {
    selectedParent: blobToKey(row.selected_parent),
    blueScore: row.blue_score,
    blueWork: row.blue_work.length === 0 ? 0n : BigInt(`0x${row.blue_work.toString('hex')}`),
    mergesetBlues,
    mergesetReds: blobToKeys(row.mergeset_reds),
    bluesAnticoneSizes: new Map(mergesetBlues.map((blue, i) => [blue, row.blues_anticone_sizes.readUInt32LE(4 * i)])),
  };
}

/** The `ghostdag` table: what GHOSTDAG computed for every block. */
export class GhostdagRepository extends StagedCache<BlockKey, GhostdagData> implements GhostdagStoreReader {
  constructor(db: Database, capacity: number) {
    const select = db.prepare<[Buffer], GhostdagRow>(
      `SELECT selected_parent, blue_score, blue_work, mergeset_blues, mergeset_reds, blues_anticone_sizes
       FROM ghostdag WHERE hash = ?`,
    );
    const insert = db.prepare(
      `INSERT INTO ghostdag (hash, selected_parent, blue_score, blue_work, mergeset_blues, mergeset_reds, blues_anticone_sizes)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    super({
      capacity,
      load: (hash) => {
        const row = select.get(keyToBlob(hash));
        return row === undefined ? undefined : decodeRow(row);
      },
      save: (hash, data) =>
        insert.run(
          keyToBlob(hash),
          keyToBlob(data.selectedParent),
          data.blueScore,
          blueWorkBytes(data.blueWork),
          keysToBlob(data.mergesetBlues),
          keysToBlob(data.mergesetReds),
          encodeAnticoneSizes(data),
        ),
    });
  }
  getGhostdag(block: BlockKey): GhostdagData {
    const data = this.get(block);
    if (data === undefined) throw new StoreError('MISSING', `no GHOSTDAG data for block ${block}`);
    return data;
  }
}
