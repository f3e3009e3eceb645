import { type FormEvent, useRef, useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { ErrorNotice, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';
import { applyWalletStatus } from './hooks.ts';

/** The password form of a locked wallet. A wrong password only says so: no lockout, no delay added here. */
export function UnlockPanel({ wallet }: { wallet: WalletStatus }) {
  const client = useClient();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || password === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const status = await client.call('walletUnlock', { password });
      setPassword('');
      applyWalletStatus(status);
    } catch (cause) {
      setError(callError(cause));
      // Ready for the next try: the text selected, so typing replaces it.
      requestAnimationFrame(() => input.current?.select());
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="wallet-narrow">
      <section className="card unlock-card" data-testid="unlock-panel">
        <div className="unlock-icon" aria-hidden="true">
          <svg width="20" height="20" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.8">
            <rect x="4" y="9" width="12" height="8.5" rx="1.8" />
            <path d="M6.8 9V6.4a3.2 3.2 0 0 1 6.4 0V9" />
          </svg>
        </div>
        <h1>Unlock your wallet</h1>
        <p className="muted">
          The wallet is locked. Its keys stay encrypted in the node until you enter the password.
          {wallet.autoLockMinutes > 0 &&
            ` It locks itself again after ${wallet.autoLockMinutes} ${wallet.autoLockMinutes === 1 ? 'minute' : 'minutes'} without use.`}
        </p>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <label>
            Password
            <input
              ref={input}
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
              data-testid="unlock-password"
            />
          </label>
          <ErrorNotice error={error && walletErrorText(error)} testId="unlock-error" />
          <div className="row">
            <button type="submit" disabled={busy || password === ''} data-testid="unlock-submit">
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
            {busy && <Spinner label="Unlocking" />}
          </div>
        </form>
        <p className="field-hint unlock-file">
          Wallet file: <code>{wallet.file}</code> ({wallet.network}). A forgotten password cannot be recovered: the
          recovery phrase restores the wallet into a new file.
        </p>
      </section>
    </div>
  );
}
