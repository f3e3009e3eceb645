import { useEffect, useRef, useState } from 'react';
import { navigate } from '../../app/router.ts';
import { type CallError, callError, useClient } from '../../client/client-context.tsx';
import { ErrorNotice, Hash, Spinner, timeAgo } from '../../ui/components.tsx';
import { DAG_BLOCK_LIMIT, DagData, type DagNode } from './dag-data.ts';
import { type DagBench, DagView } from './dag-view.ts';
import './dag.css';

/** Re-reads of the whole window (for colours and chain flags) at most this often. */
const REREAD_INTERVAL_MS = 1000;

type BenchWindow = Window & { dagwalletDagBench?: DagBench };

interface Summary {
  count: number;
  oldestDaa: number | null;
  newestDaa: number | null;
}

const EMPTY_SUMMARY: Summary = { count: 0, oldestDaa: null, newestDaa: null };

/**
 * A live drawing of the recent DAG: the newest blocks by DAA score, read once, kept current by
 * notifications and re-read (throttled) when the selected chain moves. Nothing runs while the
 * page is hidden; one re-read catches up when it shows again.
 */
export function DagScreen(_props: { path: string[] }) {
  const client = useClient();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<DagView | null>(null);
  const [hovered, setHovered] = useState<DagNode | null>(null);
  const [follow, setFollow] = useState(true);
  const [summary, setSummary] = useState<Summary>(EMPTY_SUMMARY);
  const [load, setLoad] = useState<{ state: 'loading' | 'ready' | 'error'; error?: CallError }>({ state: 'loading' });
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let view: DagView;
    try {
      view = new DagView(canvas, tooltipRef.current, {
        onHover: setHovered,
        onOpen: (block) => navigate('explorer', 'block', block.hash),
        onFollowChange: setFollow,
      });
    } catch (error) {
      setLoad({ state: 'error', error: callError(error) });
      return;
    }
    viewRef.current = view;
    const benchWindow = window as BenchWindow;
    benchWindow.dagwalletDagBench = view.bench;

    const data = new DagData(DAG_BLOCK_LIMIT);
    let closed = false;
    let hidden = document.hidden;
    /** Something was skipped while hidden (or a read failed): re-read when visible. */
    let stale = false;
    let reading = false;
    let readAgain = false;
    let lastReadAt = -Infinity;
    let readTimer: ReturnType<typeof setTimeout> | undefined;
    let published = -1;

    const publish = () => {
      if (data.version === published) return;
      published = data.version;
      view.setBlocks(() => data.list());
      const range = data.daaRange();
      setSummary(range ? { count: data.size, oldestDaa: range.oldest, newestDaa: range.newest } : EMPTY_SUMMARY);
    };

    const read = () => {
      if (closed) return;
      if (hidden) {
        stale = true;
        return;
      }
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      lastReadAt = performance.now();
      client.call('getDagBlocks', { limit: DAG_BLOCK_LIMIT }).then(
        (answer) => {
          reading = false;
          if (closed) return;
          data.replace(answer.blocks);
          publish();
          setLoad({ state: 'ready' });
          if (readAgain) {
            readAgain = false;
            scheduleRead();
          }
        },
        (error: unknown) => {
          reading = false;
          readAgain = false;
          if (closed) return;
          stale = true;
          // With blocks already drawn a failed refresh only leaves colours a moment behind.
          if (data.size === 0) setLoad({ state: 'error', error: callError(error) });
        },
      );
    };

    const scheduleRead = () => {
      if (closed) return;
      if (hidden) {
        stale = true;
        return;
      }
      if (readTimer !== undefined) return;
      const wait = Math.max(0, lastReadAt + REREAD_INTERVAL_MS - performance.now());
      readTimer = setTimeout(() => {
        readTimer = undefined;
        read();
      }, wait);
    };

    const offAdded = client.subscribe('blockAdded', (block) => {
      if (hidden) {
        stale = true;
        return;
      }
      if (data.add(block)) publish();
    });
    const offChain = client.subscribe('virtualChainChanged', (change) => {
      if (hidden) {
        stale = true;
        return;
      }
      data.chainChanged(change);
      publish();
      scheduleRead();
    });
    // Notifications sent while the link was down are lost: read the window again.
    const offState = client.onStateChange((state) => {
      if (state === 'open') read();
    });

    const onVisibility = () => {
      hidden = document.hidden;
      if (hidden) {
        view.pause();
        if (readTimer !== undefined) {
          clearTimeout(readTimer);
          readTimer = undefined;
          stale = true;
        }
        return;
      }
      view.resume();
      if (stale) {
        stale = false;
        read();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    if (hidden) view.pause();
    read();

    return () => {
      closed = true;
      offAdded();
      offChain();
      offState();
      document.removeEventListener('visibilitychange', onVisibility);
      if (readTimer !== undefined) clearTimeout(readTimer);
      view.destroy();
      viewRef.current = null;
      if (benchWindow.dagwalletDagBench === view.bench) delete benchWindow.dagwalletDagBench;
    };
  }, [client, retry]);

  // Genesis alone (or nothing) is not much of a DAG: say what will appear.
  const empty = load.state === 'ready' && summary.count <= 1;
  return (
    <div className="dag-screen" data-testid="dag-screen">
      <header className="dag-header">
        <div>
          <h1>DAG</h1>
          <p className="muted dag-summary" data-testid="dag-summary">
            {summaryText(summary)}
          </p>
        </div>
        <div className="dag-toolbar" role="toolbar" aria-label="DAG view controls">
          <button
            type="button"
            className="secondary small dag-zoom"
            aria-label="Zoom out"
            title="Zoom out (−)"
            data-testid="dag-zoom-out"
            onClick={() => viewRef.current?.zoomBy(0.8)}
          >
            −
          </button>
          <button
            type="button"
            className="secondary small dag-zoom"
            aria-label="Zoom in"
            title="Zoom in (+)"
            data-testid="dag-zoom-in"
            onClick={() => viewRef.current?.zoomBy(1.25)}
          >
            +
          </button>
          <button
            type="button"
            className="secondary small"
            title="Show every block (0)"
            data-testid="dag-fit"
            onClick={() => viewRef.current?.fit()}
          >
            Fit all
          </button>
          <button
            type="button"
            className={`small ${follow ? '' : 'secondary'}`}
            aria-pressed={follow}
            title="Keep the newest blocks in view (F)"
            data-testid="dag-follow"
            onClick={() => viewRef.current?.setFollow(!follow)}
          >
            Follow the tip
          </button>
        </div>
      </header>

      <div className="dag-stage">
        <canvas
          ref={canvasRef}
          className="dag-canvas"
          data-testid="dag-canvas"
          tabIndex={0}
          role="img"
          aria-label="Drawing of the most recent blocks of the DAG. Drag or use the arrow keys to pan, the wheel or + and − to zoom, click a block to open it."
        />
        <div ref={tooltipRef} className="dag-tooltip" data-testid="dag-tooltip" hidden={!hovered} role="tooltip">
          {hovered && <BlockTooltip block={hovered} />}
        </div>
        {load.state === 'loading' && (
          <div className="dag-overlay">
            <Spinner label="Reading the DAG" /> Reading the DAG…
          </div>
        )}
        {load.state === 'error' && (
          <div className="dag-overlay">
            <div>
              <ErrorNotice error={`Could not read the DAG: ${load.error?.message ?? 'unknown error'}`} />
              <button type="button" className="secondary" onClick={() => setRetry((n) => n + 1)}>
                Try again
              </button>
            </div>
          </div>
        )}
        {empty && (
          <div className="dag-overlay" data-testid="dag-empty">
            {summary.count === 0 ? 'No blocks yet.' : 'Only the genesis block so far.'} Blocks appear here as they are
            mined or arrive from peers.
          </div>
        )}
      </div>

      <Legend />
      <p className="muted dag-help">
        Drag to pan, scroll to zoom, click a block to open it in the explorer. With the drawing focused: arrow keys pan,
        + and − zoom, F follows the tip, 0 shows every block, Enter opens the block under the pointer.
      </p>
    </div>
  );
}

function summaryText(summary: Summary): string {
  if (summary.count === 0 || summary.oldestDaa === null || summary.newestDaa === null) {
    return 'The most recent blocks of the DAG';
  }
  const range =
    summary.oldestDaa === summary.newestDaa
      ? `DAA score ${summary.newestDaa.toLocaleString('en-US')}`
      : `DAA score ${summary.oldestDaa.toLocaleString('en-US')} to ${summary.newestDaa.toLocaleString('en-US')}`;
  return summary.count === 1
    ? `1 block, ${range}`
    : `The ${summary.count.toLocaleString('en-US')} most recent blocks, ${range}`;
}

function BlockTooltip({ block }: { block: DagNode }) {
  return (
    <>
      <div className="dag-tooltip-hash">
        <Hash value={block.hash} chars={12} />
      </div>
      <dl>
        <dt>DAA score</dt>
        <dd>{block.daaScore.toLocaleString('en-US')}</dd>
        <dt>Blue score</dt>
        <dd>{block.blueScore.toLocaleString('en-US')}</dd>
        <dt>Colour</dt>
        <dd>
          <span className={`dag-swatch ${block.color}`} aria-hidden="true" />
          {block.color === 'unmerged' ? 'not merged yet' : block.color}
          {block.isChainBlock ? ', on the selected chain' : ''}
        </dd>
        <dt>Time</dt>
        <dd>{timeAgo(block.timestamp)}</dd>
      </dl>
      <div className="dag-tooltip-hint">Click to open</div>
    </>
  );
}

function Legend() {
  return (
    <ul className="dag-legend" aria-label="Legend" data-testid="dag-legend">
      <li>
        <span className="dag-swatch blue" aria-hidden="true" /> Blue block
      </li>
      <li>
        <span className="dag-swatch red" aria-hidden="true" /> Red block
      </li>
      <li>
        <span className="dag-swatch unmerged" aria-hidden="true" /> Not merged yet
      </li>
      <li>
        <span className="dag-swatch blue chain" aria-hidden="true" /> Selected chain block
      </li>
      <li>
        <span className="dag-line chain" aria-hidden="true" /> Selected chain
      </li>
      <li>
        <span className="dag-line" aria-hidden="true" /> Parent link
      </li>
    </ul>
  );
}
