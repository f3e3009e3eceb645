import { useId } from 'react';
import { estimatePasswordStrength } from './password-strength.ts';

export interface PasswordFieldTestIds {
  password: string;
  confirm: string;
  strength: string;
}

/** What stops a new password from being used: empty, or the two fields differ. Null when fine. */
export function newPasswordProblem(password: string, confirm: string): string | null {
  if (password === '') return 'Choose a password.';
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}

/** A new password twice, with a strength meter in words and the mismatch shown while typing. */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  testIds = { password: 'password', confirm: 'password-confirm', strength: 'password-strength' },
  label = 'Password',
  autoFocus = false,
}: {
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  testIds?: PasswordFieldTestIds;
  label?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const strength = estimatePasswordStrength(password);
  // A confirmation still being typed is not a mismatch until it stops being the password's beginning.
  const mismatch =
    confirm !== '' && (confirm.length >= password.length ? confirm !== password : !password.startsWith(confirm));
  const matches = confirm !== '' && confirm === password;
  const tone = password === '' ? 'empty' : strength.level <= 1 ? 'bad' : strength.level === 2 ? 'warn' : 'good';
  return (
    <div className="password-fields">
      <label>
        {label}
        <input
          type="password"
          autoComplete="new-password"
          autoFocus={autoFocus}
          value={password}
          onChange={(event) => onPassword(event.target.value)}
          aria-describedby={`${id}-strength`}
          data-testid={testIds.password}
        />
      </label>
      <div className={`strength strength-${tone}`} id={`${id}-strength`}>
        <div className="strength-bar" aria-hidden="true">
          {[0, 1, 2, 3].map((segment) => (
            <span key={segment} className={password !== '' && segment <= Math.max(0, strength.level - 1) ? 'on' : ''} />
          ))}
        </div>
        <div className="strength-text" data-testid={testIds.strength} aria-live="polite">
          {password === '' ? (
            'Used to encrypt the wallet file on this computer.'
          ) : (
            <>
              <strong>{strength.label}</strong>
              {strength.hint && <> — {strength.hint}</>}
            </>
          )}
        </div>
      </div>
      <label>
        Confirm {label.toLowerCase()}
        <input
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => onConfirm(event.target.value)}
          aria-invalid={mismatch ? true : undefined}
          aria-describedby={`${id}-match`}
          data-testid={testIds.confirm}
        />
        <span
          id={`${id}-match`}
          className={mismatch ? 'field-error' : 'field-hint'}
          data-testid={`${testIds.confirm}-match`}
          aria-live="polite"
        >
          {mismatch ? 'The passwords do not match.' : matches ? 'The passwords match.' : '\u00a0'}
        </span>
      </label>
    </div>
  );
}
