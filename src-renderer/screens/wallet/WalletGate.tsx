import { type ReactNode, useEffect, useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { ErrorNotice, Spinner } from '../../ui/components.tsx';
import { FirstRun } from './FirstRun.tsx';
import { applyWalletStatus } from './hooks.ts';
import { UnlockPanel } from './UnlockPanel.tsx';
import './wallet.css';

/**
 * What stands before a screen that needs the wallet: while its status loads a spinner, without a
 * wallet the first-run steps, while locked the password; unlocked, the screen itself.
 */
export function WalletGate({
  intro,
  children,
}: {
  /** A line above the first-run steps or the password, saying why the screen needs the wallet. */
  intro?: { none?: ReactNode; locked?: ReactNode };
  children: (wallet: WalletStatus) => ReactNode;
}) {
  const state = useNodeStore((s) => s.wallet?.state);
  const wallet = useNodeStore((s) => s.wallet);
  if (!state || !wallet) return <WalletLoading />;
  if (state === 'none')
    return (
      <>
        {intro?.none}
        <FirstRun />
      </>
    );
  if (state === 'locked')
    return (
      <>
        {intro?.locked}
        <UnlockPanel wallet={wallet} />
      </>
    );
  return <>{children(wallet)}</>;
}

/**
 * The status arrives with the first refresh of the node's state; when that refresh failed (it is
 * fire-and-forget), ask again here so the screen never spins forever, and say why when it cannot.
 */
function WalletLoading() {
  const client = useClient();
  const connection = useNodeStore((s) => s.connection);
  const [error, setError] = useState<CallError>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (connection !== 'open') return;
    let current = true;
    // Give the store's own refresh a moment before asking a second time.
    const timer = setTimeout(
      () => {
        client.call('walletStatus', {}).then(
          (status) => current && applyWalletStatus(status),
          (cause: unknown) => current && setError(callError(cause)),
        );
      },
      attempt === 0 ? 1500 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, connection, attempt]);
  if (error)
    return (
      <div className="wallet-loading">
        <ErrorNotice error={`The wallet's status could not be read: ${error.message}`} testId="wallet-status-error" />
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setError(undefined);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </div>
    );
  return (
    <div className="wallet-loading" data-testid="wallet-loading">
      <Spinner label="Loading the wallet" />
      <span className="muted">{connection === 'open' ? 'Loading the wallet…' : 'Connecting to the node…'}</span>
    </div>
  );
}
