import type { AddressInfoJson } from '../../../src-shared/api.ts';
import { useCall } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Amount, Card, CopyButton, Stat, timeAgo } from '../../ui/components.tsx';
import { formatCount, formatTime, netSompi, splitOutpoint } from './explorer-format.ts';
import { Badge, BlockLink, PageState, TransactionLink, useChainVersion, useNow } from './explorer-parts.tsx';

/** How many UTXOs and transactions the page asks for. */
const LIMIT = 100;

export function AddressPage({ address }: { address: string }) {
  const chainVersion = useChainVersion();
  const mempoolSize = useNodeStore((state) => state.mempoolSize);
  const { data, error, loading, reload } = useCall('getAddressInfo', { address, limit: LIMIT }, [
    chainVersion,
    mempoolSize,
  ]);
  const info = data?.address === address ? data : undefined;
  return (
    <div className="explorer-page" data-testid="address-page">
      <h1>Address</h1>
      {info ? (
        <AddressDetails info={info} />
      ) : (
        <PageState loading={loading} error={error} subject="address" id={address} onRetry={reload} />
      )}
    </div>
  );
}

function AddressDetails({ info }: { info: AddressInfoJson }) {
  const now = useNow(5000);
  const coinbaseMaturity = useNodeStore((state) => state.info?.coinbaseMaturity ?? null);
  const virtualDaaScore = useNodeStore((state) => state.info?.virtualDaaScore ?? null);
  return (
    <>
      <Card>
        <div className="explorer-id-row">
          <span className="hash explorer-id" data-testid="address-value">
            {info.address}
          </span>
          <CopyButton text={info.address} label="Copy address" />
        </div>
        <div className="grid explorer-stats">
          <Stat
            label="Balance"
            value={
              <span data-testid="address-balance" data-value={info.balance}>
                <Amount sompi={info.balance} />
              </span>
            }
          />
          <Stat
            label="Unspent outputs"
            value={<span data-testid="address-utxo-count">{formatCount(info.utxoCount)}</span>}
          />
          <Stat
            label="Transactions"
            value={<span data-testid="address-tx-count">{formatCount(info.transactionCount)}</span>}
          />
        </div>
      </Card>

      <Card title={`Unspent outputs (${formatCount(info.utxoCount)})`} testId="address-utxos">
        {info.utxos.length === 0 ? (
          <p className="muted">None: this address holds no coins.</p>
        ) : (
          <>
            {info.utxoCount > info.utxos.length && (
              <p className="muted explorer-card-intro">
                The largest {formatCount(info.utxos.length)} of {formatCount(info.utxoCount)}.
              </p>
            )}
            <div className="explorer-table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>Output</th>
                    <th className="number">DAA score</th>
                    <th className="number">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {info.utxos.map((utxo) => {
                    const outpoint = splitOutpoint(utxo.outpoint);
                    const immature =
                      utxo.isCoinbase &&
                      coinbaseMaturity !== null &&
                      virtualDaaScore !== null &&
                      virtualDaaScore - utxo.blockDaaScore < coinbaseMaturity;
                    return (
                      <tr key={utxo.outpoint} data-testid="address-utxo">
                        <td>
                          {outpoint ? (
                            <>
                              <TransactionLink id={outpoint.transactionId} chars={12} />
                              <span className="muted">:{outpoint.index}</span>
                            </>
                          ) : (
                            <span className="hash">{utxo.outpoint}</span>
                          )}
                          {utxo.isCoinbase && (
                            <Badge
                              kind="coinbase"
                              title={immature ? 'A coinbase output not yet spendable (maturity)' : 'From a coinbase'}
                            >
                              {immature ? 'Coinbase, immature' : 'Coinbase'}
                            </Badge>
                          )}
                        </td>
                        <td className="number">{formatCount(utxo.blockDaaScore)}</td>
                        <td className="number">
                          <Amount sompi={utxo.amount} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Card>

      <Card title={`Transactions (${formatCount(info.transactionCount)})`} testId="address-transactions">
        {info.transactions.length === 0 ? (
          <p className="muted">No accepted transaction has touched this address yet.</p>
        ) : (
          <>
            {info.transactionCount > info.transactions.length && (
              <p className="muted explorer-card-intro">
                The newest {formatCount(info.transactions.length)} of {formatCount(info.transactionCount)}.
              </p>
            )}
            <div className="explorer-table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>Transaction</th>
                    <th>Time</th>
                    <th>Accepted by</th>
                    <th className="number">Net</th>
                    <th className="number">Confirmations</th>
                  </tr>
                </thead>
                <tbody>
                  {info.transactions.map((transaction) => (
                    <tr key={transaction.transactionId} data-testid="address-tx">
                      <td>
                        <TransactionLink id={transaction.transactionId} chars={12} />
                      </td>
                      <td title={formatTime(transaction.timestamp)} className="muted">
                        {timeAgo(transaction.timestamp, now)}
                      </td>
                      <td>
                        <BlockLink hash={transaction.acceptingBlock} chars={8} />
                      </td>
                      <td
                        className="number"
                        title={`Received ${transaction.received} sompi, sent ${transaction.sent} sompi`}
                      >
                        <Amount sompi={netSompi(transaction.received, transaction.sent)} signed />
                      </td>
                      <td className="number">{formatCount(transaction.confirmations)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Card>
    </>
  );
}
