import { useEffect } from 'react';
import type { LogLineJson, NodeInfo, SyncStatus } from '../../../src-shared/api.ts';
import { href } from '../../app/router.ts';
import { useNodeStore } from '../../store/app-store.ts';
import { Card, Hash, Notice, siUnits, Spinner, Stat } from '../../ui/components.tsx';
import { clock, count, duration, percent } from './figures.ts';
import { useNow, usePolled } from './hooks.ts';
import { emptyTrack, syncEstimate, type SyncTrack, timeLeftText, trackSync } from './sync-estimate.ts';
import './home.css';

/** How often the network's hash rate is estimated again. */
const HASHRATE_REFRESH_MS = 10_000;
/** How often the whole node state is read again while Home shows. */
const INFO_REFRESH_MS = 10_000;
/** Log lines the "node stopped" panel shows. */
const STOPPED_LOG_LINES = 20;
/** A newest block older than this while no peer is connected: the node may well be behind. */
const STALE_SINK_MS = 10 * 60_000;

/**
 * The sync's progress sampled as it arrives, from the app's start (not the screen's), so the time
 * left survives moving between screens. The screen re-reads it every second.
 */
let syncTrack: SyncTrack = emptyTrack();
useNodeStore.subscribe((state, previous) => {
  if (state.sync !== previous.sync) syncTrack = trackSync(syncTrack, state.sync, Date.now());
});

/**
 * Reads getInfo again now and then: notifications do not carry everything (the sink's time, the
 * tips), and a sync that ends without a 'done' (an IBD that failed, or found nothing to fetch)
 * would otherwise show as running until the next one.
 */
function useInfoRefresh(): void {
  const { data } = usePolled('getInfo', {}, INFO_REFRESH_MS);
  useEffect(() => {
    // Mining, peers and the pool have notifications of their own, which may be newer than this answer.
    if (data) useNodeStore.setState({ info: data, sync: data.sync });
  }, [data]);
}

function SyncProgressView({ sync, now }: { sync: SyncStatus; now: number }) {
  if (sync.stage === 'negotiating' || sync.stage === 'done') {
    return (
      <div className="sync-line" data-testid="home-sync">
        <Spinner label="Syncing" />
        <span>
          Finding where our chain meets the chain of peer <Hash value={sync.peer} chars={6} />…
        </span>
      </div>
    );
  }
  const what = sync.stage === 'headers' ? 'Downloading headers' : 'Downloading blocks';
  const done = Math.min(sync.done, sync.total);
  const left = Math.max(0, sync.total - sync.done);
  const share = percent(sync.done, sync.total);
  const estimate = syncEstimate(syncTrack, sync.total, now);
  // The node's figure is the stage's average; the last seconds' rate says more about what is left.
  const rate = estimate?.ratePerSecond ?? sync.ratePerSecond;
  return (
    <div data-testid="home-sync">
      <div className="sync-line">
        <strong>{what}:</strong>
        <span>
          {count(done)} of {sync.stage === 'headers' ? 'about ' : ''}
          {count(sync.total)} ({share}%), {count(left)} left
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={what}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share}
      >
        <div className="progress-fill" style={{ width: `${share}%` }} />
      </div>
      <div className="sync-hint muted">
        {estimate ? timeLeftText(estimate.secondsLeft) : 'estimating…'}
        {rate > 0 && ` · ${count(Math.round(rate))} per second`} · from peer <Hash value={sync.peer} chars={6} />
      </div>
    </div>
  );
}

function SyncedView({ info, peerCount, now }: { info: NodeInfo; peerCount: number; now: number }) {
  const newestArrival = useNodeStore((s) => s.recentBlocks[0]?.timestamp ?? 0);
  const newestBlockAt = Math.max(info.sinkTimestamp, newestArrival);
  const age = Math.max(0, now - newestBlockAt);
  const maybeBehind = peerCount === 0 && age > STALE_SINK_MS;
  return (
    <div data-testid="home-sync">
      <div className="sync-line">
        <span className={`dot ${maybeBehind ? 'busy' : 'ok'}`} aria-hidden="true" />
        <strong>Synced</strong>
        <span className="muted">
          newest block {duration(age)} old (<a href={href('explorer', 'block', info.sink)}>{info.sink.slice(0, 12)}…</a>
          )
        </span>
      </div>
      {maybeBehind && (
        <div className="sync-hint muted">
          No peer is connected, so there may be newer blocks this node has not heard of. See{' '}
          <a href={href('network')}>Network</a>.
        </div>
      )}
    </div>
  );
}

function NetworkHashrate() {
  const { data, error } = usePolled('estimateNetworkHashesPerSecond', {}, HASHRATE_REFRESH_MS);
  return (
    <Stat
      label="Network hash rate"
      testId="home-hashrate"
      value={data ? siUnits(data.hashesPerSecond, 'H/s') : error ? '—' : <Spinner />}
      hint={error && !data ? error.message : 'from recent difficulty'}
    />
  );
}

function NodeStopped({ reason, logs }: { reason: string | null; logs: LogLineJson[] }) {
  const last = logs.slice(-STOPPED_LOG_LINES);
  return (
    <Card title="The node has stopped" testId="node-stopped">
      <p className="stopped-reason">
        {reason ?? 'The connection to the node was closed.'} Nothing on the screens updates until the node runs again:
        start the app (or <code>dagwallet node</code>) again, then reload this page.
      </p>
      {last.length > 0 ? (
        <>
          <h3 className="stopped-log-title">
            The node&rsquo;s last {last.length === 1 ? 'line' : `${last.length} lines`}
          </h3>
          <ol className="stopped-log mono">
            {last.map((line) => (
              <li key={line.seq} className={`level-${line.level}`}>
                <span className="muted">{clock(line.time)}</span> <span className="muted">{line.source}</span>{' '}
                {line.message}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="muted">The node wrote no log lines this app received.</p>
      )}
    </Card>
  );
}

export function HomeScreen(_props: { path: string[] }) {
  const connection = useNodeStore((s) => s.connection);
  const stoppedReason = useNodeStore((s) => s.stoppedReason);
  const info = useNodeStore((s) => s.info);
  const sync = useNodeStore((s) => s.sync);
  const peerCount = useNodeStore((s) => s.peerCount);
  const mempoolSize = useNodeStore((s) => s.mempoolSize);
  const mining = useNodeStore((s) => s.mining);
  const logs = useNodeStore((s) => s.logs);
  const now = useNow(1000);
  useInfoRefresh();

  const stopped = connection === 'closed' || stoppedReason !== null;
  if (stopped) {
    return (
      <div className="home">
        <h1>Home</h1>
        <NodeStopped reason={stoppedReason} logs={logs} />
      </div>
    );
  }
  if (!info) {
    return (
      <div className="home">
        <h1>Home</h1>
        <Card>
          <div className="sync-line" data-testid="home-sync">
            <Spinner label="Connecting" />
            <span>{connection === 'open' ? 'Reading the node’s state…' : 'Connecting to the node…'}</span>
          </div>
        </Card>
      </div>
    );
  }
  return (
    <div className="home">
      <h1>Home</h1>
      {connection === 'connecting' && (
        <Notice kind="warning">
          The connection to the node dropped; reconnecting… The figures below may be out of date.
        </Notice>
      )}
      <Card title={sync ? 'Syncing with the network' : 'Chain'}>
        {sync ? <SyncProgressView sync={sync} now={now} /> : <SyncedView info={info} peerCount={peerCount} now={now} />}
      </Card>
      <div className="grid home-stats">
        <Stat
          label="Peers"
          testId="home-peers"
          value={<a href={href('network')}>{count(peerCount)}</a>}
          hint={peerCount === 0 ? 'not connected to anyone' : peerCount === 1 ? 'connected node' : 'connected nodes'}
        />
        <Stat label="DAA score" testId="home-daa" value={count(info.virtualDaaScore)} hint="the DAG’s clock" />
        <Stat label="Blue score" value={count(info.sinkBlueScore)} hint="of the newest chain block" />
        <Stat label="Blocks" value={count(info.blockCount)} hint="in the DAG" />
        <Stat
          label="Mempool"
          value={count(mempoolSize)}
          hint={mempoolSize === 1 ? 'transaction waiting' : 'transactions waiting'}
        />
        <NetworkHashrate />
      </div>
      <Card title="This node">
        <dl className="node-facts">
          <dt>Network</dt>
          <dd>
            <span className="network-badge">{info.network}</span> <span className="muted">addresses start with</span>{' '}
            <code>{info.addressPrefix}:</code>
          </dd>
          <dt>Version</dt>
          <dd data-testid="home-version">dagwallet {info.version}</dd>
          <dt>Mining</dt>
          <dd>
            {mining?.running ? (
              <>
                {siUnits(mining.hashesPerSecond, 'H/s')} on {mining.threads} thread(s), {count(mining.blocksFound)}{' '}
                block(s) found · <a href={href('mining')}>Mining</a>
              </>
            ) : (
              <>
                off · <a href={href('mining')}>start mining</a>
              </>
            )}
          </dd>
          <dt>Coinbase maturity</dt>
          <dd>{count(info.coinbaseMaturity)} DAA score</dd>
        </dl>
      </Card>
    </div>
  );
}
