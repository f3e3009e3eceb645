import { useEffect, useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { href } from '../../app/router.ts';
import { callError, type CallError, useCall, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Amount, Card, ErrorNotice, Hash, siUnits, Spinner } from '../../ui/components.tsx';
import { useWalletBalance } from '../wallet/BalanceCard.tsx';
import { walletErrorText } from '../wallet/format.ts';
import { useThrottled } from '../wallet/hooks.ts';
import { WalletGate } from '../wallet/WalletGate.tsx';
import { startHashrateSampling } from './hashrate-history.ts';
import { miningRewards } from './rewards.ts';
import { HashrateSparkline } from './Sparkline.tsx';
import './mining.css';

/** The mining rewards re-read at most once a second: the full history is the largest answer the screen asks for. */
function useRewards() {
  const balance = useWalletBalance();
  const chainVersion = useNodeStore((s) => s.chainVersion);
  const refreshKey = useThrottled(chainVersion, 1000);
  const history = useCall('walletHistory', {}, [refreshKey]);
  const rewards = balance.data && history.data ? miningRewards(history.data, balance.data.immature) : undefined;
  return { rewards, error: balance.error ?? history.error };
}

function Miner({ wallet }: { wallet: WalletStatus }) {
  const client = useClient();
  const mining = useNodeStore((s) => s.mining);
  const maturity = useNodeStore((s) => s.info?.coinbaseMaturity);
  const network = useNodeStore((s) => s.info?.network);
  const settings = useCall('getSettings', {});
  const receive = useCall('walletReceiveAddress', wallet.receiveAddress ? null : {});
  const address = wallet.receiveAddress ?? receive.data?.address ?? null;
  const cpuCount = Math.max(1, settings.data?.cpuCount ?? navigator.hardwareConcurrency ?? 1);
  const [threads, setThreads] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const { rewards, error: rewardsError } = useRewards();

  useEffect(startHashrateSampling, []);

  const running = mining?.running ?? false;
  const runningThreads = running ? (mining?.threads ?? 0) : 0;
  // A miner started elsewhere (the CLI, before this screen) keeps its thread count shown after it stops.
  useEffect(() => {
    if (runningThreads > 0) setThreads((chosen) => chosen ?? runningThreads);
  }, [runningThreads]);
  // What the selector shows: the user's choice, else what runs, else the saved setting, else half the cores.
  const chosenThreads = Math.min(
    cpuCount,
    threads ??
      (running && mining ? mining.threads : undefined) ??
      (settings.data?.mining.threads || Math.max(1, Math.floor(cpuCount / 2))),
  );

  const start = async (threadCount: number) => {
    if (!address) return;
    setBusy(true);
    setError(undefined);
    try {
      useNodeStore.setState({ mining: await client.call('startMining', { address, threads: threadCount }) });
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    setBusy(true);
    setError(undefined);
    try {
      useNodeStore.setState({ mining: await client.call('stopMining', {}) });
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };

  const payingElsewhere = running && mining?.address && address && mining.address !== address;

  return (
    <div className="mining" data-testid="mining-unlocked">
      <header className="screen-header">
        <h1>Mining</h1>
        <span className={`mining-state ${running ? 'on' : 'off'}`} data-testid="mining-state">
          {running ? 'Running' : 'Stopped'}
        </span>
      </header>

      <section className="card miner-card">
        <button
          type="button"
          className={`mining-toggle ${running ? 'running' : ''}`}
          onClick={() => void (running ? stop() : start(chosenThreads))}
          disabled={busy || (!running && !address)}
          aria-pressed={running}
          data-testid="mining-toggle"
        >
          <span className="mining-toggle-icon" aria-hidden="true" />
          <span className="mining-toggle-text">
            {busy ? (running ? 'Stopping…' : 'Starting…') : running ? 'Stop mining' : 'Start mining'}
          </span>
        </button>
        <div className="miner-settings">
          <label>
            Threads
            <select
              value={chosenThreads}
              onChange={(event) => {
                const next = Number(event.target.value);
                setThreads(next);
                // A running miner is restarted with the new count (startMining replaces it).
                if (running) void start(next);
              }}
              disabled={busy}
              data-testid="mining-threads"
            >
              {Array.from({ length: cpuCount }, (_, i) => i + 1).map((count) => (
                <option key={count} value={count}>
                  {count} {count === 1 ? 'thread' : 'threads'}
                </option>
              ))}
            </select>
            <span className="field-hint">
              This computer has {cpuCount} {cpuCount === 1 ? 'core' : 'cores'}; more threads mine faster and leave less
              for everything else.
            </span>
          </label>
          <div className="miner-address">
            <div className="stat-label">Rewards go to</div>
            {address ? (
              <a href={href('explorer', 'address', address)} className="mono">
                <Hash value={address} chars={16} />
              </a>
            ) : receive.error ? null : (
              <Spinner label="Loading the address" />
            )}
            {payingElsewhere && mining?.address && (
              <div className="field-hint">
                The running miner pays <Hash value={mining.address} chars={12} /> (set when it started). Stop and start
                it to pay this wallet's current address.
              </div>
            )}
          </div>
        </div>
      </section>
      <ErrorNotice error={error && walletErrorText(error)} testId="mining-error" />
      <ErrorNotice error={receive.error && walletErrorText(receive.error)} testId="mining-address-error" />

      <div className="grid mining-stats">
        <div className="stat card">
          <div className="stat-label">Hash rate</div>
          <div className="stat-value" data-testid="mining-hashrate">
            {siUnits(running ? (mining?.hashesPerSecond ?? 0) : 0, 'H/s')}
          </div>
          <div className="stat-hint">
            {running
              ? `${mining?.threads ?? chosenThreads} ${mining?.threads === 1 ? 'thread' : 'threads'}`
              : 'Not mining'}
          </div>
        </div>
        <div className="stat card">
          <div className="stat-label">Blocks found</div>
          <div className="stat-value" data-testid="mining-blocks-found">
            {(mining?.blocksFound ?? 0).toLocaleString('en-US')}
          </div>
          <div className="stat-hint">Since the node started</div>
        </div>
        <div className="stat card">
          <div className="stat-label">Rewards maturing</div>
          <div className="stat-value" data-testid="mining-rewards-maturing">
            {rewards ? <Amount sompi={rewards.maturing.toString()} /> : '—'}
          </div>
          <div className="stat-hint">
            Spendable after {maturity ? maturity.toLocaleString('en-US') : 'enough'} confirmations
          </div>
        </div>
        <div className="stat card">
          <div className="stat-label">Rewards mature</div>
          <div className="stat-value" data-testid="mining-rewards-mature">
            {rewards ? <Amount sompi={rewards.mature.toString()} /> : '—'}
          </div>
          <div className="stat-hint">
            Mined by this wallet, ready to <a href={href('wallet')}>spend</a>
          </div>
        </div>
      </div>
      <ErrorNotice
        error={rewardsError && `The rewards could not be read: ${walletErrorText(rewardsError)}`}
        testId="mining-rewards-error"
      />

      <Card title="Hash rate">
        <HashrateSparkline />
      </Card>
      <p className="field-hint mining-note">
        The node mines on its own view of the DAG{network ? ` (${network})` : ''} with this computer's CPU. A block
        found pays its reward to the wallet; the network lets a reward be spent once{' '}
        {maturity ? maturity.toLocaleString('en-US') : 'enough'} more blocks are on top of it.
      </p>
    </div>
  );
}

export function MiningScreen(_props: { path: string[] }) {
  return (
    <WalletGate
      intro={{
        none: <p className="gate-intro">Mining pays its rewards into your wallet: set one up first.</p>,
        locked: <p className="gate-intro">Mining pays its rewards into your wallet: unlock it to start.</p>,
      }}
    >
      {(wallet) => <Miner wallet={wallet} />}
    </WalletGate>
  );
}
