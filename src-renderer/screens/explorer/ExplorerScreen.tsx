import { href } from '../../app/router.ts';
import { useNodeStore } from '../../store/app-store.ts';
import { Card, Stat } from '../../ui/components.tsx';
import { AddressPage } from './AddressPage.tsx';
import { BlockPage } from './BlockPage.tsx';
import { formatCount } from './explorer-format.ts';
import { BlockLink } from './explorer-parts.tsx';
import { LiveBlocks } from './LiveBlocks.tsx';
import { SearchBox } from './SearchBox.tsx';
import { TransactionPage } from './TransactionPage.tsx';
import './explorer.css';

/**
 * The block explorer: #/explorer (search and the live list of blocks), #/explorer/block/<hash>,
 * #/explorer/tx/<id> and #/explorer/address/<address>.
 */
export function ExplorerScreen({ path }: { path: string[] }) {
  const [page, id] = path;
  const routeKey = path.join('/');
  return (
    <div className="explorer">
      <nav className="explorer-top" aria-label="Explorer">
        <div className="explorer-breadcrumbs">
          <a href={href('explorer')}>Explorer</a>
          {page && (
            <>
              <span className="muted" aria-hidden="true">
                ›
              </span>
              <span className="muted">{PAGE_NAMES[page] ?? 'Not found'}</span>
            </>
          )}
        </div>
        <SearchBox routeKey={routeKey} autoFocus={!page} />
      </nav>
      <ExplorerPage page={page} id={id} />
    </div>
  );
}

const PAGE_NAMES: Record<string, string> = { block: 'Block', tx: 'Transaction', address: 'Address' };

function ExplorerPage({ page, id }: { page: string | undefined; id: string | undefined }) {
  if (page === undefined) return <ExplorerHome />;
  if (id && page === 'block') return <BlockPage key={id} hash={id} />;
  if (id && page === 'tx') return <TransactionPage key={id} id={id} />;
  if (id && page === 'address') return <AddressPage key={id} address={id} />;
  return (
    <div className="explorer-page" data-testid="explorer-unknown">
      <h1>Nothing here</h1>
      <p className="muted">
        The explorer shows blocks, transactions and addresses. Search for one above, or go back to the{' '}
        <a href={href('explorer')}>latest blocks</a>.
      </p>
    </div>
  );
}

function ExplorerHome() {
  const info = useNodeStore((state) => state.info);
  const mempoolSize = useNodeStore((state) => state.mempoolSize);
  return (
    <>
      <h1>Explorer</h1>
      <Card>
        <div className="grid explorer-stats">
          <Stat label="Blocks" value={info ? formatCount(info.blockCount) : '—'} hint="known to this node" />
          <Stat label="DAA score" value={info ? formatCount(info.virtualDaaScore) : '—'} />
          <Stat label="Blue score" value={info ? formatCount(info.sinkBlueScore) : '—'} hint="of the sink" />
          <Stat label="Tips" value={info ? formatCount(info.tipCount) : '—'} />
          <Stat label="Mempool" value={formatCount(mempoolSize)} hint="transactions waiting" />
        </div>
        {info && (
          <p className="explorer-sink muted">
            Sink (the newest block of the selected chain): <BlockLink hash={info.sink} chars={16} />
          </p>
        )}
      </Card>
      <LiveBlocks />
    </>
  );
}
