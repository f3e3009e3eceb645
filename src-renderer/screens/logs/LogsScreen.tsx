import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogLevel, LogLineJson } from '../../../src-shared/api.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { LOG_LINES_KEPT, useNodeStore } from '../../store/app-store.ts';
import { Card, CopyButton, ErrorNotice } from '../../ui/components.tsx';
import { clock, count, logLineText } from '../home/figures.ts';
import { filterLogs, LEVEL_CHOICES, mergeLogs, visibleRange } from './log-filter.ts';
import './logs.css';

/** Every row is one line high, so only the rows in view are rendered (a thousand lines stay smooth). */
const ROW_HEIGHT = 22;
const OVERSCAN = 15;
/** Within this many pixels of the bottom counts as "at the end" (following the tail). */
const BOTTOM_SLACK = 4;

/** The store keeps what arrived since the app connected; the node holds up to a thousand lines from before. */
function useEarlierLines(): CallError | undefined {
  const client = useClient();
  const [error, setError] = useState<CallError>();
  useEffect(() => {
    let live = true;
    client.call('getLogs', { limit: LOG_LINES_KEPT }).then(
      (fetched) => live && useNodeStore.setState((s) => ({ logs: mergeLogs(s.logs, fetched, LOG_LINES_KEPT) })),
      (cause: unknown) => live && setError(callError(cause)),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return error;
}

const LogRow = memo(function LogRow({
  line,
  top,
  selected,
  onSelect,
}: {
  line: LogLineJson;
  top: number;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  const firstLine = line.message.split('\n', 1)[0];
  return (
    <button
      type="button"
      className={`log-row level-${line.level}${selected ? ' selected' : ''}`}
      style={{ top }}
      data-testid="log-line"
      aria-pressed={selected}
      title={line.message}
      onClick={() => onSelect(line.seq)}
    >
      <span className="log-time" title={new Date(line.time).toLocaleString()}>
        {clock(line.time)}
      </span>
      <span className="log-level">{line.level}</span>
      <span className="log-source">{line.source}</span>
      <span className="log-message">
        {firstLine}
        {firstLine !== line.message && <span className="muted"> …</span>}
      </span>
    </button>
  );
});

export function LogsScreen(_props: { path: string[] }) {
  const logs = useNodeStore((s) => s.logs);
  const earlierError = useEarlierLines();
  const [level, setLevel] = useState<LogLevel>('debug');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [selectedSeq, setSelectedSeq] = useState<number>();
  const [copied, setCopied] = useState<string>();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(480);

  const select = useCallback((seq: number) => setSelectedSeq((current) => (current === seq ? undefined : seq)), []);
  const shown = useMemo(() => filterLogs(logs, level, text), [logs, level, text]);
  const { start, end } = visibleRange(shown.length, ROW_HEIGHT, scrollTop, viewportHeight, OVERSCAN);
  const selected = selectedSeq === undefined ? undefined : logs.find((line) => line.seq === selectedSeq);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    setViewportHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Following: every new line scrolls the view to the end.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (follow && element) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
    }
  }, [follow, shown]);

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - BOTTOM_SLACK;
    // Scrolling up to read stops following; scrolling back to the end follows again.
    if (atEnd !== follow) setFollow(atEnd);
  };

  const copyShown = () => {
    const body = shown.map(logLineText).join('\n');
    void navigator.clipboard?.writeText(body).then(
      () => {
        setCopied(`Copied ${count(shown.length)} line${shown.length === 1 ? '' : 's'}.`);
        setTimeout(() => setCopied(undefined), 2000);
      },
      () => setCopied('The clipboard refused the text.'),
    );
  };

  const filtering = level !== 'debug' || text.trim() !== '';
  return (
    <div className="logs">
      <h1>Logs</h1>
      <Card>
        <div className="logs-toolbar">
          <label className="inline">
            <span>Show</span>
            <select
              value={level}
              data-testid="log-level"
              onChange={(event) => setLevel(event.target.value as LogLevel)}
            >
              {LEVEL_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <label className="inline grow">
            <span>Filter</span>
            <input
              type="search"
              data-testid="log-filter"
              placeholder="Text in the message or source, e.g. p2p, banned, sync"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <label className="inline checkbox">
            <input
              type="checkbox"
              data-testid="log-follow"
              checked={follow}
              onChange={(event) => setFollow(event.target.checked)}
            />
            Follow new lines
          </label>
          <button type="button" className="secondary small" disabled={shown.length === 0} onClick={copyShown}>
            {filtering ? `Copy ${count(shown.length)} shown` : 'Copy all'}
          </button>
        </div>
        <div className="logs-status muted" aria-live="polite">
          {copied ??
            (filtering
              ? `${count(shown.length)} of ${count(logs.length)} lines match`
              : `${count(logs.length)} line${logs.length === 1 ? '' : 's'} (the node keeps the last ${count(LOG_LINES_KEPT)})`)}
        </div>
        <ErrorNotice error={earlierError && `Earlier lines could not be read: ${earlierError.message}`} />
        <div className="log-viewport mono" ref={viewport} onScroll={onScroll} role="log" aria-label="Node log">
          {shown.length === 0 ? (
            <p className="log-empty muted">
              {logs.length === 0 ? 'The node has not logged anything yet.' : 'No line matches the filter.'}
            </p>
          ) : (
            <div className="log-spacer" style={{ height: shown.length * ROW_HEIGHT }}>
              {shown.slice(start, end).map((line, i) => (
                <LogRow
                  key={line.seq}
                  line={line}
                  top={(start + i) * ROW_HEIGHT}
                  selected={line.seq === selectedSeq}
                  onSelect={select}
                />
              ))}
            </div>
          )}
        </div>
      </Card>
      {selected && (
        <Card
          title={`Line ${count(selected.seq)}: ${selected.level} from ${selected.source}`}
          actions={
            <>
              <CopyButton text={logLineText(selected)} />
              <button type="button" className="secondary small" onClick={() => setSelectedSeq(undefined)}>
                Close
              </button>
            </>
          }
        >
          <div className="muted">{new Date(selected.time).toLocaleString()}</div>
          <pre className="log-detail">{selected.message}</pre>
        </Card>
      )}
    </div>
  );
}
