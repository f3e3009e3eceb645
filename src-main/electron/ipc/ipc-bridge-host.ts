/**
 * Main's side of the IPC transport: answers the preload's requests (src-shared/ipc-node-client.ts)
 * by forwarding them to main's own NodeClient (a WebSocketNodeClient holding the node's token),
 * after checking who asks and what: the sender must be a main frame showing our app, the method
 * one NodeApi has, the params those the method takes (ipc-validation.ts), the events known ones.
 *
 * Subscriptions are kept per window (webContents) and released when it goes; a window's
 * utxosChanged addresses are held as one subscription of main's client, replaced by one for the
 * new set whenever the window adds or drops addresses. Notifications the
 * node sends in one WebSocket frame reach main in one synchronous run, so they are queued and
 * sent on at the end of that run as one IPC message: a burst costs the renderer one message per
 * 100 ms window, as the node batches it.
 *
 * No electron import: the ipcMain, webContents and frame it needs are described structurally,
 * so the bridge runs (and is tested) in plain Node with an in-memory ipcMain.
 */
import type { MethodParams, NodeMethod, NotificationEvent } from '../../../src-shared/api.ts';
import {
  IPC_CHANNELS,
  IPC_REFUSED,
  type IpcConnectionState,
  type IpcErrorJson,
  type IpcNotification,
  type IpcResult,
} from '../../../src-shared/ipc-node-client.ts';
import {
  type NodeClient,
  NodeClientError,
  type NodeClientState,
  RemoteError,
  type Subscription,
} from '../../../src-shared/node-client.ts';
import { IpcRefusal } from './ipc-error.ts';
import { checkCall, checkSubscription, MAX_PARAMS_CHARS } from './ipc-validation.ts';

/** The part of Electron's WebFrameMain the bridge looks at. */
export interface IpcFrameLike {
  readonly url: string;
  /** Null for a window's main frame. */
  readonly parent: unknown;
}

/** The part of Electron's WebContents the bridge uses. */
export interface IpcSenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of Electron's IpcMainInvokeEvent the bridge looks at. */
export interface IpcInvokeEventLike {
  readonly sender: IpcSenderLike;
  /** Null when the frame navigated away or was destroyed before the request was handled. */
  readonly senderFrame: IpcFrameLike | null;
}

/** The part of Electron's ipcMain the bridge uses. */
export interface IpcMainLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Electron's own signature: args are whatever the renderer sent
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcBridgeHostOptions {
  ipcMain: IpcMainLike;
  /** Main's client of the node, or its promise while the node starts (a rejection closes the bridge with it). */
  client: NodeClient | Promise<NodeClient>;
  /** Only main frames whose URL starts with this may talk, e.g. 'app://dagwallet/'. */
  appUrl: string;
  /** A call made before the node is up waits this long for it (default 30 s), then fails with TIMEOUT. */
  startWaitMs?: number;
  maxParamsChars?: number;
  /** Told of every refusal (default: console.warn): a refusal is a bug or an attack, worth a line in the log. */
  onRefusal?: (refusal: IpcRefusal, channel: string) => void;
}

/** A window's utxosChanged: the addresses it watches, held by one subscription of main's client. */
interface UtxoWatch {
  addresses: ReadonlySet<string>;
  subscription: Subscription | undefined;
  /** Changes run one after another, each replacing the subscription the one before left. */
  queue: Promise<void>;
  /** Grows when the window lets everything go, so a change still under way knows it is stale. */
  generation: number;
}

interface SenderRecord {
  sender: IpcSenderLike;
  subscriptions: Map<NotificationEvent, Subscription>;
  utxos: UtxoWatch;
  queue: IpcNotification[];
  flushScheduled: boolean;
}

const DEFAULT_START_WAIT_MS = 30_000;

function refusedReply(refusal: IpcRefusal): IpcResult<never> {
  return { ok: false, error: { code: IPC_REFUSED, reason: refusal.code, message: refusal.message, remote: true } };
}

/** How an error of main's client crosses to the renderer. */
export function errorJson(error: unknown): IpcErrorJson {
  if (error instanceof RemoteError) return { code: error.code, message: error.message, remote: true };
  if (error instanceof NodeClientError)
    // Main closing its own client means the app is going away: for the renderer the node is gone.
    return { code: error.code === 'CLIENT_CLOSED' ? 'NODE_CLOSED' : error.code, message: error.message, remote: false };
  return { code: 'CONNECTION_LOST', message: 'main failed to forward the request', remote: false };
}

export class IpcBridgeHost {
  readonly #ipcMain: IpcMainLike;
  readonly #appUrl: string;
  readonly #startWaitMs: number;
  readonly #maxParamsChars: number;
  readonly #onRefusal: (refusal: IpcRefusal, channel: string) => void;
  readonly #clientPromise: Promise<NodeClient>;
  #client: NodeClient | undefined;
  #offClientState: (() => void) | undefined;
  #state: NodeClientState = 'connecting';
  #seq = 0;
  #closedBy: NodeClientError | undefined;
  readonly #senders = new Map<number, SenderRecord>();

  constructor(options: IpcBridgeHostOptions) {
    this.#ipcMain = options.ipcMain;
    this.#appUrl = options.appUrl;
    this.#startWaitMs = options.startWaitMs ?? DEFAULT_START_WAIT_MS;
    this.#maxParamsChars = options.maxParamsChars ?? MAX_PARAMS_CHARS;
    this.#onRefusal =
      options.onRefusal ??
      ((refusal, channel) => console.warn(`IPC ${channel} refused (${refusal.code}): ${refusal.message}`));
    this.#clientPromise = Promise.resolve(options.client);
    this.#clientPromise.then(
      (client) => this.#attach(client),
      (error: unknown) =>
        this.close(
          error instanceof NodeClientError
            ? error
            : new NodeClientError('NODE_UNREACHABLE', `the node did not start: ${(error as Error)?.message ?? error}`),
        ),
    );
    // Nobody else awaits it: a failed start is reported through the state, not as an unhandled rejection.
    this.#clientPromise.catch(() => {});

    this.#handle(IPC_CHANNELS.call, 2, (record, method, params) => this.#call(method, params));
    // The options argument is for utxosChanged ({ addresses }) only.
    this.#handle(IPC_CHANNELS.subscribe, [1, 2], (record, event, options) =>
      this.#subscribe(record, checkSubscription(event, options, 'subscribe')),
    );
    this.#handle(IPC_CHANNELS.unsubscribe, [1, 2], (record, event, options) =>
      this.#unsubscribe(record, checkSubscription(event, options, 'unsubscribe')),
    );
    this.#handle(IPC_CHANNELS.connection, 0, () => Promise.resolve({ ok: true, result: this.connection }));
  }

  /** The connection as the renderer sees it. */
  get connection(): IpcConnectionState {
    const state: IpcConnectionState = { state: this.#state, seq: this.#seq };
    if (this.#state === 'closed') {
      const error = this.#closedBy ?? new NodeClientError('NODE_CLOSED', 'the node shut down');
      state.error = { code: errorJson(error).code as NodeClientError['code'], message: error.message };
    }
    return state;
  }

  /**
   * Closes the bridge for good with `reason` (default NODE_CLOSED): windows are told, calls are
   * answered with it, subscriptions let go. Main's client is its owner's to close.
   */
  close(reason = new NodeClientError('NODE_CLOSED', 'the node shut down')): void {
    if (this.#state === 'closed') return;
    this.#closedBy = reason;
    this.#offClientState?.();
    for (const record of this.#senders.values()) this.#release(record);
    this.#setState('closed');
  }

  /**
   * The window loaded another page (a reload): what the old page subscribed to goes with it; the
   * new page subscribes again for itself.
   */
  releaseSender(senderId: number): void {
    const record = this.#senders.get(senderId);
    if (record) this.#release(record);
  }

  /** Removes the IPC handlers (after close, when the app quits). */
  dispose(): void {
    this.close();
    for (const channel of Object.values(IPC_CHANNELS)) this.#ipcMain.removeHandler(channel);
  }

  #attach(client: NodeClient): void {
    if (this.#state === 'closed') return;
    this.#client = client;
    this.#offClientState = client.onStateChange((state) => {
      if (state === 'closed') this.close();
      else this.#setState(state);
    });
    if (client.state === 'closed') this.close();
    else this.#setState(client.state);
  }

  #setState(state: NodeClientState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#seq++;
    const update = this.connection;
    for (const record of this.#senders.values()) this.#send(record, IPC_CHANNELS.connectionChanged, update);
  }

  /** Registers a handler that checks the sender and the argument count (exact, or [fewest, most]), and never throws. */
  #handle(
    channel: string,
    argumentCount: number | [number, number],
    answer: (record: SenderRecord, ...args: unknown[]) => Promise<IpcResult<unknown>>,
  ): void {
    const [fewest, most] = typeof argumentCount === 'number' ? [argumentCount, argumentCount] : argumentCount;
    const expected = fewest === most ? `${fewest}` : `${fewest} to ${most}`;
    this.#ipcMain.handle(channel, async (event: IpcInvokeEventLike, ...args: unknown[]) => {
      try {
        const record = this.#trusted(event);
        if (args.length < fewest || args.length > most)
          throw new IpcRefusal('BAD_REQUEST', `${channel} takes ${expected} arguments, not ${args.length}`);
        return await answer(record, ...args);
      } catch (error) {
        if (error instanceof IpcRefusal) {
          this.#onRefusal(error, channel);
          return refusedReply(error);
        }
        return { ok: false, error: errorJson(error) };
      }
    });
  }

  /** Our own page in a window's main frame, or an UNAUTHORIZED refusal. */
  #trusted(event: IpcInvokeEventLike): SenderRecord {
    const frame = event?.senderFrame;
    if (!frame || frame.parent !== null || typeof frame.url !== 'string' || !frame.url.startsWith(this.#appUrl))
      throw new IpcRefusal('UNAUTHORIZED', `requests come from our own page's main frame only`);
    const sender = event.sender;
    let record = this.#senders.get(sender.id);
    if (!record) {
      const created: SenderRecord = {
        sender,
        subscriptions: new Map(),
        utxos: { addresses: new Set(), subscription: undefined, queue: Promise.resolve(), generation: 0 },
        queue: [],
        flushScheduled: false,
      };
      this.#senders.set(sender.id, created);
      sender.once('destroyed', () => {
        this.#release(created);
        this.#senders.delete(sender.id);
      });
      record = created;
    }
    return record;
  }

  /** Main's client once the node is up; waits for it at most startWaitMs. */
  async #clientNow(): Promise<NodeClient> {
    if (this.#client || this.#state === 'closed') return this.#attachedClient();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stillStarting = new NodeClientError('TIMEOUT', 'the node is still starting; try again in a moment');
    const timeout = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(stillStarting), this.#startWaitMs)),
    );
    try {
      await Promise.race([this.#clientPromise, timeout]);
    } catch (error) {
      if (error === stillStarting) throw error;
      // A failed start closed the bridge (the constructor's handler ran first): answered below.
    } finally {
      clearTimeout(timer);
    }
    return this.#attachedClient();
  }

  #attachedClient(): NodeClient {
    if (this.#state === 'closed' || !this.#client) throw this.#closedError();
    return this.#client;
  }

  #closedError(): NodeClientError {
    const cause = this.#closedBy;
    return new NodeClientError(cause?.code ?? 'NODE_CLOSED', cause?.message ?? 'the node shut down');
  }

  async #call(rawMethod: unknown, rawParams: unknown): Promise<IpcResult<unknown>> {
    const { method, params } = checkCall(rawMethod, rawParams, this.#maxParamsChars);
    const client = await this.#clientNow();
    const result = await client.call(method as NodeMethod, params as MethodParams<NodeMethod>);
    return { ok: true, result };
  }

  async #subscribe(
    record: SenderRecord,
    { event, addresses }: { event: NotificationEvent; addresses?: string[] },
  ): Promise<IpcResult<unknown>> {
    if (event === 'utxosChanged') {
      await this.#changeUtxos(record, (watched) => new Set([...watched, ...(addresses ?? [])]));
      return { ok: true, result: { event, subscribed: true } };
    }
    const client = await this.#clientNow();
    let subscription = record.subscriptions.get(event);
    if (!subscription) {
      subscription = client.subscribe(event, (payload) => this.#enqueue(record, event, payload));
      record.subscriptions.set(event, subscription);
    }
    const mine = subscription;
    try {
      await mine.ready;
    } catch (error) {
      if (record.subscriptions.get(event) === mine) {
        record.subscriptions.delete(event);
        mine();
      }
      throw error;
    }
    return { ok: true, result: { event, subscribed: true } };
  }

  async #unsubscribe(
    record: SenderRecord,
    { event, addresses }: { event: NotificationEvent; addresses?: string[] },
  ): Promise<IpcResult<unknown>> {
    if (event === 'utxosChanged') {
      const dropped = new Set(addresses);
      await this.#changeUtxos(record, (watched) =>
        addresses === undefined ? new Set() : new Set([...watched].filter((address) => !dropped.has(address))),
      );
      return { ok: true, result: { event, subscribed: record.utxos.addresses.size > 0 } };
    }
    const subscription = record.subscriptions.get(event);
    record.subscriptions.delete(event);
    subscription?.();
    return { ok: true, result: { event, subscribed: false } };
  }

  /**
   * Moves the window's utxosChanged to the addresses `next` makes of the current ones: main's
   * client subscribes to the new set, and once the node confirmed it the old subscription goes
   * (main's client then tells the node of the addresses dropped). Until then the old one
   * forwards, so nothing is delivered twice or lost for the addresses both hold.
   */
  #changeUtxos(record: SenderRecord, next: (watched: ReadonlySet<string>) => Set<string>): Promise<void> {
    const watch = record.utxos;
    const change = async () => {
      const addresses = next(watch.addresses);
      const same = addresses.size === watch.addresses.size && [...addresses].every((a) => watch.addresses.has(a));
      if (same && (watch.subscription !== undefined || addresses.size === 0)) return;
      if (addresses.size === 0) {
        watch.subscription?.();
        watch.subscription = undefined;
        watch.addresses = addresses;
        return;
      }
      const generation = watch.generation;
      const client = await this.#clientNow();
      const mine: Subscription = client.subscribe(
        'utxosChanged',
        (payload) => {
          if (watch.subscription === mine) this.#enqueue(record, 'utxosChanged', payload);
        },
        { addresses: [...addresses] },
      );
      try {
        await mine.ready;
      } catch (error) {
        mine();
        throw error;
      }
      if (watch.generation !== generation) {
        // The window let everything go (it closed or reloaded) while this was under way.
        mine();
        return;
      }
      const old = watch.subscription;
      watch.subscription = mine;
      watch.addresses = addresses;
      old?.();
    };
    const run = watch.queue.then(change);
    watch.queue = run.catch(() => {});
    return run;
  }

  #release(record: SenderRecord): void {
    for (const unsubscribe of record.subscriptions.values()) unsubscribe();
    record.subscriptions.clear();
    record.utxos.generation++;
    record.utxos.subscription?.();
    record.utxos.subscription = undefined;
    record.utxos.addresses = new Set();
    record.queue.length = 0;
  }

  #enqueue(record: SenderRecord, event: NotificationEvent, payload: unknown): void {
    record.queue.push({ event, payload });
    if (record.flushScheduled) return;
    record.flushScheduled = true;
    // Everything one WebSocket frame carried is delivered before this runs: one message per frame.
    queueMicrotask(() => {
      record.flushScheduled = false;
      const batch = record.queue.splice(0);
      if (batch.length > 0) this.#send(record, IPC_CHANNELS.notifications, batch);
    });
  }

  #send(record: SenderRecord, channel: string, message: unknown): void {
    if (record.sender.isDestroyed()) return;
    try {
      record.sender.send(channel, message);
    } catch (error) {
      // A window closing between the check and the send: it needs nothing more.
      console.warn(`IPC ${channel} could not be sent:`, error);
    }
  }
}
