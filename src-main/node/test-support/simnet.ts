/**
 * Test support (not used by the node): a real Consensus on the dagwallet simnet (or another
 * network's params) in a SQLite store, and blocks mined for it with real proof of work (about two
 * hashes each on simnet). SimnetChain (simnet-chain.ts) builds a funded chain on top of this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BlockWithBody } from '../chain/block-import-queue.ts';
import { Consensus } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction } from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { genesisBlock } from '../consensus/params/genesis.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { ConsensusStore } from '../store/consensus-store.ts';
import { remine } from './remine.ts';

/** The network tests run on unless they need another: fixed easy difficulty, dagsim prefix. */
export const SIMNET = DAGWALLET_NETWORKS.simnet;

/** A script nobody can spend, for blocks whose coinbase does not matter to a test. */
export const BURN_SCRIPT: ScriptPublicKey = { version: 0, script: Uint8Array.of(0x6a) };

/** How to open a test consensus; every field has a default. */
export interface OpenSimnetOptions {
  /** Consensus params (default: SIMNET); devnet's, for instance, to mine at real difficulty. */
  params?: ConsensusParams;
  /** The store file, created or reopened and kept on close (default: a fresh temporary one, deleted on close). */
  path?: string;
  /** Consensus's clock in milliseconds, for its future-timestamp check (default: the real one). */
  now?: () => number;
}

/** A test consensus, its store, and `close`, which closes the store and deletes it if it was temporary. */
export interface OpenedSimnet {
  consensus: Consensus;
  store: ConsensusStore;
  /** The directory holding the store. */
  dir: string;
  close(): void;
}

/** A consensus (simnet by default) on a fresh temporary store, or on `options.path`; the one way tests open one. */
export function openSimnet(options: OpenSimnetOptions = {}): OpenedSimnet {
  const params = options.params ?? SIMNET;
  const temporary = options.path === undefined;
  const dir = options.path === undefined ? mkdtempSync(join(tmpdir(), 'dagwallet-simnet-')) : dirname(options.path);
  const store = ConsensusStore.open(options.path ?? join(dir, 'consensus.sqlite'));
  const genesis = genesisBlock(params.genesis);
  const consensus = new Consensus(store, {
    params,
    genesis: genesis.header,
    genesisTransactions: [genesis.coinbase],
    now: options.now,
  });
  return {
    consensus,
    store,
    dir,
    close() {
      store.close();
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a mined block carries and where it goes; every field has a default. */
export interface MineSimnetOptions {
  /** Whom its coinbase pays (default: BURN_SCRIPT). */
  payTo?: ScriptPublicKey;
  /** Its parents (default: the virtual's). */
  parents?: readonly BlockKey[];
  transactions?: readonly Transaction[];
  /** Its timestamp before consensus lifts it above the past median time (default: now, real time). */
  timestamp?: number;
}

/** A mined block on `parents` (default: the virtual's), paying `payTo`; not inserted. */
export function mineSimnetBlock(consensus: Consensus, options: MineSimnetOptions = {}): BlockWithBody {
  const template = consensus.blockTemplate(options.parents ?? consensus.virtualState().parents, {
    // Real time by default: consensus lifts it above the past median time, and the future limit is 132 s away.
    timestamp: options.timestamp ?? Date.now(),
    coinbaseData: { scriptPublicKey: options.payTo ?? BURN_SCRIPT, extraData: new Uint8Array() },
    transactions: options.transactions,
  });
  return { header: remine(template.header), transactions: template.transactions };
}

/** Mines and inserts `count` blocks on the virtual; returns their hashes. */
export function extendSimnet(consensus: Consensus, count: number, payTo?: ScriptPublicKey): BlockKey[] {
  const hashes: BlockKey[] = [];
  for (let i = 0; i < count; i++) {
    const block = mineSimnetBlock(consensus, { payTo });
    hashes.push(consensus.insertBlock(block.header, block.transactions).hash);
  }
  return hashes;
}
