/**
 * The messages between main and the process hosting the node (node-host-process.ts), over
 * Electron's utilityProcess port (or a Node child's IPC channel in tests). The token crosses
 * only here, from the host to main; the renderer never sees it.
 */

/** The node runs and serves its WebSocket API on loopback. */
export interface HostReadyMessage {
  type: 'ready';
  wsUrl: string;
  token: string;
  network: string;
  /** The network's folder (store, wallets, node.json). */
  dir: string;
}

/** The node could not start; the host exits after sending this. */
export interface HostFailedMessage {
  type: 'failed';
  code: string;
  message: string;
}

/** The node closed cleanly (store closed, lock released); the host exits after sending this. */
export interface HostClosedMessage {
  type: 'closed';
}

export type HostToMainMessage = HostReadyMessage | HostFailedMessage | HostClosedMessage;

/** Main asks the host to close the node and exit. */
export interface CloseHostMessage {
  type: 'close';
}

export type MainToHostMessage = CloseHostMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A message from the host, checked field by field (anything else is ignored by main). */
export function parseHostMessage(value: unknown): HostToMainMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return typeof value.wsUrl === 'string' &&
        typeof value.token === 'string' &&
        typeof value.network === 'string' &&
        typeof value.dir === 'string'
        ? { type: 'ready', wsUrl: value.wsUrl, token: value.token, network: value.network, dir: value.dir }
        : undefined;
    case 'failed':
      return typeof value.code === 'string' && typeof value.message === 'string'
        ? { type: 'failed', code: value.code, message: value.message }
        : undefined;
    case 'closed':
      return { type: 'closed' };
    default:
      return undefined;
  }
}

export function isCloseHostMessage(value: unknown): value is CloseHostMessage {
  return isRecord(value) && value.type === 'close';
}
