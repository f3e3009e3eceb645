/**
 * The object the preload exposes on `window.dagwallet` (src-main/electron/preload.ts), built over
 * any ipcRenderer-like object so it runs in Node tests too. Plain functions only: whatever crosses
 * contextBridge is copied, and an Error loses its class there, so failures become answers.
 * The renderer never gets the IPC event (its `sender` would hand out ipcRenderer itself).
 */
import { IPC_CHANNELS, type IpcBridge, type IpcResult } from '../../src-shared/ipc-node-client.ts';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createIpcBridge(ipc: IpcRendererLike): IpcBridge {
  const invoke = async <T>(channel: string, ...args: unknown[]): Promise<IpcResult<T>> => {
    try {
      return (await ipc.invoke(channel, ...args)) as IpcResult<T>;
    } catch (error) {
      // No handler (main not ready or gone) or the message could not be copied.
      return {
        ok: false,
        error: {
          code: 'CONNECTION_LOST',
          message: `the app's main process did not answer: ${String(error)}`,
          remote: false,
        },
      };
    }
  };
  const listen = <T>(channel: string, listener: (message: T) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward = (_event: unknown, message: unknown) => listener(message as T);
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
  };
  return {
    call: (method, params) => invoke(IPC_CHANNELS.call, method, params),
    // Options only when given: main counts the arguments.
    subscribe: (event, options) =>
      options === undefined ? invoke(IPC_CHANNELS.subscribe, event) : invoke(IPC_CHANNELS.subscribe, event, options),
    unsubscribe: (event, options) =>
      options === undefined
        ? invoke(IPC_CHANNELS.unsubscribe, event)
        : invoke(IPC_CHANNELS.unsubscribe, event, options),
    connection: () => invoke(IPC_CHANNELS.connection),
    onNotifications: (listener) => listen(IPC_CHANNELS.notifications, listener),
    onConnection: (listener) => listen(IPC_CHANNELS.connectionChanged, listener),
  };
}
