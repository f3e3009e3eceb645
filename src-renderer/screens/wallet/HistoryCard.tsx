import { useState } from 'react';
import { href } from '../../app/router.ts';
import { callError, type CallError, useCall, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Amount, Card, ErrorNotice, Hash, Spinner } from '../../ui/components.tsx';
import { formatDateTime, walletErrorText } from './format.ts';
import { describeStatus, filterHistory, HISTORY_KIND_LABELS, type HistoryKindFilter } from './history-filter.ts';
import { useWalletRefreshKey } from './hooks.ts';

/** The newest entries the table loads; the CSV export has them all. */
const HISTORY_LIMIT = 500;
/** Rows rendered at first; more on request. */
const PAGE_ROWS = 100;

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob by now; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function HistoryCard() {
  const client = useClient();
  const refreshKey = useWalletRefreshKey();
  const history = useCall('walletHistory', { limit: HISTORY_LIMIT }, [refreshKey]);
  const maturity = useNodeStore((s) => s.info?.coinbaseMaturity);
  const [kind, setKind] = useState<HistoryKindFilter>('all');
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState(PAGE_ROWS);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<CallError>();

  const entries = history.data ?? [];
  const shown = filterHistory(entries, kind, search);

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      const { csv, fileName } = await client.call('walletHistoryCsv', {});
      download(csv, fileName);
    } catch (cause) {
      setExportError(callError(cause));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title={
        <span className="row">
          History {history.loading && !history.data && <Spinner label="Loading the history" />}
        </span>
      }
      actions={
        <>
          <select
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as HistoryKindFilter);
              setRows(PAGE_ROWS);
            }}
            aria-label="Kind of transaction"
            data-testid="history-filter"
          >
            <option value="all">All</option>
            {(Object.keys(HISTORY_KIND_LABELS) as (keyof typeof HISTORY_KIND_LABELS)[]).map((each) => (
              <option key={each} value={each}>
                {HISTORY_KIND_LABELS[each]}
              </option>
            ))}
          </select>
          <input
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setRows(PAGE_ROWS);
            }}
            placeholder="Search id or address"
            aria-label="Search by transaction id or address"
            spellCheck={false}
            data-testid="history-search"
          />
          <button
            type="button"
            className="secondary small"
            onClick={() => void exportCsv()}
            disabled={exporting || entries.length === 0}
            data-testid="history-csv"
          >
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </>
      }
      testId="history-card"
    >
      <ErrorNotice
        error={history.error && `The history could not be read: ${walletErrorText(history.error)}`}
        testId="history-error"
      />
      <ErrorNotice
        error={exportError && `The CSV could not be made: ${walletErrorText(exportError)}`}
        testId="history-csv-error"
      />
      {history.data && entries.length === 0 && (
        <p className="empty" data-testid="history-empty">
          No transactions yet. Payments to your addresses and mining rewards show here as soon as the node sees them.
        </p>
      )}
      {entries.length > 0 && shown.length === 0 && (
        <p className="empty" data-testid="history-empty">
          No transaction matches{search.trim() ? ` “${search.trim()}”` : ''}
          {kind !== 'all' ? ` among “${HISTORY_KIND_LABELS[kind]}”` : ''}.
        </p>
      )}
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="history-table">
            <colgroup>
              <col className="col-status" />
              <col className="col-kind" />
              <col className="col-amount" />
              <col className="col-fee" />
              <col className="col-date" />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th>Status</th>
                <th>Kind</th>
                <th className="number">Amount</th>
                <th className="number">Fee</th>
                <th>Date</th>
                <th>Transaction</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, rows).map((entry) => (
                <tr key={entry.transactionId} data-testid="history-row" data-txid={entry.transactionId}>
                  <td>
                    <span className={`badge ${entry.status === 'pending' ? 'badge-pending' : 'badge-confirmed'}`}>
                      {describeStatus(entry, maturity)}
                    </span>
                  </td>
                  <td>{HISTORY_KIND_LABELS[entry.kind]}</td>
                  <td className="number">
                    <Amount sompi={entry.net} signed />
                  </td>
                  <td className="number">
                    {entry.fee ? <Amount sompi={entry.fee} /> : <span className="muted">—</span>}
                  </td>
                  <td className="nowrap" title={new Date(entry.timestamp).toISOString()}>
                    {formatDateTime(entry.timestamp)}
                  </td>
                  <td>
                    <a href={href('explorer', 'tx', entry.transactionId)}>
                      <Hash value={entry.transactionId} chars={8} />
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length > rows && (
        <div className="row table-more">
          <span className="muted">
            Showing {rows.toLocaleString('en-US')} of {shown.length.toLocaleString('en-US')}
          </span>
          <button type="button" className="secondary small" onClick={() => setRows(rows + PAGE_ROWS * 2)}>
            Show more
          </button>
        </div>
      )}
      {entries.length >= HISTORY_LIMIT && shown.length <= rows && (
        <p className="field-hint">
          The newest {HISTORY_LIMIT.toLocaleString('en-US')} transactions are shown; the CSV export has them all.
        </p>
      )}
    </Card>
  );
}
