import type { Database } from 'better-sqlite3';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { BlockAcceptance } from '../consensus/utxo/mergeset-acceptance.ts';
import { UtxoDiff } from '../consensus/utxo/utxo-diff.ts';
import { MuHash } from '../crypto/muhash.ts';
import { ByteReader } from '../encoding/byte-reader.ts';
import { ByteWriter } from '../encoding/byte-writer.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { keyToBlob } from './key-bytes.ts';
import { StoreError } from './migrations.ts';
import { StagedCache } from './staged-cache.ts';

/** A block's UTXO standing (kaspad StatusUTXOValid / StatusDisqualifiedFromChain). */
export type BlockUtxoState =
  | { status: 'valid'; diff: UtxoDiff; multiset: MuHash; acceptance: BlockAcceptance[] }
  | { status: 'disqualified'; reason: string };

const STATUS_VALID = 1;
const STATUS_DISQUALIFIED = 2;

interface BlockUtxoRow {
  status: number;
  diff: Buffer | null;
  multiset: Buffer | null;
  acceptance: Buffer | null;
  reason: string | null;
}

function encodeAcceptance(acceptance: readonly BlockAcceptance[]): Uint8Array {
  const w = new ByteWriter(256);
  w.u64(acceptance.length);
  for (const block of acceptance) {
    w.bytes(keyToBlob(block.block)).u64(block.transactions.length);
    for (const tx of block.transactions)
      w.bytes(tx.id)
        .u8(tx.accepted ? 1 : 0)
        .u64(tx.fee);
  }
  return w.finish();
}

function decodeAcceptance(bytes: Uint8Array): BlockAcceptance[] {
  const r = new ByteReader(bytes);
  const blocks = r.count(1 << 16, 40, 'acceptance block');
  const acceptance: BlockAcceptance[] = [];
  for (let b = 0; b < blocks; b++) {
    const block = bytesToHex(r.bytes(32, 'block hash'));
    const count = r.count(1 << 20, 41, 'acceptance transaction');
    const transactions = [];
    for (let t = 0; t < count; t++) {
      transactions.push({ id: r.bytes(32, 'transaction ID'), accepted: r.u8('accepted') === 1, fee: r.u64('fee') });
    }
    acceptance.push({ block, transactions });
  }
  r.expectEnd('acceptance data');
  return acceptance;
}

function decodeRow(row: BlockUtxoRow): BlockUtxoState {
  if (row.status === STATUS_DISQUALIFIED) return { status: 'disqualified', reason: row.reason ?? '' };
  if (row.status !== STATUS_VALID || !row.diff || !row.multiset || !row.acceptance) {
    throw new StoreError('CORRUPT', `block UTXO row has status ${row.status} or misses its data`);
  }
  return {
    status: 'valid',
    diff: UtxoDiff.decode(row.diff),
    multiset: MuHash.deserialize(row.multiset),
    acceptance: decodeAcceptance(row.acceptance),
  };
}

/** The `block_utxo` table. */
export class BlockUtxoRepository extends StagedCache<BlockKey, BlockUtxoState> {
  constructor(db: Database, capacity: number) {
    const select = db.prepare<[Buffer], BlockUtxoRow>(
      'SELECT status, diff, multiset, acceptance, reason FROM block_utxo WHERE hash = ?',
    );
    const insert = db.prepare(
      'INSERT INTO block_utxo (hash, status, diff, multiset, acceptance, reason) VALUES (?, ?, ?, ?, ?, ?)',
    );
    super({
      capacity,
      load: (hash) => {
        const row = select.get(keyToBlob(hash));
        return row === undefined ? undefined : decodeRow(row);
      },
      save: (hash, state) =>
        state.status === 'valid'
          ? insert.run(
              keyToBlob(hash),
              STATUS_VALID,
              state.diff.encode(),
              state.multiset.serialize(),
              encodeAcceptance(state.acceptance),
              null,
            )
          : insert.run(keyToBlob(hash), STATUS_DISQUALIFIED, null, null, null, state.reason),
    });
  }
}
