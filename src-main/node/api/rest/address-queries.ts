import type { RestAddressTransactionsPage, RestUtxoJson, RestUtxosPage } from '../../../../src-shared/rest-api.ts';
import type { VirtualState } from '../../consensus/consensus.ts';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction, UtxoEntry } from '../../consensus/model/transaction.ts';
import { decodeUtxoEntry, type OutpointKey, outpointKey } from '../../consensus/utxo/utxo-serialization.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { scriptKeyHex } from '../../index/script-keys.ts';
import { outpointBlob, utxoScriptKey } from '../../store/utxo-set-repository.ts';
import type { ExplorerNode, ExplorerViews } from '../explorer-api-handlers.ts';
import { type Cursor, encodeCursor } from './cursor.ts';
import { scriptToJson } from '../script-json.ts';

/** A transaction of the virtual's mergeset, with its ID. */
interface MergesetTransaction {
  id: string;
  tx: Transaction;
}

/** What the virtual's mergeset holds, per script it touches; computed once per virtual state. */
interface MergesetScan {
  virtual: VirtualState;
  byScript: Map<string, Map<string, Transaction>>;
}

/**
 * The address listings of the REST API, answered from the indexes with the ordering and the
 * limit in SQL: a page reads its own rows, however long the address's history.
 */
export class AddressQueries {
  readonly #node: ExplorerNode;
  readonly #views: ExplorerViews;
  #scan: MergesetScan | undefined;

  constructor(node: ExplorerNode, views: ExplorerViews) {
    this.#node = node;
    this.#views = views;
  }

  /**
   * The transactions paying or spending from `script` in the blocks of the virtual's mergeset
   * (the sink and the tips' blocks it has not in its past: what the next chain block will
   * accept) that no chain block accepted yet, by ID. Once a chain block merges a block, its
   * transactions are in the accepted history, or, if that block lost a double spend, nowhere.
   */
  unaccepted(script: ScriptPublicKey): MergesetTransaction[] {
    const found = this.#mergesetScan().byScript.get(scriptKeyHex(script));
    if (found === undefined) return [];
    const { transactionIndex } = this.#node;
    return [...found]
      .filter(([id]) => transactionIndex.acceptance(id) === undefined)
      .map(([id, tx]) => ({ id, tx }))
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  /** Unaccepted first (unless `acceptedOnly`), then accepted newest first; `cursor` as the previous page gave it. */
  transactions(
    script: ScriptPublicKey,
    options: { limit: number; acceptedOnly: boolean; cursor: Cursor | undefined },
  ): RestAddressTransactionsPage {
    const { limit, acceptedOnly, cursor } = options;
    const { index, transactionIndex } = this.#node;
    // One more than asked, to know whether a next page exists.
    const wanted = limit + 1;
    const page: { cursor: Cursor; json: () => ReturnType<ExplorerViews['transactionJson']> }[] = [];
    if (!acceptedOnly && (cursor === undefined || cursor.kind === 'unaccepted')) {
      const after = cursor?.kind === 'unaccepted' ? cursor.transactionId : '';
      for (const { id, tx } of this.unaccepted(script)) {
        if (id <= after) continue;
        page.push({
          cursor: { kind: 'unaccepted', transactionId: id },
          json: () => this.#views.transactionJson(id, tx, undefined, false),
        });
        if (page.length === wanted) break;
      }
    }
    if (page.length < wanted) {
      const before =
        cursor?.kind === 'accepted'
          ? { acceptingBlueScore: cursor.acceptingBlueScore, acceptanceIndex: cursor.acceptanceIndex }
          : undefined;
      // One script: one row per transaction.
      for (const row of index.history([script], { limit: wanted - page.length, before })) {
        page.push({
          cursor: {
            kind: 'accepted',
            acceptingBlueScore: row.acceptingBlueScore,
            acceptanceIndex: row.acceptanceIndex,
          },
          json: () => {
            const tx = transactionIndex.transaction(row.transactionId);
            if (tx === undefined)
              throw new Error(`accepted transaction ${row.transactionId} has no stored body holding it`);
            return this.#views.transactionJson(row.transactionId, tx, row, false);
          },
        });
      }
    }
    const shown = page.slice(0, limit);
    const last = shown.at(-1);
    return {
      transactions: shown.map((item) => item.json()),
      nextCursor: page.length > limit && last !== undefined ? encodeCursor(last.cursor) : null,
    };
  }

  /** As many as `transactions` lists in all. */
  transactionCount(script: ScriptPublicKey, acceptedOnly: boolean): number {
    const accepted = this.#node.index.transactionCount([script]);
    return acceptedOnly ? accepted : accepted + this.unaccepted(script).length;
  }

  /**
   * The unspent outputs paying `script` in the virtual's UTXO set, by outpoint key, after
   * `after` (an outpoint key in hex, as the previous page's cursor gave it). The stored set is
   * read through its script index from `after` on, skipping what the virtual's mergeset spent,
   * and merged with what that mergeset created.
   */
  utxos(
    script: ScriptPublicKey,
    address: string,
    options: { limit: number; after: string | undefined },
  ): RestUtxosPage {
    const { limit } = options;
    const { consensus, params } = this.#node;
    const { diff, daaScore } = consensus.virtualState();
    const key = utxoScriptKey(script);
    const after = Buffer.from(options.after ?? '', 'hex');
    const wanted = limit + 1;
    const stored: { blob: Buffer; outpoint: OutpointKey; entry: UtxoEntry }[] = [];
    for (const row of consensus.store.utxoSet.byScript(key, after)) {
      const outpoint = `${row.outpoint.subarray(0, 32).toString('hex')}:${row.outpoint.readUInt32LE(32)}`;
      if (diff.toRemove.has(outpoint)) continue;
      stored.push({ blob: row.outpoint, outpoint, entry: decodeUtxoEntry(row.entry) });
      if (stored.length === wanted) break;
    }
    const created = [...diff.toAdd]
      .filter(([, entry]) => utxoScriptKey(entry.scriptPublicKey).equals(key))
      .map(([outpoint, entry]) => ({ blob: outpointBlob(outpoint), outpoint, entry }))
      .filter(({ blob }) => Buffer.compare(blob, after) > 0);
    const merged = [...stored, ...created].sort((x, y) => Buffer.compare(x.blob, y.blob)).slice(0, wanted);
    const shown = merged.slice(0, limit);
    const last = shown.at(-1);
    return {
      utxos: shown.map(({ outpoint, entry }): RestUtxoJson => ({
        address,
        outpoint,
        amount: entry.amount.toString(),
        scriptPublicKey: scriptToJson(entry.scriptPublicKey),
        blockDaaScore: entry.blockDaaScore,
        isCoinbase: entry.isCoinbase,
        // kaspad checkTransactionCoinbaseMaturity: spendable at equality.
        isSpendable: !entry.isCoinbase || entry.blockDaaScore + params.coinbaseMaturity <= daaScore,
      })),
      nextCursor:
        merged.length > limit && last !== undefined
          ? encodeCursor({ kind: 'utxos', outpoint: last.blob.toString('hex') })
          : null,
    };
  }

  /** Which scripts each transaction of the virtual's mergeset touches (its outputs' and the outputs it spends). */
  #mergesetScan(): MergesetScan {
    const { consensus } = this.#node;
    const virtual = consensus.virtualState();
    if (this.#scan?.virtual === virtual) return this.#scan;
    const byScript = new Map<string, Map<string, Transaction>>();
    for (const block of this.#virtualMergeset(virtual)) {
      for (const tx of consensus.store.bodies.get(block) ?? []) {
        const id = bytesToHex(transactionId(tx));
        const scripts = new Set(tx.outputs.map((output) => scriptKeyHex(output.scriptPublicKey)));
        for (const { previousOutpoint } of tx.inputs) {
          // What the mergeset spent from the sink's past set is in the virtual's diff; the rest
          // (spent within the mergeset, or by a transaction the virtual does not accept) is looked up.
          const spent =
            virtual.diff.toRemove.get(outpointKey(previousOutpoint.transactionId, previousOutpoint.index)) ??
            this.#views.spentOutput(previousOutpoint);
          if (spent !== undefined) scripts.add(scriptKeyHex(spent.scriptPublicKey));
        }
        for (const script of scripts) {
          let transactions = byScript.get(script);
          if (transactions === undefined) byScript.set(script, (transactions = new Map()));
          transactions.set(id, tx);
        }
      }
    }
    this.#scan = { virtual, byScript };
    return this.#scan;
  }

  /**
   * The virtual's mergeset: the sink and every block in the virtual parents' past that is not in
   * the sink's past (a handful: the mergeset size is bounded by consensus).
   */
  #virtualMergeset(virtual: VirtualState): BlockKey[] {
    const { consensus } = this.#node;
    const sink = consensus.sink();
    const mergeset: BlockKey[] = [sink];
    const seen = new Set<BlockKey>([sink]);
    const pending = virtual.parents.filter((parent) => parent !== sink);
    for (let block = pending.pop(); block !== undefined; block = pending.pop()) {
      if (seen.has(block)) continue;
      seen.add(block);
      if (consensus.isDagAncestorOf(block, sink)) continue;
      mergeset.push(block);
      pending.push(...(consensus.store.blocks.get(block)?.parents ?? []));
    }
    return mergeset;
  }
}
