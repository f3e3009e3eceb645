import { type FormEvent, useEffect, useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { Card, ErrorNotice, Notice, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';
import { MnemonicGrid } from './MnemonicGrid.tsx';
import { NewPasswordFields, newPasswordProblem } from './PasswordFields.tsx';

/** How long a revealed phrase stays on screen. */
const REVEAL_SECONDS = 60;

/** Shows the recovery phrase after the password; hides it after a minute, on request, or when the screen goes. */
function RevealPhrase() {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [words, setWords] = useState<string[] | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(REVEAL_SECONDS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();

  useEffect(() => {
    if (!words) return;
    const shownAt = Date.now();
    const timer = setInterval(() => {
      const left = REVEAL_SECONDS - Math.floor((Date.now() - shownAt) / 1000);
      if (left <= 0) setWords(null);
      else setSecondsLeft(left);
    }, 250);
    return () => clearInterval(timer);
  }, [words]);

  // Unmounting drops the state; this also covers a tab hidden for long (timers are throttled there).
  useEffect(() => {
    const hide = () => document.hidden && setWords(null);
    document.addEventListener('visibilitychange', hide);
    return () => document.removeEventListener('visibilitychange', hide);
  }, []);

  const reveal = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || password === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await client.call('walletRevealMnemonic', { password });
      setPassword('');
      setSecondsLeft(REVEAL_SECONDS);
      setWords(result.words);
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setWords(null);
    setPassword('');
    setError(undefined);
    setOpen(false);
  };

  if (words)
    return (
      <div className="security-section" data-testid="reveal-panel">
        <h3>Recovery phrase</h3>
        <Notice kind="warning">
          Anyone who sees these words can take the coins. Make sure nobody is watching your screen.
        </Notice>
        <MnemonicGrid words={words} testId="reveal-word" />
        <div className="row">
          <button type="button" onClick={close} data-testid="reveal-hide">
            Hide now
          </button>
          <span className="muted" data-testid="reveal-countdown">
            Hidden automatically in {secondsLeft} s
          </span>
        </div>
      </div>
    );
  return (
    <div className="security-section">
      <div className="security-head">
        <div>
          <h3>Recovery phrase</h3>
          <p className="muted">The words that restore this wallet anywhere. Show them only to write them down.</p>
        </div>
        {!open && (
          <button type="button" className="secondary" onClick={() => setOpen(true)} data-testid="reveal-open">
            Show recovery phrase
          </button>
        )}
      </div>
      {open && (
        <form className="security-form" onSubmit={(event) => void reveal(event)} noValidate>
          <label>
            Password
            <input
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              data-testid="reveal-password"
            />
          </label>
          <ErrorNotice error={error && walletErrorText(error)} testId="reveal-error" />
          <div className="row">
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" disabled={busy || password === ''} data-testid="reveal-submit">
              Show the words
            </button>
            {busy && <Spinner label="Checking the password" />}
          </div>
        </form>
      )}
    </div>
  );
}

function ChangePassword() {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const [attempted, setAttempted] = useState(false);
  const [done, setDone] = useState(false);
  const problem = oldPassword === '' ? 'Enter the current password.' : newPasswordProblem(newPassword, confirm);

  const reset = () => {
    setOldPassword('');
    setNewPassword('');
    setConfirm('');
    setError(undefined);
    setAttempted(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (busy || problem) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.call('walletChangePassword', { oldPassword, newPassword });
      reset();
      setOpen(false);
      setDone(true);
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="security-section">
      <div className="security-head">
        <div>
          <h3>Password</h3>
          <p className="muted">Encrypts the wallet file on this computer. The recovery phrase stays the same.</p>
        </div>
        {!open && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDone(false);
              setOpen(true);
            }}
            data-testid="change-password-open"
          >
            Change password
          </button>
        )}
      </div>
      {done && (
        <Notice kind="success" testId="change-password-done">
          The password is changed. Use the new one from now on.
        </Notice>
      )}
      {open && (
        <form className="security-form" onSubmit={(event) => void submit(event)} noValidate>
          <label>
            Current password
            <input
              type="password"
              autoComplete="current-password"
              autoFocus
              value={oldPassword}
              onChange={(event) => setOldPassword(event.target.value)}
              data-testid="change-old-password"
            />
          </label>
          <NewPasswordFields
            label="New password"
            password={newPassword}
            confirm={confirm}
            onPassword={setNewPassword}
            onConfirm={setConfirm}
            testIds={{
              password: 'change-new-password',
              confirm: 'change-confirm-password',
              strength: 'change-password-strength',
            }}
          />
          {attempted && problem && (
            <div className="field-error" role="alert">
              {problem}
            </div>
          )}
          <ErrorNotice error={error && walletErrorText(error)} testId="change-password-error" />
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => {
                reset();
                setOpen(false);
              }}
            >
              Cancel
            </button>
            <button type="submit" disabled={busy} data-testid="change-password-submit">
              {busy ? 'Changing…' : 'Change password'}
            </button>
            {busy && <Spinner label="Changing the password" />}
          </div>
        </form>
      )}
    </div>
  );
}

export function SecurityCard({ wallet }: { wallet: WalletStatus }) {
  return (
    <Card title="Security" testId="security-card">
      <RevealPhrase />
      <ChangePassword />
      <p className="field-hint security-file">
        Wallet file: <code>{wallet.file}</code>
        {wallet.autoLockMinutes > 0 &&
          ` · locks itself after ${wallet.autoLockMinutes} ${wallet.autoLockMinutes === 1 ? 'minute' : 'minutes'} without use`}
      </p>
    </Card>
  );
}
