import type { WalletBalanceJson } from '../../../src-shared/api.ts';
import { type CallState, useCall } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Amount, Card, ErrorNotice, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';
import { useWalletRefreshKey } from './hooks.ts';

/** The wallet's balance, re-read (at most twice a second) when the chain or the mempool moves. */
export function useWalletBalance(): CallState<WalletBalanceJson> {
  const refreshKey = useWalletRefreshKey();
  return useCall('walletBalance', {}, [refreshKey]);
}

function Figure({ sompi, testId }: { sompi: string | undefined; testId: string }) {
  return <span data-testid={testId}>{sompi === undefined ? '—' : <Amount sompi={sompi} />}</span>;
}

export function BalanceCard({ balance }: { balance: CallState<WalletBalanceJson> }) {
  const maturity = useNodeStore((s) => s.info?.coinbaseMaturity);
  const data = balance.data;
  return (
    <Card
      title={<span className="row">Balance {balance.loading && !data && <Spinner label="Loading the balance" />}</span>}
      testId="balance-card"
    >
      <div className="balance">
        <div className="balance-main">
          <div className="stat-label">Spendable</div>
          <div className="balance-spendable">
            <Figure sompi={data?.spendable} testId="balance-spendable" />
          </div>
        </div>
        <div className="balance-parts">
          <div className="stat">
            <div className="stat-label">Pending</div>
            <div className="balance-part">
              <Figure sompi={data?.pending} testId="balance-pending" />
            </div>
            <div className="stat-hint">Incoming, not yet in a block</div>
          </div>
          <div className="stat">
            <div className="stat-label">Immature</div>
            <div className="balance-part">
              <Figure sompi={data?.immature} testId="balance-immature" />
            </div>
            <div className="stat-hint">
              Mining rewards{maturity ? `, spendable after ${maturity.toLocaleString('en-US')} confirmations` : ''}
            </div>
          </div>
          <div className="stat">
            <div className="stat-label">Total</div>
            <div className="balance-part">
              <Figure sompi={data?.total} testId="balance-total" />
            </div>
            <div className="stat-hint">Everything the wallet holds</div>
          </div>
        </div>
      </div>
      <ErrorNotice
        error={balance.error && `The balance could not be read: ${walletErrorText(balance.error)}`}
        testId="balance-error"
      />
    </Card>
  );
}
