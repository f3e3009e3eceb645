/** Pieces the explorer's pages share: links to blocks, transactions and addresses, field lists, page states. */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { href } from '../../app/router.ts';
import type { CallError } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { ErrorNotice, Hash, Spinner } from '../../ui/components.tsx';
import { type ExplorerErrorSubject, describeExplorerError } from './explorer-format.ts';

export function BlockLink({ hash, chars = 10, full = false }: { hash: string; chars?: number; full?: boolean }) {
  return (
    <a href={href('explorer', 'block', hash)} className="explorer-link">
      {full ? <span className="hash">{hash}</span> : <Hash value={hash} chars={chars} />}
    </a>
  );
}

export function TransactionLink({ id, chars = 10, full = false }: { id: string; chars?: number; full?: boolean }) {
  return (
    <a href={href('explorer', 'tx', id)} className="explorer-link">
      {full ? <span className="hash">{id}</span> : <Hash value={id} chars={chars} />}
    </a>
  );
}

export function AddressLink({ address, chars = 12 }: { address: string; chars?: number }) {
  // Keep the network prefix and the end readable: "dagsim:qz3…x8f2".
  const [prefix, body = ''] = address.includes(':') ? address.split(':', 2) : ['', address];
  const short = body.length > chars * 2 + 1 ? `${body.slice(0, chars)}…${body.slice(-chars)}` : body;
  return (
    <a href={href('explorer', 'address', address)} className="explorer-link hash" title={address}>
      {prefix ? `${prefix}:` : ''}
      {short}
    </a>
  );
}

/** A label / value list laid out in two columns. */
export function Fields({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <dl className="explorer-fields" data-testid={testId}>
      {children}
    </dl>
  );
}

export function Field({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** A list of links that shows the first `initial` and offers the rest on demand. */
export function LinkList<T>({
  items,
  render,
  empty,
  initial = 12,
  testId,
}: {
  items: readonly T[];
  render: (item: T) => ReactNode;
  empty: ReactNode;
  initial?: number;
  testId?: string;
}) {
  const [all, setAll] = useState(false);
  if (items.length === 0) return <span className="muted">{empty}</span>;
  const shown = all ? items : items.slice(0, initial);
  return (
    <div className="explorer-link-list" data-testid={testId}>
      <ul>
        {shown.map((item, i) => (
          <li key={i}>{render(item)}</li>
        ))}
      </ul>
      {items.length > shown.length && (
        <button type="button" className="secondary small" onClick={() => setAll(true)}>
          Show all {items.length.toLocaleString('en-US')}
        </button>
      )}
    </div>
  );
}

/** The page's body while the first answer is on its way, or when it failed. */
export function PageState({
  loading,
  error,
  subject,
  id,
  onRetry,
}: {
  loading: boolean;
  error: CallError | undefined;
  subject: ExplorerErrorSubject;
  id: string;
  onRetry(): void;
}) {
  if (error) {
    const described = describeExplorerError(error, subject, id);
    return (
      <div className="explorer-page-error">
        <ErrorNotice error={described.message} />
        {described.hint && <p className="muted">{described.hint}</p>}
        {described.retry && (
          <button type="button" className="secondary" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    );
  }
  if (loading) {
    return (
      <div className="explorer-loading" role="status">
        <Spinner /> Loading the {subject}…
      </div>
    );
  }
  return null;
}

/** A badge: a short word on a coloured pill. */
export function Badge({
  kind,
  children,
  testId,
  title,
}: {
  kind: string;
  children: ReactNode;
  testId?: string;
  title?: string;
}) {
  return (
    <span className={`explorer-badge ${kind}`} data-testid={testId} title={title}>
      {children}
    </span>
  );
}

/** Re-renders every `intervalMs` for "3 s ago" texts. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The store's chainVersion, passed on at most once per `intervalMs`: pages re-read their
 * confirmations when the selected chain moves, without a call per block on a fast network.
 */
export function useChainVersion(intervalMs = 1000): number {
  const chainVersion = useNodeStore((state) => state.chainVersion);
  const [passed, setPassed] = useState(chainVersion);
  const lastPassedAt = useRef(0);
  useEffect(() => {
    if (chainVersion === passed) return;
    const wait = lastPassedAt.current + intervalMs - Date.now();
    const pass = () => {
      lastPassedAt.current = Date.now();
      setPassed(chainVersion);
    };
    if (wait <= 0) {
      pass();
      return;
    }
    const timer = setTimeout(pass, wait);
    return () => clearTimeout(timer);
  }, [chainVersion, passed, intervalMs]);
  return passed;
}
