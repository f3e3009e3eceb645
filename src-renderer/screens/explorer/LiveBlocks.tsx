import { useEffect, useMemo, useRef, useState } from 'react';
import type { BlockSummaryJson } from '../../../src-shared/api.ts';
import { type CallError, callError, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Card, ErrorNotice, Spinner, timeAgo } from '../../ui/components.tsx';
import { formatCount, mergeLiveRows } from './explorer-format.ts';
import { BlockLink, useNow } from './explorer-parts.tsx';

/** Rows the list shows; its height is reserved for them, so arrivals never push the page. */
const ROWS = 20;
/** Below this many rows the list says that more will come. */
const FEW_ROWS = 5;

export function LiveBlocks() {
  const client = useClient();
  const live = useNodeStore((state) => state.recentBlocks);
  const [seed, setSeed] = useState<BlockSummaryJson[] | null>(null);
  const [seedError, setSeedError] = useState<CallError | null>(null);
  const now = useNow(1000);

  useEffect(() => {
    // The store only holds blocks announced since the app started: read the newest ones once.
    if (useNodeStore.getState().recentBlocks.length >= ROWS) {
      setSeed([]);
      return;
    }
    let current = true;
    client.call('getRecentBlocks', { limit: ROWS }).then(
      (blocks) => current && setSeed(blocks),
      (error: unknown) => {
        if (!current) return;
        setSeed([]);
        setSeedError(callError(error));
      },
    );
    return () => {
      current = false;
    };
  }, [client]);

  const rows = useMemo(() => mergeLiveRows(live, seed ?? [], ROWS), [live, seed]);
  // Rows present when the list first filled are not "new"; later arrivals flash once.
  const firstHashes = useRef<Set<string> | null>(null);
  if (firstHashes.current === null && seed !== null) firstHashes.current = new Set(rows.map((row) => row.hash));

  return (
    <Card title="Latest blocks" actions={<span className="muted live-dot">Live</span>} testId="live-blocks">
      {seedError && rows.length === 0 && (
        <ErrorNotice error={`Could not read the latest blocks: ${seedError.message}`} />
      )}
      <div className="live-blocks-frame">
        <table className="live-blocks-table">
          <colgroup>
            <col className="col-hash" />
            <col className="col-number" />
            <col className="col-number" />
            <col className="col-small" />
            <col className="col-age" />
          </colgroup>
          <thead>
            <tr>
              <th>Block</th>
              <th className="number">DAA score</th>
              <th className="number">Blue score</th>
              <th className="number">Txs</th>
              <th className="number">Age</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.hash}
                className={firstHashes.current && !firstHashes.current.has(row.hash) ? 'live-block-new' : undefined}
                data-testid="live-block-row"
              >
                <td>
                  <BlockLink hash={row.hash} chars={14} />
                </td>
                <td className="number">{formatCount(row.daaScore)}</td>
                <td className="number">{formatCount(row.blueScore)}</td>
                <td className="number">{formatCount(row.transactionCount)}</td>
                <td className="number muted">{timeAgo(row.timestamp, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && seed === null && (
          <div className="explorer-loading" role="status">
            <Spinner /> Reading the latest blocks…
          </div>
        )}
        {rows.length < FEW_ROWS && seed !== null && !seedError && (
          <p className="muted explorer-empty">
            {rows.length <= 1 ? 'No blocks yet besides genesis.' : 'Only a few blocks so far.'} New blocks show up here
            the moment this node accepts them.
          </p>
        )}
      </div>
    </Card>
  );
}
