import { decodeUtxoEntry } from '../consensus/utxo/utxo-serialization.ts';
import { decodeTransactions, transactionHashRows, transactionIdBlobs } from './body-repository.ts';
import type { Migration } from './migrations.ts';
import { utxoScriptKey } from './utxo-set-repository.ts';

/**
 * The consensus tables. Hashes are 32-byte BLOBs; a block's row in `blocks` is written in the
 * same transaction as its GHOSTDAG and reachability rows, so a reader never sees half a block.
 * `blocks.id` is the import order, which the explorer pages by and a resumed import continues.
 */
export const CONSENSUS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'headers, parents, GHOSTDAG, reachability, tips and metadata',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value BLOB NOT NULL
        ) STRICT;

        CREATE TABLE blocks (
          id INTEGER PRIMARY KEY,
          hash BLOB NOT NULL UNIQUE,
          header BLOB NOT NULL,
          level INTEGER NOT NULL,
          timestamp INTEGER NOT NULL,
          daa_score INTEGER NOT NULL,
          blue_score INTEGER NOT NULL,
          merge_depth_root BLOB NOT NULL,
          finality_point BLOB NOT NULL
        ) STRICT;
        CREATE INDEX blocks_by_blue_score ON blocks (blue_score);
        CREATE INDEX blocks_by_daa_score ON blocks (daa_score);

        -- Direct parents; the index on parent lists a block's children.
        CREATE TABLE block_parents (
          child BLOB NOT NULL,
          position INTEGER NOT NULL,
          parent BLOB NOT NULL,
          PRIMARY KEY (child, position)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX block_parents_by_parent ON block_parents (parent);

        CREATE TABLE ghostdag (
          hash BLOB PRIMARY KEY,
          selected_parent BLOB NOT NULL,
          blue_score INTEGER NOT NULL,
          -- Minimal big-endian bytes, as headers carry it.
          blue_work BLOB NOT NULL,
          -- Concatenated 32-byte hashes, in GHOSTDAG order.
          mergeset_blues BLOB NOT NULL,
          mergeset_reds BLOB NOT NULL,
          -- One u32 (little-endian) per mergeset blue, in the same order.
          blues_anticone_sizes BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE reachability (
          hash BLOB PRIMARY KEY,
          parent BLOB NOT NULL,
          interval_start INTEGER NOT NULL,
          interval_end INTEGER NOT NULL,
          height INTEGER NOT NULL,
          children BLOB NOT NULL,
          future_covering_set BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- Blocks with no children yet: the candidates for the next block's parents.
        CREATE TABLE tips (
          hash BLOB PRIMARY KEY
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description: 'block bodies, per-block UTXO state and the UTXO set',
    up(db) {
      db.exec(`
        -- Transactions in block order, in their wire encoding.
        CREATE TABLE block_bodies (
          hash BLOB PRIMARY KEY,
          transactions BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- What applying a block's mergeset did: status 1 = UTXO valid, 2 = disqualified from the chain.
        -- For valid blocks: the diff from the selected parent's past UTXO set, the MuHash, and
        -- which transactions of each mergeset block were accepted.
        CREATE TABLE block_utxo (
          hash BLOB PRIMARY KEY,
          status INTEGER NOT NULL,
          diff BLOB,
          multiset BLOB,
          acceptance BLOB,
          reason TEXT
        ) STRICT, WITHOUT ROWID;

        -- The past UTXO set of the block named by meta 'utxo.position' (the sink).
        -- outpoint = transaction ID (32 bytes) + index (u32 little-endian).
        CREATE TABLE utxo_set (
          outpoint BLOB PRIMARY KEY,
          entry BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    description: 'the UTXO set indexed by script',
    up(db) {
      // The key is computed by the same function the repository writes it with; decoding each
      // entry also refuses a damaged row instead of indexing garbage.
      db.function('dagwallet_utxo_script_key', { deterministic: true }, (entry: unknown) =>
        utxoScriptKey(decodeUtxoEntry(entry as Buffer).scriptPublicKey),
      );
      db.exec(`
        -- script = utxoScriptKey(entry's scriptPublicKey): version u16 little-endian, then the script.
        -- Written in the same transaction as the entry, so lookups by script see exactly the set.
        CREATE TABLE utxo_set_v3 (
          outpoint BLOB PRIMARY KEY,
          script BLOB NOT NULL,
          entry BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;
        INSERT INTO utxo_set_v3 (outpoint, script, entry)
          SELECT outpoint, dagwallet_utxo_script_key(entry), entry FROM utxo_set;
        DROP TABLE utxo_set;
        ALTER TABLE utxo_set_v3 RENAME TO utxo_set;
        CREATE INDEX utxo_set_by_script ON utxo_set (script);
      `);
    },
  },
  {
    version: 4,
    description: 'address history',
    up(db) {
      db.exec(`
        -- One row per (transaction, script it pays or spends from), for the transactions accepted by
        -- the chain blocks from genesis up to address_index_tip: rows leave with their block.
        -- blue_score is the accepting chain block's (unique along one chain, so it orders the rows
        -- and a reorg deletes everything above the fork); position is the transaction's place in
        -- that block's acceptance order (0 = the coinbase). Amounts are sompi.
        CREATE TABLE address_history (
          blue_score INTEGER NOT NULL,
          position INTEGER NOT NULL,
          script BLOB NOT NULL,
          accepting_block BLOB NOT NULL,
          transaction_id BLOB NOT NULL,
          received INTEGER NOT NULL,
          sent INTEGER NOT NULL,
          fee INTEGER NOT NULL,
          is_coinbase INTEGER NOT NULL,
          PRIMARY KEY (blue_score, position, script)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX address_history_by_script ON address_history (script, blue_score, position);

        -- The chain block address_history is complete up to (absent: genesis, nothing indexed yet).
        CREATE TABLE address_index_tip (
          id INTEGER PRIMARY KEY CHECK (id = 0),
          block BLOB NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    description: 'transaction index: where transactions live, the selected chain, its mergesets and acceptances',
    up(db) {
      db.exec(`
        -- Where each transaction lives: one row per block body holding it, position = its index
        -- in that body. Written with the body (BodyRepository), so it is never behind the bodies.
        CREATE TABLE transaction_blocks (
          transaction_id BLOB NOT NULL,
          block BLOB NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (transaction_id, block)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX transaction_blocks_by_block ON transaction_blocks (block, position);

        -- The rest follows the selected chain from genesis up to transaction_index_tip, like
        -- address_history: rows leave with their chain block. Blue score is unique along one
        -- chain, so it keys the chain and a reorg deletes everything above the fork.
        CREATE TABLE selected_chain (
          blue_score INTEGER PRIMARY KEY,
          block BLOB NOT NULL UNIQUE
        ) STRICT;

        -- Which chain block merged each block (a chain block merges itself), and how it colored it.
        CREATE TABLE chain_mergesets (
          block BLOB PRIMARY KEY,
          chain_blue_score INTEGER NOT NULL,
          is_red INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX chain_mergesets_by_chain_blue_score ON chain_mergesets (chain_blue_score);

        -- Which chain block accepted each transaction; position = its place in that block's
        -- acceptance order.
        CREATE TABLE transaction_acceptance (
          transaction_id BLOB NOT NULL,
          blue_score INTEGER NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (transaction_id, blue_score)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX transaction_acceptance_by_blue_score ON transaction_acceptance (blue_score);

        -- The chain block the three tables above are complete up to (absent: nothing indexed yet).
        CREATE TABLE transaction_index_tip (
          id INTEGER PRIMARY KEY CHECK (id = 0),
          block BLOB NOT NULL
        ) STRICT;
      `);
      // The bodies stored so far, a page at a time (a statement cannot write while another iterates).
      const page = db.prepare<[Buffer, number], { hash: Buffer; transactions: Buffer }>(
        'SELECT hash, transactions FROM block_bodies WHERE hash > ? ORDER BY hash LIMIT ?',
      );
      const insert = db.prepare(
        'INSERT OR IGNORE INTO transaction_blocks (transaction_id, block, position) VALUES (?, ?, ?)',
      );
      for (let after: Buffer = Buffer.alloc(0); ;) {
        const rows = page.all(after, 512);
        for (const { hash, transactions } of rows) {
          transactionIdBlobs(decodeTransactions(transactions)).forEach((id, position) =>
            insert.run(id, hash, position),
          );
        }
        const last = rows.at(-1);
        if (last === undefined) break;
        after = last.hash;
      }
    },
  },
  {
    version: 6,
    description: 'transactions by hash',
    up(db) {
      db.exec(`
        -- Each stored transaction's hash (over the whole transaction, signatures included: what a
        -- block's hashMerkleRoot commits to) → its ID, for lookups by hash. Written with the body
        -- (BodyRepository), like transaction_blocks, so it is never behind the bodies.
        CREATE TABLE transaction_hashes (
          hash BLOB PRIMARY KEY,
          transaction_id BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;
      `);
      // The bodies stored so far, a page at a time (a statement cannot write while another iterates).
      const page = db.prepare<[Buffer, number], { hash: Buffer; transactions: Buffer }>(
        'SELECT hash, transactions FROM block_bodies WHERE hash > ? ORDER BY hash LIMIT ?',
      );
      const insert = db.prepare('INSERT OR IGNORE INTO transaction_hashes (hash, transaction_id) VALUES (?, ?)');
      for (let after: Buffer = Buffer.alloc(0); ;) {
        const rows = page.all(after, 512);
        for (const { transactions } of rows) {
          for (const { hash, id } of transactionHashRows(decodeTransactions(transactions))) insert.run(hash, id);
        }
        const last = rows.at(-1);
        if (last === undefined) break;
        after = last.hash;
      }
    },
  },
];
