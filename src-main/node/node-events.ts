import type { BlockWithBody, ImportOutcome } from './chain/block-import-queue.ts';
import type { ChainChangedEvent } from './consensus/chain-changed.ts';
import type { Transaction } from './consensus/model/transaction.ts';
import type { Mempool } from './mempool/mempool.ts';
import type { Miner } from './mining/miner.ts';
import type { SyncProgress } from './sync/ibd-syncee.ts';
import type { LogLineJson, WalletStatus } from '../../src-shared/api.ts';

type MempoolChange = Parameters<Parameters<Mempool['onChange']>[0]>[0];
type MiningEvent = Parameters<Parameters<Miner['onEvent']>[0]>[0];

/** Everything that leaves the node core as an event; the API, the wallet and the UI subscribe here. */
export interface NodeEventMap {
  blockAccepted: { hash: string; block: BlockWithBody; outcome: ImportOutcome };
  chainChanged: ChainChangedEvent;
  transactionAccepted: { id: string; transaction: Transaction; status: 'accepted' | 'orphan' };
  mempoolChanged: MempoolChange;
  mining: MiningEvent;
  peerConnected: { peerId: string; address: string; direction: 'inbound' | 'outbound' };
  peerDisconnected: { peerId: string; reason: string };
  peerBanned: { peerId: string; reason: string; expiresAt: number };
  /** Initial block download: stage, done/total and rate, for the UI's sync view. */
  syncProgress: SyncProgress;
  /** The hosted wallet was created, restored, unlocked or locked (by the user or the idle timer). */
  walletStatusChanged: WalletStatus;
  /** A line entered the node's log (the Logs screen follows it). */
  logAdded: LogLineJson;
  closed: Record<string, never>;
}

/** A typed event emitter: one listener throwing never stops the others or the node. */
export class NodeEvents {
  readonly #listeners = new Map<keyof NodeEventMap, Set<(payload: never) => void>>();

  on<E extends keyof NodeEventMap>(event: E, listener: (payload: NodeEventMap[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.#listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends keyof NodeEventMap>(event: E, payload: NodeEventMap[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (payload: NodeEventMap[E]) => void)(payload);
      } catch (error) {
        process.emitWarning(`a '${event}' listener failed: ${String(error)}`);
      }
    }
  }
}
