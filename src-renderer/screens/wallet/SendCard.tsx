import { type FormEvent, useEffect, useState } from 'react';
import type { AddressCheckJson, SendPlanJson, WalletBalanceJson } from '../../../src-shared/api.ts';
import { formatSompi } from '../../../src-shared/amount.ts';
import { href } from '../../app/router.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { Amount, Card, CopyButton, ErrorNotice, Hash, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';
import { readAmount } from './send-form.ts';

const CHECK_DELAY_MS = 150;

const ADDRESS_KINDS: Record<string, string> = {
  'p2pk-schnorr': 'a Schnorr key address',
  'p2pk-ecdsa': 'an ECDSA key address',
  p2sh: 'a script (P2SH) address',
};

/** The recipient checked by the node as it is typed (after a short pause, the newest answer only). */
function useAddressCheck(text: string): { check: AddressCheckJson | null; checking: boolean } {
  const client = useClient();
  const [result, setResult] = useState<{ text: string; check: AddressCheckJson } | null>(null);
  const address = text.trim();
  useEffect(() => {
    if (address === '') return;
    let live = true;
    const timer = setTimeout(() => {
      client.call('checkAddress', { address }).then(
        (check) => live && setResult({ text: address, check }),
        (cause: unknown) =>
          live &&
          setResult({ text: address, check: { valid: false, code: 'CHECK_FAILED', reason: callError(cause).message } }),
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, address]);
  if (address === '') return { check: null, checking: false };
  if (result?.text !== address) return { check: null, checking: true };
  return { check: result.check, checking: false };
}

type Phase =
  | { name: 'form' }
  | { name: 'confirm'; plan: SendPlanJson; max: boolean }
  | { name: 'done'; to: string; result: { transactionIds: string[]; amount: string; fee: string; change: string } };

export function SendCard({ balance }: { balance: WalletBalanceJson | undefined }) {
  const client = useClient();
  const [to, setTo] = useState('');
  const [amountText, setAmountText] = useState('');
  const [max, setMax] = useState(false);
  const [phase, setPhase] = useState<Phase>({ name: 'form' });
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const [attempted, setAttempted] = useState(false);
  const { check, checking } = useAddressCheck(to);
  const amount = readAmount(amountText);

  const toError =
    check && !check.valid ? check.reason : attempted && to.trim() === '' ? 'Enter the address to pay' : null;
  const amountError = max
    ? null
    : (amount.error ?? (attempted && amountText.trim() === '' ? 'Enter an amount, or choose Max' : null));

  const review = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (busy || to.trim() === '' || (check && !check.valid) || (!max && amount.sompi === null)) return;
    setBusy(true);
    setError(undefined);
    try {
      const plan = await client.call('walletPlanSend', {
        to: to.trim(),
        amount: max ? 'max' : (amount.sompi as bigint).toString(),
      });
      setPassword('');
      setPhase({ name: 'confirm', plan, max });
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || phase.name !== 'confirm' || password === '') return;
    setBusy(true);
    setError(undefined);
    try {
      // Exactly what the user confirmed, even for Max: a balance that moved meanwhile must not change the amount.
      const result = await client.call('walletSend', { to: phase.plan.to, amount: phase.plan.amount, password });
      setPassword('');
      setPhase({ name: 'done', to: phase.plan.to, result });
      setTo('');
      setAmountText('');
      setMax(false);
      setAttempted(false);
    } catch (cause) {
      setError(callError(cause));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    setPassword('');
    setError(undefined);
    setPhase({ name: 'form' });
  };

  return (
    <Card title="Send" testId="send-card">
      {phase.name === 'form' && (
        <form className="send-form" onSubmit={(event) => void review(event)} noValidate>
          <label>
            To
            <input
              value={to}
              onChange={(event) => setTo(event.target.value)}
              placeholder="Recipient address"
              autoComplete="off"
              spellCheck={false}
              className="mono"
              aria-invalid={toError ? true : undefined}
              aria-describedby="send-to-check"
              data-testid="send-to"
            />
            <span
              id="send-to-check"
              className={toError ? 'field-error' : 'field-hint'}
              data-testid="send-to-check"
              aria-live="polite"
            >
              {toError ??
                (checking
                  ? 'Checking…'
                  : check?.valid
                    ? `✓ Valid: ${ADDRESS_KINDS[check.kind] ?? check.kind}`
                    : '\u00a0')}
            </span>
          </label>
          <label>
            Amount
            <div className="amount-input">
              <input
                value={max ? (balance ? formatSompi(BigInt(balance.spendable)) : '') : amountText}
                onChange={(event) => {
                  setMax(false);
                  setAmountText(event.target.value);
                }}
                placeholder="0.0"
                inputMode="decimal"
                autoComplete="off"
                aria-invalid={amountError ? true : undefined}
                aria-describedby="send-amount-hint"
                data-testid="send-amount"
              />
              <span className="amount-unit">DAG</span>
              <button
                type="button"
                className={max ? 'small' : 'secondary small'}
                aria-pressed={max}
                onClick={() => {
                  setMax(!max);
                  if (max) setAmountText('');
                }}
                data-testid="send-max"
              >
                Max
              </button>
            </div>
            <span
              id="send-amount-hint"
              className={amountError ? 'field-error' : 'field-hint'}
              data-testid="send-amount-error"
              aria-live="polite"
            >
              {amountError ??
                (max ? (
                  'Everything spendable; the fee is taken out of it.'
                ) : balance ? (
                  <>
                    Spendable: <Amount sompi={balance.spendable} />
                  </>
                ) : (
                  '\u00a0'
                ))}
            </span>
          </label>
          <ErrorNotice error={error && walletErrorText(error)} testId="send-error" />
          <div className="row">
            <button type="submit" disabled={busy} data-testid="send-review">
              {busy ? 'Working out the fee…' : 'Review'}
            </button>
            {busy && <Spinner label="Planning the payment" />}
          </div>
        </form>
      )}

      {phase.name === 'confirm' && (
        <form
          className="send-confirm"
          onSubmit={(event) => void confirm(event)}
          noValidate
          data-testid="send-confirm-panel"
        >
          <h3>Confirm the payment</h3>
          <dl className="facts">
            <dt>To</dt>
            <dd className="mono break">{phase.plan.to}</dd>
            <dt>Amount</dt>
            <dd data-testid="send-plan-amount">
              <Amount sompi={phase.plan.amount} />
              {phase.max && <span className="muted"> (everything spendable after the fee)</span>}
            </dd>
            <dt>Network fee</dt>
            <dd data-testid="send-fee">
              <Amount sompi={phase.plan.fee} />
            </dd>
            <dt>Total</dt>
            <dd className="facts-total" data-testid="send-total">
              <Amount sompi={phase.plan.total} />
            </dd>
            {phase.plan.transactionCount > 1 && (
              <>
                <dt>Transactions</dt>
                <dd data-testid="send-transaction-count">
                  {phase.plan.transactionCount}: the wallet first combines many small outputs into fewer, then pays. The
                  fee above covers all of them.
                </dd>
              </>
            )}
          </dl>
          <label>
            Password
            <input
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              data-testid="send-password"
            />
          </label>
          <ErrorNotice error={error && walletErrorText(error)} testId="send-error" />
          <div className="row">
            <button type="button" className="secondary" onClick={back} disabled={busy} data-testid="send-back">
              Back
            </button>
            <button type="submit" disabled={busy || password === ''} data-testid="send-confirm">
              {busy ? 'Signing and sending…' : 'Confirm and send'}
            </button>
            {busy && <Spinner label="Sending" />}
          </div>
        </form>
      )}

      {phase.name === 'done' && (
        <div
          className="send-result"
          data-testid="send-result"
          data-txid={phase.result.transactionIds.at(-1) ?? ''}
          role="status"
        >
          <h3>Sent</h3>
          <p>
            <Amount sompi={phase.result.amount} /> to <Hash value={phase.to} chars={14} /> with a fee of{' '}
            <Amount sompi={phase.result.fee} />. It shows as pending until a block accepts it.
          </p>
          <ul className="txid-list">
            {phase.result.transactionIds.map((id) => (
              <li key={id}>
                <a href={href('explorer', 'tx', id)} className="mono">
                  <Hash value={id} chars={16} />
                </a>
                <CopyButton text={id} label="Copy id" />
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="secondary"
            onClick={() => setPhase({ name: 'form' })}
            data-testid="send-another"
          >
            Make another payment
          </button>
        </div>
      )}
    </Card>
  );
}
