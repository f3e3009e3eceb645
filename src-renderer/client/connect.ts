import type { NodeClient } from '../../src-shared/node-client.ts';
import { WebSocketNodeClient, WS_PATH } from '../../src-shared/node-client.ts';
import { IpcNodeClient, type IpcBridge } from '../../src-shared/ipc-node-client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser. */
    dagwallet?: IpcBridge;
  }
}

const TOKEN_KEY = 'dagwallet.token';

/**
 * The browser gets the node's per-run token in the URL's fragment (never sent to a server, never
 * in a log); it is kept for this tab only and wiped from the address bar.
 */
function takeToken(): string | null {
  const hash = window.location.hash;
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    // "#token=…" or "#/dag&token=…": the route stays, the token goes.
    const route = hash.replace(/&token=[0-9a-f]+/, '').replace(/^#token=[0-9a-f]+/, '');
    history.replaceState(null, '', window.location.pathname + window.location.search + route);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export type ClientChoice = { client: NodeClient; transport: 'ipc' | 'websocket' } | { error: string };

/** IPC inside Electron, the served page's own node over WebSocket in a browser. */
export function connectClient(): ClientChoice {
  if (window.dagwallet) return { client: new IpcNodeClient(window.dagwallet), transport: 'ipc' };
  const token = takeToken();
  if (!token)
    return {
      error:
        'This page needs the link the node printed when it started (it carries a one-time token). ' +
        'Open the address shown by `dagwallet node --ui` again.',
    };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}${WS_PATH}`;
  return { client: new WebSocketNodeClient(url, token), transport: 'websocket' };
}
