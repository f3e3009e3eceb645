import type { LogLineJson, NotificationEvent, NotificationMap } from '../../src-shared/api.ts';
import type { NodeClient } from '../../src-shared/node-client.ts';
import { LOG_LINES_KEPT, type NodeState, RECENT_BLOCKS_KEPT, useNodeStore } from './app-store.ts';

/**
 * The notifications the store follows: all but utxosChanged, which is per address (a wallet
 * watching its own; the hosted wallet's balance comes from walletStatus and its history calls).
 */
type StoreEvent = Exclude<NotificationEvent, 'utxosChanged'>;

type Reducer<E extends StoreEvent> = (state: NodeState, payload: NotificationMap[E]) => Partial<NodeState>;

/** How each notification changes the store. */
const reducers: { [E in StoreEvent]: Reducer<E> } = {
  blockAdded: (state, block) => ({
    recentBlocks: [block, ...state.recentBlocks].slice(0, RECENT_BLOCKS_KEPT),
    info: state.info ? { ...state.info, blockCount: state.info.blockCount + 1 } : null,
  }),
  virtualChainChanged: (state) => ({ chainVersion: state.chainVersion + 1 }),
  sinkBlueScoreChanged: (state, { sinkBlueScore }) => ({
    info: state.info ? { ...state.info, sinkBlueScore } : null,
  }),
  virtualDaaScoreChanged: (state, { virtualDaaScore }) => ({
    info: state.info ? { ...state.info, virtualDaaScore } : null,
  }),
  syncProgress: (_state, sync) => ({ sync: sync.stage === 'done' ? null : sync }),
  peersChanged: (_state, { peerCount }) => ({ peerCount }),
  miningChanged: (_state, mining) => ({ mining }),
  mempoolChanged: (_state, { size }) => ({ mempoolSize: size }),
  walletStatusChanged: (_state, wallet) => ({ wallet }),
  // A line can arrive both here and in a getLogs answer: each seq is kept once, in order.
  logAdded: (state, line) =>
    (state.logs.at(-1)?.seq ?? -1) >= line.seq ? {} : { logs: [...state.logs, line].slice(-LOG_LINES_KEPT) },
};

/** The lines of both lists once each, by seq, the newest LOG_LINES_KEPT. */
export function mergeLogs(kept: readonly LogLineJson[], fetched: readonly LogLineJson[]): LogLineJson[] {
  // Numbers start again when the node restarts: then the kept lines belong to the run before.
  if ((fetched.at(-1)?.seq ?? Infinity) < (kept.at(-1)?.seq ?? -1)) return fetched.slice(-LOG_LINES_KEPT);
  const bySeq = new Map<number, LogLineJson>();
  for (const line of [...kept, ...fetched]) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-LOG_LINES_KEPT);
}

/** Re-reads what a notification cannot carry (everything, after a reconnect). */
export async function refreshNodeState(client: NodeClient): Promise<void> {
  // Each answer is applied on its own: a failing call (say the logs) does not hide the others.
  const [info, wallet, logs] = await Promise.allSettled([
    client.call('getInfo', {}),
    client.call('walletStatus', {}),
    client.call('getLogs', { limit: 200 }),
  ]);
  const patch: Partial<NodeState> = {};
  if (info.status === 'fulfilled') {
    const value = info.value;
    Object.assign(patch, {
      info: value,
      sync: value.sync,
      mining: value.mining,
      peerCount: value.peerCount,
      mempoolSize: value.mempoolSize,
    });
  }
  if (wallet.status === 'fulfilled') patch.wallet = wallet.value;
  useNodeStore.setState((state) => ({
    ...patch,
    ...(logs.status === 'fulfilled' ? { logs: mergeLogs(state.logs, logs.value) } : {}),
  }));
}

/**
 * Subscribes to every notification and applies them to the store in batches: everything that
 * arrives within one animation frame becomes one state update, so a burst of blocks renders once.
 */
export function startLiveUpdates(client: NodeClient): () => void {
  const queue: { event: StoreEvent; payload: unknown }[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue.splice(0);
    useNodeStore.setState((state) => {
      let next = state;
      for (const { event, payload } of batch) {
        const reducer = reducers[event] as (state: NodeState, payload: unknown) => Partial<NodeState>;
        next = { ...next, ...reducer(next, payload) };
      }
      return next;
    });
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // requestAnimationFrame does not run in a hidden tab; the timer keeps the store current there.
    if (document.hidden) setTimeout(flush, 250);
    else requestAnimationFrame(flush);
  };
  const unsubscribers = (Object.keys(reducers) as StoreEvent[]).map((event) =>
    client.subscribe(event, (payload) => {
      queue.push({ event, payload });
      schedule();
    }),
  );
  const offState = client.onStateChange((connection) => {
    useNodeStore.setState({ connection });
    if (connection === 'open') void refreshNodeState(client).catch(() => {});
    if (connection === 'closed')
      useNodeStore.setState({ stoppedReason: 'The node stopped or the connection to it was lost for good.' });
  });
  useNodeStore.setState({ connection: client.state });
  void refreshNodeState(client).catch(() => {});
  return () => {
    offState();
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
