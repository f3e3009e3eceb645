import { type FormEvent, useState } from 'react';
import type { BanJson, ConnectedPeerInfo } from '../../../src-shared/api.ts';
import { href } from '../../app/router.ts';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { Card, CopyButton, ErrorNotice, Hash, Notice, Spinner } from '../../ui/components.tsx';
import { bytes, count, duration } from '../home/figures.ts';
import { useNow, usePolled } from '../home/hooks.ts';
import './network.css';

/** How often the peer table is read again (besides on every peersChanged). */
const PEERS_REFRESH_MS = 3_000;
const HOUR_MS = 60 * 60 * 1000;
const BAN_DURATIONS = [
  { label: 'an hour', ms: HOUR_MS },
  { label: 'a day', ms: 24 * HOUR_MS },
  { label: 'a week', ms: 7 * 24 * HOUR_MS },
  { label: '30 days', ms: 30 * 24 * HOUR_MS },
];

/** What an error from the peer methods means, in words. */
function peerErrorText(error: CallError): string {
  switch (error.code) {
    case 'UNAVAILABLE':
      return 'This node runs without P2P, so it has no peers to manage.';
    case 'BAD_ADDRESS':
      return `That is not an address a peer can be reached at: ${error.message}. A peer address looks like /ip4/192.168.1.20/tcp/17611 (optionally ending in /p2p/<peer id>).`;
    case 'BAD_PARAMS':
      return error.message;
    default:
      return error.message;
  }
}

function PeerRow({ peer, now, onBanned }: { peer: ConnectedPeerInfo; now: number; onBanned: (ban: BanJson) => void }) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [durationMs, setDurationMs] = useState(24 * HOUR_MS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const ban = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onBanned(
        await client.call('ban', { peerId: peer.peerId, reason: reason.trim() || 'banned by the user', durationMs }),
      );
      setConfirming(false);
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <tr data-testid="peer-row">
        <td>
          <div className="mono peer-address" title={peer.address}>
            {peer.address}
          </div>
          <div className="muted">
            <Hash value={peer.peerId} chars={8} />
          </div>
        </td>
        <td>{peer.direction === 'inbound' ? 'In' : 'Out'}</td>
        <td className="peer-agent" title={`protocol version ${peer.protocolVersion}`}>
          {peer.userAgent || <span className="muted">unknown</span>}
          {peer.syncing && <span className="badge syncing">syncing from</span>}
        </td>
        <td className="number">
          {peer.pingMs === null ? <span className="muted">—</span> : `${count(peer.pingMs)} ms`}
        </td>
        <td title={new Date(peer.connectedAt).toLocaleString()}>{duration(now - peer.connectedAt)}</td>
        <td className="number" title="Misbehaviour score: 100 bans the peer">
          <span className={peer.score >= 50 ? 'score-high' : peer.score > 0 ? 'score-some' : undefined}>
            {peer.score}
          </span>
        </td>
        <td className="number peer-bytes">
          <span title="received">↓ {bytes(peer.bytesReceived)}</span>
          <span title="sent">↑ {bytes(peer.bytesSent)}</span>
        </td>
        <td className="actions">
          <button
            type="button"
            className="secondary small"
            data-testid="ban-button"
            aria-expanded={confirming}
            onClick={() => setConfirming((open) => !open)}
          >
            Ban…
          </button>
        </td>
      </tr>
      {confirming && (
        <tr className="confirm-row">
          <td colSpan={8}>
            <form className="row" onSubmit={ban}>
              <span>Ban this peer? It is disconnected now and refused until the ban ends.</span>
              <select
                aria-label="Ban for"
                value={durationMs}
                onChange={(event) => setDurationMs(Number(event.target.value))}
              >
                {BAN_DURATIONS.map((choice) => (
                  <option key={choice.ms} value={choice.ms}>
                    for {choice.label}
                  </option>
                ))}
              </select>
              <input
                aria-label="Reason for the ban"
                placeholder="Reason (optional)"
                value={reason}
                maxLength={200}
                onChange={(event) => setReason(event.target.value)}
                autoFocus
              />
              <button type="submit" className="danger small" disabled={busy} data-testid="ban-confirm">
                {busy ? 'Banning…' : 'Ban peer'}
              </button>
              <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </form>
            {error && <ErrorNotice error={peerErrorText(error)} />}
          </td>
        </tr>
      )}
    </>
  );
}

function AddPeer({ onAdded }: { onAdded: () => void }) {
  const client = useClient();
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = address.trim();
    setAdded(undefined);
    if (!text) {
      setError('Type the address of the peer, e.g. /ip4/192.168.1.20/tcp/17611.');
      return;
    }
    if (!text.startsWith('/')) {
      setError('A peer address is a multiaddr and starts with a slash, e.g. /ip4/192.168.1.20/tcp/17611.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await client.call('addPeer', { address: text });
      setAdded(text);
      setAddress('');
      onAdded();
    } catch (cause) {
      setError(peerErrorText(callError(cause)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <label>
        Peer address
        <div className="row">
          <input
            className="mono grow"
            data-testid="add-peer-input"
            placeholder="/ip4/192.168.1.20/tcp/17611"
            value={address}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby="add-peer-hint"
            onChange={(event) => {
              setAddress(event.target.value);
              setError(undefined);
            }}
          />
          <button type="submit" data-testid="add-peer-submit" disabled={busy}>
            {busy ? 'Adding…' : 'Add peer'}
          </button>
        </div>
        <span className="field-hint" id="add-peer-hint">
          The node keeps a connection to it and dials it again whenever it drops (until the node restarts; to keep it
          for good, add it in <a href={href('settings')}>Settings</a>).
        </span>
        {error && (
          <span className="field-error" role="alert" data-testid="add-peer-error">
            {error}
          </span>
        )}
      </label>
      {added && (
        <Notice kind="success">
          Connecting to <code>{added}</code>. It appears in the table above once the handshake is done.
        </Notice>
      )}
    </form>
  );
}

function Bans({ bans, now, onChanged }: { bans: BanJson[]; now: number; onChanged: () => void }) {
  const client = useClient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  if (bans.length === 0) return <p className="muted">No peer is banned.</p>;
  const unban = async (target: string) => {
    setBusy(target);
    setError(undefined);
    try {
      await client.call('unban', { target });
      onChanged();
    } catch (cause) {
      setError(peerErrorText(callError(cause)));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <ErrorNotice error={error} />
      <table>
        <thead>
          <tr>
            <th>Peer or IP</th>
            <th>Reason</th>
            <th>Banned</th>
            <th>Ends in</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {bans.map((ban) => {
            const target = ban.peerId ?? ban.ip ?? '';
            return (
              <tr key={target} data-testid="ban-row">
                <td>
                  {ban.peerId && <Hash value={ban.peerId} chars={8} />}
                  {ban.ip && <div className="mono">{ban.ip}</div>}
                </td>
                <td>{ban.reason}</td>
                <td title={new Date(ban.bannedAt).toLocaleString()}>{duration(now - ban.bannedAt)} ago</td>
                <td title={new Date(ban.expiresAt).toLocaleString()}>{duration(ban.expiresAt - now)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="secondary small"
                    data-testid="unban-button"
                    disabled={busy === target}
                    onClick={() => void unban(target)}
                  >
                    {busy === target ? 'Unbanning…' : 'Unban'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

export function NetworkScreen(_props: { path: string[] }) {
  const peerCount = useNodeStore((s) => s.peerCount);
  const now = useNow(1000);
  const peers = usePolled('getConnectedPeerInfo', {}, PEERS_REFRESH_MS, peerCount);
  const addresses = usePolled('getPeerAddresses', {}, PEERS_REFRESH_MS, peerCount);
  const [banned, setBanned] = useState<BanJson>();
  const reload = () => {
    peers.reload();
    addresses.reload();
  };
  const list = peers.data ?? [];
  const inbound = list.filter((peer) => peer.direction === 'inbound').length;

  return (
    <div className="network">
      <h1>Network</h1>
      <Card
        title={
          peers.data
            ? `Connected peers (${count(list.length)}${list.length > 0 ? `: ${inbound} in, ${list.length - inbound} out` : ''})`
            : 'Connected peers'
        }
      >
        <ErrorNotice error={peers.error && !peers.data ? peerErrorText(peers.error) : undefined} />
        {banned && (
          <Notice kind="success">
            Banned <Hash value={banned.peerId ?? banned.ip ?? ''} chars={8} /> until{' '}
            {new Date(banned.expiresAt).toLocaleString()}.
          </Notice>
        )}
        {!peers.data && !peers.error ? (
          <p>
            <Spinner /> Reading the peers…
          </p>
        ) : list.length === 0 ? (
          <p className="muted" data-testid="no-peers">
            Not connected to any peer yet. The node finds peers on the local network (mDNS), through the peers it knows,
            and through the addresses you add below.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="peers">
              <thead>
                <tr>
                  <th>Address</th>
                  <th>Dir.</th>
                  <th>User agent</th>
                  <th className="number">Ping</th>
                  <th>Connected for</th>
                  <th className="number">Score</th>
                  <th className="number">Data</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((peer) => (
                  <PeerRow
                    key={peer.peerId}
                    peer={peer}
                    now={now}
                    onBanned={(ban) => {
                      setBanned(ban);
                      reload();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Add a peer">
        <AddPeer onAdded={reload} />
      </Card>

      <Card title="This node on the network">
        <div data-testid="listen-addresses">
          <h3 className="subtitle">Listening on</h3>
          {!addresses.data ? (
            addresses.error ? (
              <ErrorNotice error={peerErrorText(addresses.error)} />
            ) : (
              <Spinner />
            )
          ) : addresses.data.listen.length === 0 ? (
            <p className="muted">
              Not listening: other nodes cannot connect to this one (it still connects out to them). Listen addresses
              are set in <a href={href('settings')}>Settings</a>.
            </p>
          ) : (
            <ul className="listen-list">
              {addresses.data.listen.map((address) => (
                <li key={address} className="row">
                  <code className="grow">{address}</code>
                  <CopyButton text={address} />
                </li>
              ))}
            </ul>
          )}
        </div>
        {addresses.data && (
          <p className="muted" data-testid="known-addresses">
            {addresses.data.known === 1
              ? 'The node knows 1 peer address.'
              : `The node knows ${count(addresses.data.known)} peer addresses.`}
          </p>
        )}
      </Card>

      <Card title="Banned peers">
        {addresses.data ? (
          <Bans bans={addresses.data.bans} now={now} onChanged={reload} />
        ) : addresses.error ? null : (
          <Spinner />
        )}
      </Card>
    </div>
  );
}
