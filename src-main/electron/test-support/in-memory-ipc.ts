/**
 * Test support: an ipcMain / ipcRenderer pair in one Node process, close enough to Electron's for
 * the bridge: every message is copied with structuredClone (Electron's serialisation: a Map stays
 * a Map, a function or an Error's class does not survive), delivered asynchronously and in order,
 * invoke rejects when no handler is registered, and each renderer has a webContents with an id,
 * a main frame (url, parent null) and a 'destroyed' event.
 */
import type { IpcFrameLike, IpcInvokeEventLike, IpcMainLike, IpcSenderLike } from '../ipc/ipc-bridge-host.ts';
import type { IpcRendererLike } from '../preload-bridge.ts';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** Runs `task` after everything queued before it: Electron's IPC is asynchronous and ordered. */
function later(task: () => void): void {
  setImmediate(task);
}

export class InMemoryIpcMain implements IpcMainLike {
  readonly #handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  handlerFor(channel: string): Handler | undefined {
    return this.#handlers.get(channel);
  }
}

/** One renderer: its webContents (main's view) and its ipcRenderer (the preload's view). */
export class InMemoryRenderer {
  static #nextId = 1;
  readonly webContents: IpcSenderLike & { destroy(): void };
  readonly ipcRenderer: IpcRendererLike;
  /** The frame requests come from; tests change it to pose as a foreign page, a subframe or a gone frame. */
  frame: IpcFrameLike | null;
  readonly #listeners = new Map<string, Set<RendererListener>>();
  #destroyed = false;
  readonly #onDestroyed = new Set<() => void>();

  constructor(ipcMain: InMemoryIpcMain, url: string) {
    const id = InMemoryRenderer.#nextId++;
    this.frame = { url, parent: null };
    this.webContents = {
      id,
      send: (channel: string, ...args: unknown[]) => {
        if (this.#destroyed) throw new Error('Object has been destroyed');
        const copies = structuredClone(args);
        later(() => {
          for (const listener of [...(this.#listeners.get(channel) ?? [])]) listener({ sender: null }, ...copies);
        });
      },
      isDestroyed: () => this.#destroyed,
      once: (event: 'destroyed', listener: () => void) => {
        if (event === 'destroyed') this.#onDestroyed.add(listener);
      },
      destroy: () => {
        if (this.#destroyed) return;
        this.#destroyed = true;
        for (const listener of this.#onDestroyed) listener();
      },
    };
    const ipcRenderer: IpcRendererLike = {
      invoke: (channel: string, ...args: unknown[]): Promise<unknown> =>
        new Promise((resolve, reject) => {
          let copies: unknown[];
          try {
            copies = structuredClone(args);
          } catch (error) {
            reject(error);
            return;
          }
          later(() => {
            const handler = ipcMain.handlerFor(channel);
            if (!handler) {
              reject(new Error(`No handler registered for '${channel}'`));
              return;
            }
            const event: IpcInvokeEventLike = { sender: this.webContents, senderFrame: this.frame };
            Promise.resolve()
              .then(() => handler(event, ...copies))
              .then(
                (result) => later(() => resolve(structuredClone(result))),
                (error: unknown) =>
                  later(() => reject(new Error(`Error invoking remote method '${channel}': ${error}`))),
              );
          });
        }),
      on: (channel: string, listener: RendererListener) => {
        let set = this.#listeners.get(channel);
        if (!set) this.#listeners.set(channel, (set = new Set()));
        set.add(listener);
        return ipcRenderer;
      },
      removeListener: (channel: string, listener: RendererListener) => {
        this.#listeners.get(channel)?.delete(listener);
        return ipcRenderer;
      },
    };
    this.ipcRenderer = ipcRenderer;
  }

  /** Listeners the page still has on `channel` (to check that a closed client let go). */
  listenerCount(channel: string): number {
    return this.#listeners.get(channel)?.size ?? 0;
  }
}

/**
 * What contextBridge does to an exposed API: arguments and results are copied, functions passed
 * either way are called through (their own arguments copied too).
 */
export function throughContextBridge<T extends object>(api: T): T {
  const copy = (value: unknown): unknown => {
    if (typeof value === 'function') return wrapFunction(value as (...args: unknown[]) => unknown);
    if (value instanceof Promise) return value.then(copy);
    return structuredClone(value);
  };
  const wrapFunction =
    (fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown =>
      copy(fn(...args.map(copy)));
  const exposed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) exposed[key] = copy(value);
  return exposed as T;
}
