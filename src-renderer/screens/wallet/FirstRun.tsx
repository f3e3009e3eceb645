import { useCallback, useEffect, useRef, useState } from 'react';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { ErrorNotice, Spinner } from '../../ui/components.tsx';
import { CreatePasswordStep, MnemonicStep, QuizStep } from './CreateSteps.tsx';
import { pickQuizPositions } from './recovery-phrase.ts';
import { RestoreStep } from './RestoreStep.tsx';
import { SetupStep } from './SetupStep.tsx';

type Flow = 'create' | 'restore';
type Step = 'welcome' | 'setup' | 'words' | 'quiz' | 'password' | 'restore';

const QUIZ_SIZE = 4;

const STEPS: Record<Flow, { step: Step; label: string }[]> = {
  create: [
    { step: 'welcome', label: 'Start' },
    { step: 'setup', label: 'Network' },
    { step: 'words', label: 'Write down' },
    { step: 'quiz', label: 'Check' },
    { step: 'password', label: 'Password' },
  ],
  restore: [
    { step: 'welcome', label: 'Start' },
    { step: 'setup', label: 'Network' },
    { step: 'restore', label: 'Restore' },
  ],
};

/**
 * The first start: create a wallet (a new phrase, written down and checked, then a password) or
 * restore one from its phrase. The phrase lives in this component's state only, dropped as soon
 * as the wallet exists or the user leaves the flow.
 */
export function FirstRun() {
  const client = useClient();
  const [flow, setFlow] = useState<Flow>('create');
  const [step, setStep] = useState<Step>('welcome');
  const [words, setWords] = useState<string[] | null>(null);
  const [wordsError, setWordsError] = useState<CallError>();
  const [quizPositions, setQuizPositions] = useState<number[]>([]);
  const [quizAnswers, setQuizAnswers] = useState<Record<number, string>>({});
  const [saved, setSaved] = useState(false);
  const generation = useRef(0);

  const forgetPhrase = useCallback(() => {
    generation.current++;
    setWords(null);
    setWordsError(undefined);
    setQuizPositions([]);
    setQuizAnswers({});
    setSaved(false);
  }, []);

  // Nothing of the phrase outlives the flow.
  useEffect(() => forgetPhrase, [forgetPhrase]);

  const fetchWords = useCallback(() => {
    const mine = ++generation.current;
    setWordsError(undefined);
    client.call('walletNewMnemonic', {}).then(
      ({ words: fresh }) => mine === generation.current && setWords(fresh),
      (cause: unknown) => mine === generation.current && setWordsError(callError(cause)),
    );
  }, [client]);

  useEffect(() => {
    if (step === 'words' && words === null && !wordsError) fetchWords();
  }, [step, words, wordsError, fetchWords]);

  const go = (next: Step) => {
    if (next === 'welcome' || next === 'setup') forgetPhrase();
    if (next === 'quiz' && words) {
      setQuizPositions(pickQuizPositions(words.length, QUIZ_SIZE));
      setQuizAnswers({});
    }
    setStep(next);
  };

  const steps = STEPS[flow];
  const index = steps.findIndex((each) => each.step === step);
  const network = useNodeStore((s) => s.info?.network);

  return (
    <div className="wallet-narrow first-run" data-testid="first-run">
      {step !== 'welcome' && (
        <ol className="stepper" aria-label="Steps">
          {steps.map((each, i) => (
            <li
              key={each.step}
              className={i < index ? 'done' : i === index ? 'current' : undefined}
              aria-current={i === index ? 'step' : undefined}
            >
              <span className="stepper-dot">{i < index ? '✓' : i + 1}</span>
              <span className="stepper-label">{each.label}</span>
            </li>
          ))}
        </ol>
      )}
      <section className="card first-run-card">
        {step === 'welcome' && (
          <div className="welcome">
            <div className="welcome-mark" aria-hidden="true" />
            <h1>Welcome to dagwallet</h1>
            <p className="muted">
              A full node and a wallet in one: your computer checks every block itself
              {network ? ` on ${network}` : ''}, and your keys never leave it. Set up a wallet to receive, send and mine
              coins.
            </p>
            <div className="choices">
              <button
                type="button"
                className="choice"
                onClick={() => {
                  setFlow('create');
                  go('setup');
                }}
                data-testid="create-wallet"
              >
                <span className="choice-title">Create a new wallet</span>
                <span className="choice-text">Get a new 24-word recovery phrase and choose a password.</span>
              </button>
              <button
                type="button"
                className="choice"
                onClick={() => {
                  setFlow('restore');
                  go('setup');
                }}
                data-testid="restore-wallet"
              >
                <span className="choice-title">Restore a wallet</span>
                <span className="choice-text">Use the 12 or 24 words of a wallet you already have.</span>
              </button>
            </div>
          </div>
        )}
        {step === 'setup' && (
          <SetupStep onBack={() => go('welcome')} onContinue={() => go(flow === 'create' ? 'words' : 'restore')} />
        )}
        {step === 'words' &&
          (words ? (
            <MnemonicStep
              words={words}
              saved={saved}
              onSaved={setSaved}
              onBack={() => go('setup')}
              onContinue={() => go('quiz')}
            />
          ) : wordsError ? (
            <div>
              <ErrorNotice
                error={`A recovery phrase could not be made: ${wordsError.message}`}
                testId="mnemonic-error"
              />
              <div className="row step-buttons">
                <button type="button" className="secondary" onClick={() => go('setup')}>
                  Back
                </button>
                <button type="button" onClick={() => setWordsError(undefined)}>
                  Try again
                </button>
              </div>
            </div>
          ) : (
            <div className="row step-loading">
              <Spinner label="Making a recovery phrase" /> <span className="muted">Making a recovery phrase…</span>
            </div>
          ))}
        {step === 'quiz' && words && (
          <QuizStep
            words={words}
            positions={quizPositions}
            answers={quizAnswers}
            onAnswers={setQuizAnswers}
            onBackToWords={() => {
              setSaved(false);
              setStep('words');
            }}
            onContinue={() => setStep('password')}
          />
        )}
        {step === 'password' && words && (
          <CreatePasswordStep
            quiz={quizPositions.map((position) => ({ position, word: quizAnswers[position] ?? '' }))}
            onCreated={forgetPhrase}
            onBack={() => setStep('quiz')}
            onStartAgain={() => {
              forgetPhrase();
              setStep('words');
            }}
          />
        )}
        {step === 'restore' && <RestoreStep onBack={() => go('setup')} />}
      </section>
    </div>
  );
}
