import { type FormEvent, useEffect, useRef, useState } from 'react';
import { navigate } from '../../app/router.ts';
import { callError, useClient } from '../../client/client-context.tsx';
import { Notice, Spinner } from '../../ui/components.tsx';
import { searchTarget } from './explorer-format.ts';

/** One box for a block hash, a transaction id or an address: opens the page, or says why not. */
export function SearchBox({ routeKey, autoFocus = false }: { routeKey: string; autoFocus?: boolean }) {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const generation = useRef(0);

  // A new page clears the last search's answer.
  useEffect(() => setResult(null), [routeKey]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = query.trim();
    if (!text) {
      setResult('Type a block hash, a transaction id or an address to search for.');
      return;
    }
    const mine = ++generation.current;
    setBusy(true);
    setResult(null);
    client.call('search', { query: text }).then(
      (answer) => {
        if (mine !== generation.current) return;
        setBusy(false);
        const target = searchTarget(answer);
        if (target) {
          setQuery('');
          navigate('explorer', ...target);
        } else {
          const reason = answer.kind === 'none' ? answer.reason : '';
          setResult(`Nothing matched “${text}”.${reason ? ` ${reason}` : ''}`);
        }
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setBusy(false);
        setResult(`The search failed: ${callError(error).message}`);
      },
    );
  };

  return (
    <div className="explorer-search">
      <form className="explorer-search-form" onSubmit={submit} role="search">
        <label className="explorer-search-label" htmlFor="explorer-search">
          <span className="visually-hidden">Search the DAG</span>
        </label>
        <input
          id="explorer-search"
          type="search"
          placeholder="Block hash, transaction id or address"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoFocus={autoFocus}
          aria-describedby={result ? 'explorer-search-result' : undefined}
          data-testid="explorer-search"
        />
        <button type="submit" disabled={busy} data-testid="explorer-search-submit">
          {busy ? <Spinner label="Searching" /> : null} Search
        </button>
      </form>
      {result && (
        <div id="explorer-search-result">
          <Notice kind="warning" testId="explorer-search-result">
            {result}
          </Notice>
        </div>
      )}
    </div>
  );
}
