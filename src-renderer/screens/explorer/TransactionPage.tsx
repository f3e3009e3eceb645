import type { TransactionJson } from '../../../src-shared/api.ts';
import { useCall } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Amount, Card, CopyButton, Stat } from '../../ui/components.tsx';
import {
  TRANSACTION_STATUS_HINT,
  TRANSACTION_STATUS_TEXT,
  formatCount,
  hexByteLength,
  splitOutpoint,
} from './explorer-format.ts';
import {
  AddressLink,
  Badge,
  BlockLink,
  Field,
  Fields,
  LinkList,
  PageState,
  TransactionLink,
  useChainVersion,
} from './explorer-parts.tsx';

/** Subnetwork of ordinary transactions (all zeros); the coinbase's is 01 followed by zeros. */
const NATIVE_SUBNETWORK = /^0+$/;

export function TransactionPage({ id }: { id: string }) {
  const chainVersion = useChainVersion();
  // A pool transaction leaves the pool when a block takes it: re-read then too.
  const mempoolSize = useNodeStore((state) => state.mempoolSize);
  const { data, error, loading, reload } = useCall('getTransaction', { transactionId: id }, [
    chainVersion,
    mempoolSize,
  ]);
  const transaction = data?.transactionId === id ? data : undefined;
  return (
    <div className="explorer-page" data-testid="tx-page">
      <h1>Transaction</h1>
      {transaction ? (
        <TransactionDetails transaction={transaction} />
      ) : (
        <PageState loading={loading} error={error} subject="transaction" id={id} onRetry={reload} />
      )}
    </div>
  );
}

function TransactionDetails({ transaction }: { transaction: TransactionJson }) {
  const outputTotal = transaction.outputs.reduce((sum, output) => sum + BigInt(output.amount), 0n);
  const statusKind = transaction.status === 'accepted' ? 'good' : transaction.status === 'mempool' ? 'pending' : 'warn';
  return (
    <>
      <Card>
        <div className="explorer-id-row">
          <span className="hash explorer-id" data-testid="tx-id">
            {transaction.transactionId}
          </span>
          <CopyButton text={transaction.transactionId} label="Copy id" />
        </div>
        <div className="explorer-badges">
          <Badge kind={statusKind} testId="tx-status" title={TRANSACTION_STATUS_HINT[transaction.status]}>
            {TRANSACTION_STATUS_TEXT[transaction.status]}
          </Badge>
          {transaction.isCoinbase && (
            <Badge
              kind="coinbase"
              title="Pays the miner of a block: new coins and the fees of the transactions it accepts"
            >
              Coinbase
            </Badge>
          )}
          <span className="muted explorer-status-hint">{TRANSACTION_STATUS_HINT[transaction.status]}</span>
        </div>
        <div className="grid explorer-stats">
          <Stat
            label="Confirmations"
            value={
              <span data-testid="tx-confirmations" data-value={transaction.confirmations}>
                {formatCount(transaction.confirmations)}
              </span>
            }
          />
          <Stat label="Output total" value={<Amount sompi={outputTotal.toString()} />} />
          <Stat
            label="Fee"
            value={
              <span data-testid="tx-fee">{transaction.fee === null ? '—' : <Amount sompi={transaction.fee} />}</span>
            }
            hint={
              transaction.fee === null
                ? transaction.isCoinbase
                  ? 'none: a coinbase pays no fee'
                  : 'not every input is known'
                : undefined
            }
          />
          <Stat
            label="Mass"
            value={
              <span data-testid="tx-mass">
                {transaction.mass === null ? '—' : `${formatCount(transaction.mass)} g`}
              </span>
            }
            hint={transaction.mass === null ? 'not computed' : undefined}
          />
        </div>
      </Card>

      <Card title="Details">
        <Fields testId="tx-details">
          <Field label="Accepted by" testId="tx-accepting-block">
            {transaction.acceptingBlock ? (
              <>
                <BlockLink hash={transaction.acceptingBlock} />
                {transaction.acceptingBlueScore !== null && (
                  <span className="muted"> at blue score {formatCount(transaction.acceptingBlueScore)}</span>
                )}
              </>
            ) : (
              <span className="muted">No chain block has accepted it yet</span>
            )}
          </Field>
          <Field label={`In blocks (${transaction.blocks.length})`}>
            <LinkList
              items={transaction.blocks}
              render={(hash) => <BlockLink hash={hash} />}
              empty={transaction.status === 'mempool' ? 'None yet: it waits in the mempool' : 'None known'}
              testId="tx-blocks"
            />
          </Field>
          <Field label="Hash">
            <span className="hash wrap">{transaction.hash}</span>
          </Field>
          <Field label="Version">{transaction.version}</Field>
          <Field label="Lock time">
            {transaction.lockTime === '0' ? (
              <span className="muted">None</span>
            ) : (
              <span className="mono">{transaction.lockTime}</span>
            )}
          </Field>
          <Field label="Subnetwork">
            <span className="hash">{transaction.subnetworkId}</span>
            {NATIVE_SUBNETWORK.test(transaction.subnetworkId) && <span className="muted"> (native)</span>}
          </Field>
        </Fields>
      </Card>

      <Card title={`Inputs (${transaction.inputs.length})`} testId="tx-inputs">
        {transaction.inputs.length === 0 ? (
          <p className="muted">{transaction.isCoinbase ? 'None: a coinbase creates new coins.' : 'None.'}</p>
        ) : (
          <div className="explorer-table-scroll">
            <table>
              <thead>
                <tr>
                  <th className="col-index">#</th>
                  <th>Spends</th>
                  <th>From address</th>
                  <th className="number">Amount</th>
                </tr>
              </thead>
              <tbody>
                {transaction.inputs.map((input, index) => {
                  const spent = splitOutpoint(input.previousOutpoint);
                  return (
                    <tr key={`${input.previousOutpoint}-${index}`} data-testid="tx-input">
                      <td className="muted">{index}</td>
                      <td>
                        {spent ? (
                          <>
                            <TransactionLink id={spent.transactionId} chars={8} />
                            <span className="muted">:{spent.index}</span>
                          </>
                        ) : (
                          <span className="hash">{input.previousOutpoint}</span>
                        )}
                      </td>
                      <td>
                        {input.address ? (
                          <AddressLink address={input.address} />
                        ) : (
                          <span className="muted">unknown</span>
                        )}
                      </td>
                      <td className="number">
                        {input.amount === null ? (
                          <span className="muted">unknown</span>
                        ) : (
                          <Amount sompi={input.amount} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title={`Outputs (${transaction.outputs.length})`} testId="tx-outputs">
        {transaction.outputs.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <div className="explorer-table-scroll">
            <table>
              <thead>
                <tr>
                  <th className="col-index">#</th>
                  <th>To address</th>
                  <th className="number">Amount</th>
                </tr>
              </thead>
              <tbody>
                {transaction.outputs.map((output) => (
                  <tr key={output.index} data-testid="tx-output">
                    <td className="muted">{output.index}</td>
                    <td>
                      {output.address ? (
                        <AddressLink address={output.address} />
                      ) : (
                        <span title={output.scriptPublicKey}>
                          <span className="muted">Script without an address </span>
                          <span className="hash">{output.scriptPublicKey.slice(0, 24)}…</span>
                        </span>
                      )}
                    </td>
                    <td className="number">
                      <Amount sompi={output.amount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Payload" testId="tx-payload">
        {transaction.payload === '' ? (
          <p className="muted">Empty.</p>
        ) : (
          <details className="explorer-payload">
            <summary>{formatCount(hexByteLength(transaction.payload))} bytes (hex)</summary>
            <pre className="mono">{transaction.payload}</pre>
            <CopyButton text={transaction.payload} label="Copy payload" />
          </details>
        )}
      </Card>
    </>
  );
}
