import type { SettingsJson } from '../../../src-shared/api.ts';

/** The settings form as the user types it: text fields stay text until saved. */
export interface SettingsForm {
  network: string;
  dataDir: string;
  rpcPort: string;
  listen: string;
  peers: string;
  mdns: boolean;
  outboundPeers: string;
  miningAddress: string;
  miningThreads: string;
}

export type SettingsField = keyof SettingsForm;
export type FieldErrors = Partial<Record<SettingsField, string>>;

export function formFromSettings(settings: SettingsJson): SettingsForm {
  return {
    network: settings.network,
    dataDir: settings.dataDir,
    rpcPort: String(settings.rpcPort),
    listen: settings.listen.join('\n'),
    peers: settings.peers.join('\n'),
    mdns: settings.mdns,
    outboundPeers: String(settings.outboundPeers),
    miningAddress: settings.mining.address ?? '',
    miningThreads: String(settings.mining.threads),
  };
}

/** One address per line; blank lines and surrounding spaces do not count. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function wholeNumber(text: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

/** A path the node can use as is: absolute on POSIX ("/…") or Windows ("C:\…", "\\server\…"). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/**
 * Checks the form (the node checks again) and returns what differs from `saved`: only the changed
 * fields are sent, so a value the node got from a command-line flag is not written to config.json
 * unless the user changed it.
 */
export function changedSettings(
  form: SettingsForm,
  saved: SettingsJson,
  cpuCount: number,
): { change: Partial<SettingsJson>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const change: Partial<SettingsJson> = {};
  const dataDir = form.dataDir.trim();
  if (dataDir === '') errors.dataDir = 'Choose the folder the node keeps its data in.';
  else if (!isAbsolutePath(dataDir))
    errors.dataDir = 'Give the whole path, starting at the top (e.g. /home/you/dagwallet).';
  else if (dataDir !== saved.dataDir) change.dataDir = dataDir;
  if (form.network !== saved.network) change.network = form.network;
  const rpcPort = wholeNumber(form.rpcPort, 0, 65_535);
  if (rpcPort === undefined) errors.rpcPort = 'A port is a whole number from 0 to 65535 (0: any free port).';
  else if (rpcPort !== saved.rpcPort) change.rpcPort = rpcPort;
  const outboundPeers = wholeNumber(form.outboundPeers, 0, 64);
  if (outboundPeers === undefined) errors.outboundPeers = 'A whole number of peers from 0 to 64.';
  else if (outboundPeers !== saved.outboundPeers) change.outboundPeers = outboundPeers;
  for (const field of ['listen', 'peers'] as const) {
    const list = lines(form[field]);
    const bad = list.find((line) => !line.startsWith('/'));
    if (bad) errors[field] = `'${bad}' is not a multiaddr: each line looks like /ip4/0.0.0.0/tcp/17611.`;
    else if (list.join('\n') !== saved[field].join('\n')) change[field] = list;
  }
  if (form.mdns !== saved.mdns) change.mdns = form.mdns;
  const threads = wholeNumber(form.miningThreads, 1, 256);
  if (threads === undefined)
    errors.miningThreads = `A whole number of threads from 1 to 256 (this computer has ${cpuCount} cores).`;
  const address = form.miningAddress.trim() === '' ? null : form.miningAddress.trim();
  if (threads !== undefined && (address !== saved.mining.address || threads !== saved.mining.threads))
    change.mining = { address, threads };
  return { change, errors };
}

/** The form field a node error names ("rpcPort must be…", "listen[2] is not…", "mining.address is not…"). */
export function fieldOfError(message: string): SettingsField | undefined {
  const match = /^(network|dataDir|rpcPort|listen|peers|mdns|outboundPeers|mining\.address|mining\.threads)\b/.exec(
    message,
  );
  const name = match?.[1];
  if (name === undefined) return undefined;
  if (name === 'mining.address') return 'miningAddress';
  if (name === 'mining.threads') return 'miningThreads';
  return name as SettingsField;
}
