import type { NotificationEvent, NotificationMap } from '../../../../src-shared/api.ts';
import { directParents } from '../../consensus/model/header.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import type { NodeEventMap } from '../../node-events.ts';
import type { DagwalletNode } from '../../node.ts';
import { miningStatus } from '../node-api-handlers.ts';
import { UtxoChangeFeed, type UtxoWatcher, type UtxoWatchSource, type UtxosChangedPayload } from './utxo-changes.ts';

/**
 * Notifications every subscriber of a kind hears alike; utxosChanged is per subscriber (each
 * names its addresses), through `watchUtxos`.
 */
export type BroadcastEvent = Exclude<NotificationEvent, 'utxosChanged'>;

/**
 * API notifications by event name (what a transport forwards to its clients). A source without
 * `watchUtxos` offers no utxosChanged.
 */
export interface NotificationSource extends Partial<UtxoWatchSource> {
  on<E extends BroadcastEvent>(event: E, listener: (payload: NotificationMap[E]) => void): () => void;
}

/** Starts producing one kind of notification; returns how to stop. */
type Feed<E extends BroadcastEvent> = (emit: (payload: NotificationMap[E]) => void) => () => void;

/** How often the mining status is re-read: stopping the miner raises no event of its own. */
const MINING_POLL_MS = 1000;

/**
 * The node's events (NodeEvents) turned into the API's notifications. A kind is produced only
 * while someone listens to it, and the score-like kinds only when their value changed (a block
 * the virtual merges without moving the sink leaves sinkBlueScore as it was).
 */
export class NodeNotifications implements NotificationSource {
  readonly #feeds: { [E in BroadcastEvent]: Feed<E> };
  readonly #listeners = new Map<BroadcastEvent, Set<(payload: never) => void>>();
  readonly #stops = new Map<BroadcastEvent, () => void>();
  readonly #utxos: UtxoChangeFeed;

  constructor(node: DagwalletNode) {
    const { consensus, events } = node;
    this.#utxos = new UtxoChangeFeed(node);
    /** Emits `read()` as a payload whenever one of `triggers` fires and the value differs from the last. */
    const changes =
      <E extends BroadcastEvent, V>(
        read: () => V,
        payload: (value: V) => NotificationMap[E],
        triggers: (keyof NodeEventMap)[],
        pollMs?: number,
      ): Feed<E> =>
      (emit) => {
        let last = JSON.stringify(read());
        const check = () => {
          const value = read();
          const text = JSON.stringify(value);
          if (text === last) return;
          last = text;
          emit(payload(value));
        };
        const offs = triggers.map((trigger) => events.on(trigger, check));
        const timer = pollMs === undefined ? undefined : setInterval(check, pollMs).unref();
        return () => {
          for (const off of offs) off();
          clearInterval(timer);
        };
      };
    this.#feeds = {
      blockAdded: (emit) =>
        events.on('blockAccepted', ({ hash, block }) =>
          emit({
            hash,
            blueScore: block.header.blueScore,
            daaScore: block.header.daaScore,
            timestamp: block.header.timestamp,
            parents: directParents(block.header).map(bytesToHex),
            transactionCount: block.transactions.length,
          }),
        ),
      virtualChainChanged: (emit) =>
        events.on('chainChanged', ({ removed, added }) =>
          emit({ removed: [...removed], added: added.map((entry) => entry.block) }),
        ),
      sinkBlueScoreChanged: changes(
        () => consensus.ghostdagData(consensus.sink())?.blueScore ?? 0,
        (sinkBlueScore) => ({ sinkBlueScore }),
        ['blockAccepted'],
      ),
      virtualDaaScoreChanged: changes(
        () => consensus.virtualState().daaScore,
        (virtualDaaScore) => ({ virtualDaaScore }),
        ['blockAccepted'],
      ),
      syncProgress: (emit) => events.on('syncProgress', (progress) => emit({ ...progress })),
      peersChanged: changes(
        () => node.p2p?.peers().length ?? 0,
        (peerCount) => ({ peerCount }),
        ['peerConnected', 'peerDisconnected'],
      ),
      miningChanged: changes(
        () => miningStatus(node),
        (status) => status,
        ['mining', 'blockAccepted'],
        MINING_POLL_MS,
      ),
      mempoolChanged: changes(
        () => node.mempool.size,
        (size) => ({ size }),
        ['mempoolChanged'],
      ),
      walletStatusChanged: (emit) => events.on('walletStatusChanged', emit),
      logAdded: (emit) => events.on('logAdded', emit),
    };
  }

  /** utxosChanged for the addresses the watcher adds (see UtxoChangeFeed). */
  watchUtxos(listener: (change: UtxosChangedPayload) => void, options?: { maxAddresses?: number }): UtxoWatcher {
    return this.#utxos.watchUtxos(listener, options);
  }

  on<E extends BroadcastEvent>(event: E, listener: (payload: NotificationMap[E]) => void): () => void {
    let listeners = this.#listeners.get(event);
    if (!listeners) {
      const set = new Set<(payload: never) => void>();
      listeners = set;
      this.#listeners.set(event, set);
      const feed = this.#feeds[event] as Feed<E>;
      this.#stops.set(
        event,
        feed((payload) => {
          for (const each of [...set]) {
            try {
              (each as (payload: NotificationMap[E]) => void)(payload);
            } catch (error) {
              process.emitWarning(`a '${event}' notification listener failed: ${String(error)}`);
            }
          }
        }),
      );
    }
    const set = listeners;
    set.add(listener as (payload: never) => void);
    return () => {
      if (!set.delete(listener as (payload: never) => void) || set.size > 0) return;
      this.#listeners.delete(event);
      this.#stops.get(event)?.();
      this.#stops.delete(event);
    };
  }
}
