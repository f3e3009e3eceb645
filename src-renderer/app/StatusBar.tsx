import { useNodeStore } from '../store/app-store.ts';

/** One line at the top of every screen: connection, sync, peers, DAA score, network. */
export function StatusBar() {
  const connection = useNodeStore((state) => state.connection);
  const info = useNodeStore((state) => state.info);
  const sync = useNodeStore((state) => state.sync);
  const peerCount = useNodeStore((state) => state.peerCount);
  const syncText = sync
    ? `Syncing: ${sync.stage} ${sync.total > 0 ? Math.floor((100 * sync.done) / sync.total) : 0}%`
    : connection === 'open'
      ? 'Synced'
      : connection === 'connecting'
        ? 'Connecting to the node…'
        : 'Node unreachable';
  return (
    <div className="status-bar" data-testid="status-bar">
      <span className={`dot ${connection === 'open' ? (sync ? 'busy' : 'ok') : 'bad'}`} aria-hidden="true" />
      <span data-testid="status-sync">{syncText}</span>
      {info && (
        <>
          <span>{peerCount === 1 ? '1 peer' : `${peerCount} peers`}</span>
          <span>DAA score {info.virtualDaaScore.toLocaleString('en-US')}</span>
          <span className="network-badge">{info.network}</span>
        </>
      )}
    </div>
  );
}
