import { useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { ErrorNotice } from '../../ui/components.tsx';
import { BalanceCard, useWalletBalance } from './BalanceCard.tsx';
import { walletErrorText } from './format.ts';
import { HistoryCard } from './HistoryCard.tsx';
import { applyWalletStatus } from './hooks.ts';
import { ReceiveCard } from './ReceiveCard.tsx';
import { SecurityCard } from './SecurityCard.tsx';
import { SendCard } from './SendCard.tsx';
import { WalletGate } from './WalletGate.tsx';

function LockButton() {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          client.call('walletLock', {}).then(
            (status) => applyWalletStatus(status),
            (cause: unknown) => {
              setError(callError(cause));
              setBusy(false);
            },
          );
        }}
        data-testid="wallet-lock"
      >
        {busy ? 'Locking…' : 'Lock'}
      </button>
      <ErrorNotice error={error && walletErrorText(error)} testId="wallet-lock-error" />
    </>
  );
}

function UnlockedWallet({ wallet }: { wallet: WalletStatus }) {
  const balance = useWalletBalance();
  return (
    <div className="wallet" data-testid="wallet-unlocked">
      <header className="screen-header">
        <h1>Wallet</h1>
        <span className="network-badge">{wallet.network}</span>
        <div className="screen-header-actions">
          <LockButton />
        </div>
      </header>
      <BalanceCard balance={balance} />
      <div className="wallet-columns">
        <ReceiveCard />
        <SendCard balance={balance.data} />
      </div>
      <HistoryCard />
      <SecurityCard wallet={wallet} />
    </div>
  );
}

export function WalletScreen(_props: { path: string[] }) {
  return <WalletGate>{(wallet) => <UnlockedWallet wallet={wallet} />}</WalletGate>;
}
