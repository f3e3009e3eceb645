import { type ReactNode, useState } from 'react';
import { formatSompi } from '../../src-shared/amount.ts';
import type { CallError } from '../client/client-context.tsx';

/** A decimal-sompi string shown in coins, with the unit. */
export function Amount({ sompi, unit = 'DAG', signed = false }: { sompi: string; unit?: string; signed?: boolean }) {
  const value = BigInt(sompi);
  const text = formatSompi(value);
  return (
    <span className={`amount${signed && value < 0n ? ' negative' : ''}${signed && value > 0n ? ' positive' : ''}`}>
      {signed && value > 0n ? '+' : ''}
      {groupThousands(text)} <span className="unit">{unit}</span>
    </span>
  );
}

function groupThousands(decimal: string): string {
  const [whole = '0', fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

export function Card({
  title,
  actions,
  children,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="card" data-testid={testId}>
      {(title || actions) && (
        <header className="card-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** A labelled figure: "Peers 8". */
export function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

export function ErrorNotice({ error, testId }: { error: CallError | string | undefined; testId?: string }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="notice error" role="alert" data-testid={testId ?? 'error'}>
      {message}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
  testId,
}: {
  kind?: 'info' | 'success' | 'warning';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`notice ${kind}`} role="status" data-testid={testId}>
      {children}
    </div>
  );
}

/** A hash or id, shortened in the middle, whole in its title and when copied. */
export function Hash({ value, chars = 10 }: { value: string; chars?: number }) {
  const short = value.length > chars * 2 + 1 ? `${value.slice(0, chars)}…${value.slice(-chars)}` : value;
  return (
    <span className="hash" title={value}>
      {short}
    </span>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="secondary small"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => {},
        );
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span className="spinner" role="progressbar" aria-label={label}>
      <span className="spinner-dot" />
    </span>
  );
}

/** "3 minutes ago" from a Unix-ms time. */
export function timeAgo(ms: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** 1234567 → "1.23 M" with the unit's prefixes. */
export function siUnits(value: number, unit: string): string {
  const prefixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let scaled = value;
  let i = 0;
  while (Math.abs(scaled) >= 1000 && i < prefixes.length - 1) {
    scaled /= 1000;
    i++;
  }
  return `${scaled.toFixed(i === 0 ? 0 : 2)} ${prefixes[i]}${unit}`;
}
