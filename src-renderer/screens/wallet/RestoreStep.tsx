import { type FormEvent, useState } from 'react';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { ErrorNotice, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';
import { applyWalletStatus } from './hooks.ts';
import { NewPasswordFields, newPasswordProblem } from './PasswordFields.tsx';
import { describeWordCount, normalizeWord, splitWords } from './recovery-phrase.ts';

/**
 * Restore from 12 or 24 words. The node checks the words (and says which position is unknown or
 * that the checksum fails), then looks for the addresses the wallet already used.
 */
export function RestoreStep({ onBack }: { onBack(): void }) {
  const client = useClient();
  const [phrase, setPhrase] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const [attempted, setAttempted] = useState(false);

  const words = splitWords(phrase);
  const count = describeWordCount(words.length);
  const passwordProblem = newPasswordProblem(password, confirm);
  const problem = !count.complete ? 'Enter the 12 or 24 words of the recovery phrase.' : passwordProblem;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (busy || problem) return;
    setBusy(true);
    setError(undefined);
    try {
      const status = await client.call('walletRestore', {
        words: words.map(normalizeWord).join(' '),
        password,
        ...(passphrase !== '' ? { bip39Passphrase: passphrase } : {}),
      });
      setPhrase('');
      setPassphrase('');
      applyWalletStatus(status);
    } catch (cause) {
      setError(callError(cause));
      setBusy(false);
    }
  };

  return (
    <form className="restore-step" onSubmit={(event) => void submit(event)} noValidate>
      <h2>Restore from a recovery phrase</h2>
      <label>
        Recovery phrase
        <textarea
          rows={4}
          value={phrase}
          onChange={(event) => setPhrase(event.target.value)}
          placeholder="word1 word2 word3 …"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          autoFocus
          disabled={busy}
          aria-describedby="restore-word-count"
          data-testid="restore-words"
        />
        <span
          id="restore-word-count"
          className={attempted && !count.complete ? 'field-error' : 'field-hint'}
          data-testid="restore-word-count"
          aria-live="polite"
        >
          {count.text}
          {count.complete && ' ✓'}
        </span>
      </label>
      <details className="advanced">
        <summary>Advanced</summary>
        <label>
          BIP39 passphrase (optional)
          <input
            type="password"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            autoComplete="off"
            disabled={busy}
            data-testid="restore-passphrase"
          />
          <span className="field-hint">
            Only if the wallet was made with an extra passphrase (the “25th word”). A different passphrase opens a
            different, empty wallet.
          </span>
        </label>
      </details>
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
      {attempted && problem && !busy && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
      <ErrorNotice error={error && walletErrorText(error)} testId="restore-error" />
      {busy && (
        <div className="notice progress-notice" role="status" data-testid="restore-progress">
          <Spinner label="Restoring" /> Finding your addresses… The node looks for every address the wallet used, which
          can take a moment.
        </div>
      )}
      <div className="row step-buttons">
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" disabled={busy} data-testid="restore-submit">
          {busy ? 'Restoring…' : 'Restore the wallet'}
        </button>
      </div>
    </form>
  );
}
