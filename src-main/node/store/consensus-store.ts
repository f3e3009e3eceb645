import type { Database } from 'better-sqlite3';
import { BlockRepository } from './block-repository.ts';
import { BlockUtxoRepository } from './block-utxo-repository.ts';
import { BodyRepository } from './body-repository.ts';
import { CONSENSUS_MIGRATIONS } from './consensus-schema.ts';
import { GhostdagRepository } from './ghostdag-repository.ts';
import { MetaRepository } from './meta-repository.ts';
import { migrate } from './migrations.ts';
import { openDatabase } from './open-database.ts';
import { ReachabilityRepository } from './reachability-repository.ts';
import { TipsRepository } from './tips-repository.ts';
import { UtxoSetRepository } from './utxo-set-repository.ts';

/** Blocks whose data stays in memory; everything older is read back from SQLite on demand. */
const DEFAULT_CACHE_BLOCKS = 50_000;

interface Staged {
  flush(): void;
  commit(): void;
  discard(): void;
}

/**
 * The consensus tables behind one SQLite connection. Consensus stages a block's writes in the
 * repositories, then calls `commit` once: every table is written in ONE transaction, so a block
 * is either wholly in the store or not at all, whatever kills the process.
 */
export class ConsensusStore {
  readonly db: Database;
  readonly meta: MetaRepository;
  readonly blocks: BlockRepository;
  readonly ghostdag: GhostdagRepository;
  readonly reachability: ReachabilityRepository;
  readonly tips: TipsRepository;
  readonly bodies: BodyRepository;
  readonly blockUtxo: BlockUtxoRepository;
  readonly utxoSet: UtxoSetRepository;
  readonly #staged: Staged[];
  readonly #writeAll: () => void;

  constructor(db: Database, cacheBlocks = DEFAULT_CACHE_BLOCKS) {
    migrate(db, CONSENSUS_MIGRATIONS);
    this.db = db;
    this.meta = new MetaRepository(db);
    this.blocks = new BlockRepository(db, cacheBlocks);
    this.ghostdag = new GhostdagRepository(db, cacheBlocks);
    this.reachability = new ReachabilityRepository(db, this.meta, cacheBlocks);
    this.tips = new TipsRepository(db);
    this.bodies = new BodyRepository(db, Math.min(cacheBlocks, 2_000));
    this.blockUtxo = new BlockUtxoRepository(db, Math.min(cacheBlocks, 2_000));
    this.utxoSet = new UtxoSetRepository(db);
    this.#staged = [
      this.meta,
      this.blocks,
      this.ghostdag,
      this.reachability,
      this.tips,
      this.bodies,
      this.blockUtxo,
      this.utxoSet,
    ];
    this.#writeAll = db.transaction(() => {
      for (const part of this.#staged) part.flush();
    });
  }

  static open(path: string): ConsensusStore {
    const db = openDatabase(path);
    try {
      return new ConsensusStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Writes everything staged in one transaction; on failure nothing is kept, on disk or in memory. */
  commit(): void {
    try {
      this.#writeAll();
    } catch (error) {
      this.discard();
      throw error;
    }
    for (const part of this.#staged) part.commit();
  }

  discard(): void {
    for (const part of this.#staged) part.discard();
  }

  close(): void {
    this.discard();
    if (this.db.open) this.db.close();
  }
}
