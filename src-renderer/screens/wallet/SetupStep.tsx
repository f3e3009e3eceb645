import { type FormEvent, useEffect, useState } from 'react';
import type { SettingsJson, StorageInfoJson } from '../../../src-shared/api.ts';
import { callError, type CallError, useCall, useClient } from '../../client/client-context.tsx';
import { useNodeStore } from '../../store/app-store.ts';
import { ErrorNotice, Notice, Spinner } from '../../ui/components.tsx';
import { formatBytes } from './format.ts';

/** What each network is for, in a sentence. */
const NETWORK_NOTES: Record<string, string> = {
  mainnet: 'The real network: coins have value.',
  testnet: 'The public test network: coins have no value.',
  devnet: 'The development network shared by testers: coins have no value.',
  simnet: 'A private simulation network: blocks are mined on this computer, coins have no value.',
};

/** Below this much free space the node warns that its data grows (a full node keeps the DAG's recent history). */
const LOW_SPACE_BYTES = 5_000_000_000;

/**
 * The second first-run step: which network the node runs and where it keeps its data, with the
 * disk's free space. Another choice is saved to the node's config and used once the node restarts.
 */
export function SetupStep({ onBack, onContinue }: { onBack(): void; onContinue(): void }) {
  const client = useClient();
  const runningNetwork = useNodeStore((s) => s.info?.network);
  const settings = useCall('getSettings', {});
  const current = settings.data;
  const [network, setNetwork] = useState<string>();
  const [folder, setFolder] = useState<string>();
  const [editingFolder, setEditingFolder] = useState(false);
  const [folderDraft, setFolderDraft] = useState('');
  const [storage, setStorage] = useState<StorageInfoJson>();
  const [storageError, setStorageError] = useState<CallError>();
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<CallError>();
  const [saved, setSaved] = useState<(SettingsJson & { restartRequired: boolean }) | null>(null);

  const chosenNetwork = network ?? current?.network ?? '';
  const chosenFolder = folder ?? current?.dataDir ?? '';

  // Free space of the folder shown: the node's own at first, then the one the user picks.
  useEffect(() => {
    if (!current) return;
    let live = true;
    setChecking(true);
    setStorageError(undefined);
    const params = folder === undefined || folder === current.dataDir ? {} : { path: folder };
    client.call('getStorageInfo', params).then(
      (info) => {
        if (!live) return;
        setStorage(info);
        setChecking(false);
      },
      (cause: unknown) => {
        if (!live) return;
        setStorage(undefined);
        setStorageError(callError(cause));
        setChecking(false);
      },
    );
    return () => {
      live = false;
    };
  }, [client, current, folder]);

  const savedNetwork = saved?.network ?? current?.network;
  const savedFolder = saved?.dataDir ?? current?.dataDir;
  const changed = current !== undefined && (chosenNetwork !== savedNetwork || chosenFolder !== savedFolder);

  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      setSaved(await client.call('updateSettings', { network: chosenNetwork, dataDir: chosenFolder }));
    } catch (cause) {
      setSaveError(callError(cause));
    } finally {
      setSaving(false);
    }
  };

  const applyFolderDraft = (event: FormEvent) => {
    event.preventDefault();
    const path = folderDraft.trim();
    if (path === '') return;
    setFolder(path);
    setEditingFolder(false);
  };

  const networks = current?.networks ?? (chosenNetwork ? [chosenNetwork] : []);
  const restartPending = saved?.restartRequired === true;

  return (
    <div className="setup-step">
      <h2>Network and data folder</h2>
      <p className="muted">
        The node keeps its copy of the block DAG and your wallet file in the data folder. The wallet belongs to the
        network the node runs.
      </p>
      {settings.loading && !current && (
        <div className="row">
          <Spinner /> <span className="muted">Reading the node's settings…</span>
        </div>
      )}
      <ErrorNotice error={settings.error && `The node's settings could not be read: ${settings.error.message}`} />

      <label>
        Network
        <select
          value={chosenNetwork}
          onChange={(event) => setNetwork(event.target.value)}
          disabled={!current}
          data-testid="setup-network"
        >
          {networks.map((each) => (
            <option key={each} value={each}>
              {each}
            </option>
          ))}
        </select>
        <span className="field-hint">{NETWORK_NOTES[chosenNetwork] ?? ''}</span>
      </label>

      <div className="setup-folder">
        <div className="setup-folder-label">Data folder</div>
        {editingFolder ? (
          <form className="row" onSubmit={applyFolderDraft}>
            <input
              className="setup-folder-input"
              value={folderDraft}
              onChange={(event) => setFolderDraft(event.target.value)}
              placeholder="/path/to/a/folder"
              aria-label="Data folder"
              spellCheck={false}
              autoFocus
              data-testid="setup-folder-input"
            />
            <button type="submit" className="secondary small" disabled={folderDraft.trim() === ''}>
              Use this folder
            </button>
            <button type="button" className="secondary small" onClick={() => setEditingFolder(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <div className="row">
            <code className="setup-folder-path" data-testid="setup-folder">
              {chosenFolder || '—'}
            </code>
            <button
              type="button"
              className="secondary small"
              disabled={!current}
              onClick={() => {
                setFolderDraft(chosenFolder);
                setEditingFolder(true);
              }}
              data-testid="setup-folder-change"
            >
              Change…
            </button>
          </div>
        )}
        <div className="field-hint setup-space">
          <span data-testid="setup-free-space">
            {checking && !storage
              ? 'Checking free space…'
              : storage
                ? `${formatBytes(storage.freeBytes)} free of ${formatBytes(storage.totalBytes)}`
                : '—'}
          </span>
          {storage && storage.storeBytes > 0 && chosenFolder === current?.dataDir && (
            <span> · the node's data takes {formatBytes(storage.storeBytes)}</span>
          )}
        </div>
        {storageError && <div className="field-error">That folder cannot be used: {storageError.message}</div>}
        {storage && storage.freeBytes < LOW_SPACE_BYTES && (
          <Notice kind="warning">
            Little free space left on this disk. The node's data grows as the DAG does; choose a folder on a disk with
            more room if you can.
          </Notice>
        )}
      </div>

      {changed && (
        <div className="row setup-save">
          <button
            type="button"
            onClick={() => void save()}
            disabled={saving || Boolean(storageError)}
            data-testid="setup-save"
          >
            {saving ? 'Saving…' : 'Save for the next start'}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setNetwork(undefined);
              setFolder(undefined);
            }}
          >
            Keep the current ones
          </button>
        </div>
      )}
      <ErrorNotice error={saveError && `The settings could not be saved: ${saveError.message}`} testId="setup-error" />
      {restartPending && (
        <Notice kind="warning" testId="setup-restart">
          {window.dagwallet ? (
            <>Saved. The node switches to it when it restarts: quit dagwallet and open it again.</>
          ) : (
            <>
              Saved. The node switches to it when it restarts: stop <code>dagwallet node</code> (Ctrl+C) and start it
              again, then open the new link it prints.
            </>
          )}{' '}
          Until then it keeps running {runningNetwork ?? 'its network'}
          {current ? <> in {current.dataDir}</> : null}, and a wallet created now is stored there.
        </Notice>
      )}

      <div className="row step-buttons">
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
        <button type="button" onClick={onContinue} data-testid="setup-continue" autoFocus>
          Continue
        </button>
      </div>
    </div>
  );
}
