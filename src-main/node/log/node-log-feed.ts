import type { WalletState } from '../../../src-shared/api.ts';
import type { NodeEvents } from '../node-events.ts';
import type { SyncProgress } from '../sync/ibd-syncee.ts';
import type { NodeLog } from './node-log.ts';

/** "1,234": figures in log lines read like the UI's. */
function figure(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A chain reorganisation replacing more chain blocks than this is worth a line (1 happens all the time). */
const REORG_DEPTH_LOGGED = 1;
/**
 * Blocks our miner finds within this long of the last one logged are summed into one line: on
 * simnet's trivial difficulty it finds hundreds a second, which would push everything else out.
 */
export const FOUND_BLOCKS_WINDOW_MS = 5_000;

export interface NodeLogFeedOptions {
  /** Milliseconds since the epoch (stage durations, the found-blocks window). */
  now?: () => number;
  foundBlocksWindowMs?: number;
}

/**
 * Turns the node's events into log lines: peers coming, going and banned, the stages of a sync
 * with their figures, blocks our miner found and its errors, the hosted wallet's state, deep
 * chain reorganisations. Returns how to stop.
 */
export function logNodeEvents(log: NodeLog, events: NodeEvents, options: NodeLogFeedOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const foundWindowMs = options.foundBlocksWindowMs ?? FOUND_BLOCKS_WINDOW_MS;
  let sync: { stage: SyncProgress['stage']; peer: string; startedAt: number; last: SyncProgress } | undefined;
  let walletState: WalletState | undefined;

  const endStage = (at: number): void => {
    if (!sync) return;
    const { stage, last, startedAt } = sync;
    const took = seconds(at - startedAt);
    if (stage === 'headers')
      log.info('sync', `headers done: ${figure(last.done)} in ${took} (${figure(last.ratePerSecond)}/s)`);
    if (stage === 'blocks')
      log.info(
        'sync',
        `blocks done: ${figure(last.done)} of ${figure(last.total)} in ${took} (${figure(last.ratePerSecond)}/s)`,
      );
  };

  const onSync = (progress: SyncProgress): void => {
    const at = now();
    if (sync && sync.stage === progress.stage && sync.peer === progress.peer) {
      sync.last = progress;
      return;
    }
    // A new negotiation before 'done': the previous sync ended early (the P2P layer logs why).
    if (sync && progress.stage === 'negotiating' && (sync.stage === 'headers' || sync.stage === 'blocks')) {
      const { last } = sync;
      log.info(
        'sync',
        `sync from ${sync.peer} ended during the ${sync.stage} stage at ${figure(last.done)} of ${figure(last.total)}`,
      );
    } else endStage(at);
    switch (progress.stage) {
      case 'negotiating':
        log.debug('sync', `finding where our chain meets ${progress.peer}'s`);
        break;
      case 'headers':
        log.info('sync', `downloading headers from ${progress.peer}: about ${figure(progress.total)}`);
        break;
      case 'blocks':
        log.info('sync', `downloading ${figure(progress.total)} blocks from ${progress.peer}`);
        break;
      case 'done':
        log.info('sync', `synced with ${progress.peer}`);
        break;
    }
    sync =
      progress.stage === 'done'
        ? undefined
        : { stage: progress.stage, peer: progress.peer, startedAt: at, last: progress };
  };

  let lastFoundLoggedAt = -Infinity;
  let unlogged: { count: number; hash: string; daaScore: number; timer: NodeJS.Timeout } | undefined;
  const flushFound = (): void => {
    if (!unlogged) return;
    clearTimeout(unlogged.timer);
    const { count, hash, daaScore } = unlogged;
    unlogged = undefined;
    lastFoundLoggedAt = now();
    log.info(
      'mining',
      count === 1
        ? `found block ${hash} at DAA score ${figure(daaScore)}`
        : `found ${figure(count)} more blocks, the last ${hash} at DAA score ${figure(daaScore)}`,
    );
  };
  const onFound = (hash: string, daaScore: number): void => {
    if (unlogged) {
      unlogged.count++;
      unlogged.hash = hash;
      unlogged.daaScore = daaScore;
      return;
    }
    const wait = lastFoundLoggedAt + foundWindowMs - now();
    if (wait <= 0) {
      lastFoundLoggedAt = now();
      log.info('mining', `found block ${hash} at DAA score ${figure(daaScore)}`);
      return;
    }
    unlogged = { count: 1, hash, daaScore, timer: setTimeout(flushFound, wait).unref() };
  };

  const offs = [
    log.onBeforeLine(flushFound),
    events.on('peerConnected', ({ peerId, address, direction }) =>
      log.info('p2p', `connected to ${peerId} (${direction}, ${address})`),
    ),
    events.on('peerDisconnected', ({ peerId, reason }) => log.info('p2p', `disconnected from ${peerId}: ${reason}`)),
    events.on('peerBanned', ({ peerId, reason, expiresAt }) =>
      log.warn('p2p', `banned ${peerId} until ${new Date(expiresAt).toISOString()}: ${reason}`),
    ),
    events.on('syncProgress', onSync),
    events.on('mining', (event) => {
      if (event.kind === 'found') onFound(event.hash, event.template.header.daaScore);
      else if (event.kind === 'error') log.error('mining', event.error.message);
    }),
    events.on('walletStatusChanged', ({ state, file }) => {
      const previous = walletState;
      walletState = state;
      if (state === previous) return;
      if (state === 'unlocked') log.info('wallet', previous === 'none' ? `wallet created: ${file}` : 'wallet unlocked');
      else if (state === 'locked') log.info('wallet', 'wallet locked');
      else if (previous !== undefined) log.info('wallet', 'no wallet open');
    }),
    events.on('chainChanged', ({ removed, added }) => {
      if (removed.length > REORG_DEPTH_LOGGED)
        log.info(
          'node',
          `chain reorganisation: ${figure(removed.length)} chain blocks replaced by ${figure(added.length)} (new tip ${added.at(-1)?.block ?? '?'})`,
        );
    }),
  ];
  return () => {
    for (const off of offs) off();
    flushFound();
  };
}
