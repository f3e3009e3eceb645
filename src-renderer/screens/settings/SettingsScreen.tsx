import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { SettingsJson, StorageInfoJson } from '../../../src-shared/api.ts';
import { callError, type CallError, useCall, useClient } from '../../client/client-context.tsx';
import { type Theme, usePreferences } from '../../store/app-store.ts';
import { Card, ErrorNotice, Notice, Spinner } from '../../ui/components.tsx';
import { bytes } from '../home/figures.ts';
import {
  changedSettings,
  type FieldErrors,
  fieldOfError,
  formFromSettings,
  isAbsolutePath,
  type SettingsField,
  type SettingsForm,
} from './settings-form.ts';
import './settings.css';

/** The free-space check waits until typing pauses this long. */
const STORAGE_CHECK_DELAY_MS = 350;

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** A labelled control with its hint and its error, wired for screen readers. */
function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** Free space where the data folder would be, asked again as the path is typed. */
function StorageHint({ path, current }: { path: string; current: string }) {
  const client = useClient();
  const [state, setState] = useState<{ info?: StorageInfoJson; error?: CallError; path?: string }>({});
  const trimmed = path.trim();
  const checkable = trimmed !== '' && isAbsolutePath(trimmed);
  useEffect(() => {
    if (!checkable) return;
    let live = true;
    const timer = setTimeout(() => {
      client.call('getStorageInfo', { path: trimmed }).then(
        (info) => live && setState({ info, path: trimmed }),
        (error: unknown) => live && setState({ error: callError(error), path: trimmed }),
      );
    }, STORAGE_CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, trimmed, checkable]);
  if (!checkable) return null;
  if (state.path !== trimmed) return <span className="storage-hint muted">Checking the disk…</span>;
  if (state.error) return <span className="storage-hint field-error">{state.error.message}</span>;
  const info = state.info;
  if (!info) return null;
  const moving = info.dataDir !== current;
  return (
    <span className="storage-hint" data-testid="storage-info">
      {bytes(info.freeBytes)} free of {bytes(info.totalBytes)} on this disk
      {info.storeBytes > 0
        ? ` · the ${moving ? 'store already there' : 'node’s store'} takes ${bytes(info.storeBytes)}`
        : moving
          ? ' · no store there yet: the node syncs from the start in a new folder'
          : ''}
    </span>
  );
}

function SettingsEditor({
  saved,
  networks,
  cpuCount,
  onSaved,
}: {
  saved: SettingsJson;
  networks: string[];
  cpuCount: number;
  onSaved: (settings: SettingsJson) => void;
}) {
  const client = useClient();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ restartRequired: boolean; nothing: boolean }>();
  const { change } = changedSettings(form, saved, cpuCount);
  const dirty = Object.keys(change).length > 0;

  const set = <F extends SettingsField>(field: F, value: SettingsForm[F]) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
    setResult(undefined);
  };
  const text = (field: SettingsField) => ({
    id: `setting-${field}`,
    value: form[field] as string,
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': describedBy(`setting-${field}`, true, errors[field]),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const checked = changedSettings(form, saved, cpuCount);
    setErrors(checked.errors);
    setError(undefined);
    const invalid = Object.keys(checked.errors);
    if (invalid.length > 0) {
      setError('Some settings need correcting before they can be saved (see the fields marked above).');
      document.getElementById(`setting-${invalid[0]}`)?.focus();
      return;
    }
    if (Object.keys(checked.change).length === 0) {
      setResult({ restartRequired: false, nothing: true });
      return;
    }
    setBusy(true);
    try {
      const { restartRequired, ...next } = await client.call('updateSettings', checked.change);
      setForm(formFromSettings(next));
      setResult({ restartRequired, nothing: false });
      onSaved(next);
    } catch (cause) {
      const failure = callError(cause);
      const field = failure.code === 'BAD_PARAMS' ? fieldOfError(failure.message) : undefined;
      if (field) {
        setErrors({ [field]: failure.message });
        document.getElementById(`setting-${field}`)?.focus();
      }
      setError(
        failure.code === 'WRITE_FAILED'
          ? `The settings could not be saved: ${failure.message}`
          : failure.code === 'BAD_PARAMS'
            ? `The node refused a setting: ${failure.message}`
            : failure.message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} noValidate className="settings-form">
      <Card title="Storage and network">
        <Field
          id="setting-dataDir"
          label="Data folder"
          error={errors.dataDir}
          hint={
            <>
              Each network keeps its store, its peers and its wallet in its own folder inside it.{' '}
              <StorageHint path={form.dataDir} current={saved.dataDir} />
            </>
          }
        >
          <input {...text('dataDir')} className="mono" spellCheck={false} autoComplete="off" />
        </Field>
        <Field
          id="setting-network"
          label="Network"
          error={errors.network}
          hint="Coins of one network are worthless on another; the node and its wallet belong to one at a time."
        >
          <select {...text('network')}>
            {networks.map((network) => (
              <option key={network} value={network}>
                {network}
              </option>
            ))}
          </select>
        </Field>
      </Card>

      <Card title="Peers">
        <div className="field-pair">
          <Field
            id="setting-listen"
            label="Listen addresses"
            error={errors.listen}
            hint="One multiaddr per line, e.g. /ip4/0.0.0.0/tcp/17611. None: other nodes cannot connect to this one."
          >
            <textarea {...text('listen')} className="mono" rows={3} spellCheck={false} />
          </Field>
          <Field
            id="setting-peers"
            label="Peers to stay connected to"
            error={errors.peers}
            hint="One multiaddr per line; the node dials them again whenever they drop."
          >
            <textarea {...text('peers')} className="mono" rows={3} spellCheck={false} />
          </Field>
        </div>
        <div className="field-pair">
          <Field
            id="setting-outboundPeers"
            label="Outbound peers"
            error={errors.outboundPeers}
            hint="Connections the node opens to addresses it learned, besides the peers above (0 to 64)."
          >
            <input {...text('outboundPeers')} inputMode="numeric" className="short" />
          </Field>
          <div className="field checkbox-field">
            <label className="checkbox">
              <input
                id="setting-mdns"
                type="checkbox"
                checked={form.mdns}
                onChange={(event) => set('mdns', event.target.checked)}
              />
              Find peers on the local network (mDNS)
            </label>
            <span className="field-hint">
              Other dagwallet nodes of the same network on this LAN connect by themselves.
            </span>
          </div>
        </div>
      </Card>

      <Card title="Local API and mining">
        <div className="field-pair">
          <Field
            id="setting-rpcPort"
            label="Local API port"
            error={errors.rpcPort}
            hint="The app and the command line talk to the node on this port, on this computer only (0: any free port)."
          >
            <input {...text('rpcPort')} inputMode="numeric" className="short" />
          </Field>
          <Field
            id="setting-miningThreads"
            label="Mining threads"
            error={errors.miningThreads}
            hint={`Used when mining starts by itself and as the Mining screen's default. This computer has ${cpuCount} cores.`}
          >
            <input {...text('miningThreads')} inputMode="numeric" className="short" />
          </Field>
        </div>
        <Field
          id="setting-miningAddress"
          label="Mine at start to"
          error={errors.miningAddress}
          hint="An address of this network: the node starts mining to it whenever it starts. Empty: it does not mine by itself."
        >
          <input
            {...text('miningAddress')}
            className="mono"
            spellCheck={false}
            autoComplete="off"
            placeholder="(do not mine at start)"
          />
        </Field>
      </Card>

      <ErrorNotice error={error} />
      <div className="settings-actions">
        <button type="submit" data-testid="settings-save" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!dirty || busy}
          onClick={() => {
            setForm(formFromSettings(saved));
            setErrors({});
            setError(undefined);
          }}
        >
          Undo changes
        </button>
        {dirty && !busy && <span className="muted">Unsaved changes</span>}
      </div>
      {result && (
        <Notice kind={result.restartRequired ? 'warning' : 'success'} testId="settings-saved">
          {result.nothing
            ? 'Nothing to save: the settings are as they were.'
            : result.restartRequired
              ? 'Saved. Restart the node to apply the new settings: it keeps running with the old ones until then.'
              : 'Saved. The node already runs with these settings.'}
        </Notice>
      )}
    </form>
  );
}

function Appearance() {
  const theme = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  return (
    <Card title="Appearance">
      <div className="field">
        <label htmlFor="setting-theme">Theme</label>
        <select
          id="setting-theme"
          data-testid="theme-select"
          value={theme}
          onChange={(event) => setTheme(event.target.value as Theme)}
        >
          {THEMES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <span className="field-hint">Applies at once and is kept in this app, not in the node&rsquo;s settings.</span>
      </div>
    </Card>
  );
}

export function SettingsScreen(_props: { path: string[] }) {
  const settings = useCall('getSettings', {});
  const [saved, setSaved] = useState<SettingsJson>();
  const current = saved ?? settings.data;
  return (
    <div className="settings">
      <h1>Settings</h1>
      {settings.error && !current ? (
        <ErrorNotice error={`The settings could not be read: ${settings.error.message}`} />
      ) : !current || !settings.data ? (
        <Card>
          <Spinner /> Reading the settings…
        </Card>
      ) : (
        <SettingsEditor
          saved={current}
          networks={settings.data.networks}
          cpuCount={settings.data.cpuCount}
          onSaved={setSaved}
        />
      )}
      <Appearance />
    </div>
  );
}
