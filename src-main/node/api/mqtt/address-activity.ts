import type { BlockWithBody } from '../../chain/block-import-queue.ts';
import { encodeAddress, scriptPublicKeyToAddress } from '../../consensus/address.ts';
import type { ChainChangedEvent } from '../../consensus/chain-changed.ts';
import type { Consensus } from '../../consensus/consensus.ts';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction } from '../../consensus/model/transaction.ts';
import type { ConsensusParams } from '../../consensus/params/params.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { type AcceptedTransaction, historyEntriesOf } from '../../index/history-rows.ts';
import type { TransactionIndex } from '../../index/transaction-index.ts';
import type { NodeEvents } from '../../node-events.ts';

/**
 * What happened to a transaction, as Kasparov's MQTT topics tell it: a block holding it was added
 * (`transactions/<address>`), a chain block that accepted it joined the selected chain
 * (`transactions/accepted/<address>`), or left it in a reorganisation
 * (`transactions/unaccepted/<address>`).
 */
export type AddressActivityKind = 'included' | 'accepted' | 'unaccepted';

export interface AddressActivity {
  kind: AddressActivityKind;
  /** Hex. */
  transactionId: string;
  transaction: Transaction;
  /** The block holding it ('included'), or the chain block that accepted it ('accepted', 'unaccepted'). */
  block: BlockKey;
  /**
   * Every address it touches, once each: those its outputs pay, then those its inputs spend from.
   * Scripts no address describes are left out.
   */
  addresses: string[];
}

/** What the feed reads of a node (a DagwalletNode has all of it). */
export interface AddressActivitySource {
  readonly params: ConsensusParams;
  readonly consensus: Consensus;
  readonly transactionIndex: TransactionIndex;
}

/**
 * One block import as the node reported it: the block, then the change of the selected chain its
 * import caused, if any. The chain only moves when an imported block becomes the sink, and the
 * node reports that change (chainChanged) just before the import itself (blockAccepted).
 */
export interface ImportedBlock {
  hash: BlockKey;
  /** Undefined only if a chain change came without its import (which the node never does). */
  block: BlockWithBody | undefined;
  chain: ChainChangedEvent | undefined;
}

/**
 * Calls `listener` once per imported block, with the chain change it caused: Kasparov's order
 * (the block and its transactions first, then what the chain made of them) from the node's events.
 */
export function followImports(events: NodeEvents, listener: (imported: ImportedBlock) => void): () => void {
  let pending: ChainChangedEvent | undefined;
  const flushAlone = (): void => {
    const chain = pending;
    pending = undefined;
    if (chain === undefined) return;
    const last = chain.added.at(-1)?.block ?? chain.removed.at(-1);
    if (last !== undefined) listener({ hash: last, block: undefined, chain });
  };
  const offChain = events.on('chainChanged', (chain) => {
    flushAlone();
    pending = chain;
    // The import's report follows in the same call stack; if it never does, the change still goes out.
    queueMicrotask(() => {
      if (pending === chain) flushAlone();
    });
  });
  const offBlock = events.on('blockAccepted', ({ hash, block }) => {
    const chain = pending;
    pending = undefined;
    listener({ hash, block, chain });
  });
  return () => {
    offChain();
    offBlock();
  };
}

/** The address a script pays, or null when no address describes it. */
function addressOf(script: ScriptPublicKey, params: ConsensusParams): string | null {
  const address = scriptPublicKeyToAddress(script, params.addressPrefix);
  return address === null ? null : encodeAddress(address);
}

/** The script behind a store script key (utxoScriptKey: version u16 LE, then the script bytes). */
function scriptOfKey(key: Buffer): ScriptPublicKey {
  return { version: key.readUInt16LE(0), script: key.subarray(2) };
}

/**
 * Works out which addresses each transaction touches, from consensus data that outlives a
 * reorganisation: a chain block that leaves the selected chain keeps its acceptance data and UTXO
 * diff, so what it had accepted is read the same way whether it joins or leaves (the address
 * index cannot say: it rolls back on the very change being reported).
 */
export class AddressActivityReader {
  readonly #source: AddressActivitySource;

  constructor(source: AddressActivitySource) {
    this.#source = source;
  }

  /**
   * 'included' for each transaction of a block just added, in body order. A spent output is
   * looked up in the stored body that created it: a block spends only outputs of stored blocks.
   */
  included(block: BlockKey, transactions: readonly Transaction[]): AddressActivity[] {
    const { params, transactionIndex } = this.#source;
    return transactions.map((transaction) => {
      const addresses = new Set<string>();
      for (const output of transaction.outputs) {
        const address = addressOf(output.scriptPublicKey, params);
        if (address !== null) addresses.add(address);
      }
      for (const { previousOutpoint } of transaction.inputs) {
        const creator = transactionIndex.transaction(bytesToHex(previousOutpoint.transactionId));
        const spent = creator?.outputs[previousOutpoint.index];
        const address = spent === undefined ? null : addressOf(spent.scriptPublicKey, params);
        if (address !== null) addresses.add(address);
      }
      return {
        kind: 'included',
        transactionId: bytesToHex(transactionId(transaction)),
        transaction,
        block,
        addresses: [...addresses],
      };
    });
  }

  /**
   * 'unaccepted' for what the removed chain blocks had accepted (newest block first, as the
   * change lists them), then 'accepted' for what the added ones accept (oldest first); within a
   * block, in acceptance order.
   */
  chainChanged(change: ChainChangedEvent): AddressActivity[] {
    return [
      ...change.removed.flatMap((block) => this.#acceptedBy(block, 'unaccepted')),
      ...change.added.flatMap(({ block }) => this.#acceptedBy(block, 'accepted')),
    ];
  }

  #acceptedBy(block: BlockKey, kind: 'accepted' | 'unaccepted'): AddressActivity[] {
    const { consensus, params } = this.#source;
    const state = consensus.utxoState(block);
    // Only UTXO-valid blocks join the chain; anything else accepted nothing.
    if (state?.status !== 'valid') return [];
    const transactions = consensus.acceptedTransactions(block);
    const acceptance = state.acceptance.flatMap((mergesetBlock) =>
      mergesetBlock.transactions.filter((tx) => tx.accepted),
    );
    const accepted: AcceptedTransaction[] = transactions.map((transaction, i) => {
      const { id, fee } = acceptance[i] as (typeof acceptance)[number];
      return { transaction, id, fee };
    });
    // Per transaction, the scripts it pays and spends from; historyEntriesOf resolves each spent
    // output from the block's own UTXO diff (or from the mergeset that created it).
    const touched = new Map<number, string[]>();
    for (const entry of historyEntriesOf(accepted, state.diff.toRemove)) {
      const address = addressOf(scriptOfKey(entry.script), params);
      if (address === null) continue;
      const list = touched.get(entry.position) ?? [];
      list.push(address);
      touched.set(entry.position, list);
    }
    return accepted.map(({ transaction, id }, position) => {
      const addresses = new Set<string>();
      for (const output of transaction.outputs) {
        const address = addressOf(output.scriptPublicKey, params);
        if (address !== null) addresses.add(address);
      }
      for (const address of touched.get(position) ?? []) addresses.add(address);
      return { kind, transactionId: bytesToHex(id), transaction, block, addresses: [...addresses] };
    });
  }
}

/**
 * Follows the node's events and reports each transaction's activity: for every import, 'included'
 * for the block's transactions, then the 'unaccepted' and 'accepted' of the chain change it caused.
 */
export function followAddressActivity(
  node: AddressActivitySource & { readonly events: NodeEvents },
  listener: (activity: AddressActivity) => void,
): () => void {
  const reader = new AddressActivityReader(node);
  return followImports(node.events, ({ hash, block, chain }) => {
    const activities = [
      ...(block === undefined ? [] : reader.included(hash, block.transactions)),
      ...(chain === undefined ? [] : reader.chainChanged(chain)),
    ];
    for (const activity of activities) listener(activity);
  });
}
