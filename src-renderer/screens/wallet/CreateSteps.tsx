import { type FormEvent, useState } from 'react';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { ErrorNotice, Notice, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';
import { applyWalletStatus } from './hooks.ts';
import { MnemonicGrid } from './MnemonicGrid.tsx';
import { NewPasswordFields, newPasswordProblem } from './PasswordFields.tsx';
import { normalizeWord, type QuizAnswer, wrongQuizPositions } from './recovery-phrase.ts';

/** The new phrase, to be written down. */
export function MnemonicStep({
  words,
  saved,
  onSaved,
  onBack,
  onContinue,
}: {
  words: string[];
  saved: boolean;
  onSaved(saved: boolean): void;
  onBack(): void;
  onContinue(): void;
}) {
  return (
    <div className="mnemonic-step">
      <h2>Your recovery phrase</h2>
      <Notice kind="warning" testId="mnemonic-warning">
        <strong>Write these {words.length} words down on paper, in this order, and keep them somewhere safe.</strong>{' '}
        They are the only way back into this wallet if the password or this computer is lost, and anyone who sees them
        can take the coins. Never type them into a website or share a photo of them.
      </Notice>
      <MnemonicGrid words={words} testId="mnemonic-word" />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={saved}
          onChange={(event) => onSaved(event.target.checked)}
          data-testid="mnemonic-saved"
        />
        <span>I wrote the {words.length} words down, in order</span>
      </label>
      <div className="row step-buttons">
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
        <button type="button" disabled={!saved} onClick={onContinue} data-testid="mnemonic-continue">
          Continue
        </button>
      </div>
    </div>
  );
}

function positionList(positions: number[]): string {
  const named = positions.map((position) => `#${position}`);
  if (named.length <= 1) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** Four words of the phrase asked back, so a phrase written down wrongly is caught now. */
export function QuizStep({
  words,
  positions,
  answers,
  onAnswers,
  onBackToWords,
  onContinue,
}: {
  words: string[];
  positions: number[];
  answers: Record<number, string>;
  onAnswers(answers: Record<number, string>): void;
  onBackToWords(): void;
  onContinue(): void;
}) {
  const [wrong, setWrong] = useState<number[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const given: QuizAnswer[] = positions.map((position) => ({ position, word: answers[position] ?? '' }));
    const mistakes = wrongQuizPositions(words, given);
    setWrong(mistakes);
    if (mistakes.length === 0) onContinue();
  };
  const complete = positions.every((position) => normalizeWord(answers[position] ?? '') !== '');
  return (
    <form className="quiz-step" onSubmit={submit} noValidate>
      <h2>Check your copy</h2>
      <p className="muted">Enter these words from the phrase you wrote down, reading from your paper.</p>
      <div className="quiz-grid">
        {positions.map((position, i) => (
          <label key={position}>
            Word #{position}
            <input
              value={answers[position] ?? ''}
              onChange={(event) => {
                onAnswers({ ...answers, [position]: event.target.value });
                if (wrong.includes(position)) setWrong(wrong.filter((each) => each !== position));
              }}
              autoComplete="off"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              autoFocus={i === 0}
              aria-invalid={wrong.includes(position) ? true : undefined}
              data-testid="quiz-input"
              data-position={position}
            />
          </label>
        ))}
      </div>
      {wrong.length > 0 && (
        <div className="notice error" role="alert" data-testid="quiz-error">
          {wrong.length === 1 ? 'Word ' : 'Words '}
          {positionList(wrong)} {wrong.length === 1 ? 'does' : 'do'} not match your recovery phrase. Check your paper,
          or look at the words again and correct your copy.
        </div>
      )}
      <div className="row step-buttons">
        <button type="button" className="secondary" onClick={onBackToWords} data-testid="quiz-back">
          Show the words again
        </button>
        <button type="submit" disabled={!complete} data-testid="quiz-submit">
          Check
        </button>
      </div>
    </form>
  );
}

/** The password the wallet file is encrypted with; creating the wallet ends the flow. */
export function CreatePasswordStep({
  quiz,
  onCreated,
  onBack,
  onStartAgain,
}: {
  quiz: QuizAnswer[];
  onCreated(): void;
  onBack(): void;
  /** The node no longer holds the phrase (it waits 15 minutes): a new one must be written down. */
  onStartAgain(): void;
}) {
  const client = useClient();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const [attempted, setAttempted] = useState(false);
  const problem = newPasswordProblem(password, confirm);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (busy || problem) return;
    setBusy(true);
    setError(undefined);
    try {
      const status = await client.call('walletCreate', {
        password,
        quiz: quiz.map(({ position, word }) => ({ position, word: normalizeWord(word) })),
      });
      onCreated();
      applyWalletStatus(status);
    } catch (cause) {
      setError(callError(cause));
      setBusy(false);
    }
  };

  return (
    <form className="password-step" onSubmit={(event) => void submit(event)} noValidate>
      <h2>Choose a password</h2>
      <p className="muted">
        It encrypts the wallet file on this computer and is asked for to unlock the wallet and to send. It is not part
        of the recovery phrase: the phrase alone restores the wallet anywhere.
      </p>
      <NewPasswordFields
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        autoFocus
      />
      {attempted && problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
      <ErrorNotice error={error && walletErrorText(error)} testId="create-error" />
      {error?.code === 'NO_PENDING_MNEMONIC' && (
        <button type="button" className="secondary" onClick={onStartAgain} data-testid="create-start-again">
          Get a new recovery phrase
        </button>
      )}
      <div className="row step-buttons">
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" disabled={busy || password === ''} data-testid="create-submit">
          {busy ? 'Creating the wallet…' : 'Create the wallet'}
        </button>
        {busy && <Spinner label="Creating the wallet" />}
      </div>
    </form>
  );
}
