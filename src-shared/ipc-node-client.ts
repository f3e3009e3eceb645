/**
 * The NodeClient over Electron IPC: the renderer's side of the desktop app's transport. Main
 * holds the node's WebSocket (and its token, which the renderer never sees) and bridges it
 * (src-main/electron/ipc/ipc-bridge-host.ts); the sandboxed preload exposes the bridge on
 * `window.dagwallet` as plain functions (src-main/electron/preload.ts). Runs in a browser and in
 * Node: no node, electron or DOM-only imports.
 *
 * Across contextBridge an Error loses its class, so every answer is a plain object: `{ ok: true,
 * result }` or `{ ok: false, error: { code, message, remote } }`, which this client turns back
 * into RemoteError (the node, or main on its behalf, said no) or NodeClientError (the transport
 * failed). Notifications arrive in batches, one IPC message per WebSocket frame main received.
 */
import type {
  MethodParams,
  MethodResult,
  NodeMethod,
  NotificationEvent,
  NotificationMap,
  SubscribeOptions,
} from './api.ts';
import {
  type NodeClient,
  NodeClientError,
  NodeClientErrorCode,
  type NodeClientState,
  RemoteError,
  type SubscribeArgs,
  type Subscription,
} from './node-client.ts';
import {
  closedSubscription,
  type Deferred,
  deferred,
  type UtxoListenerEntry,
  UtxoListeners,
  type UtxosChange,
} from './utxo-listeners.ts';

/** The code main answers with when it refuses to forward a request; `reason` says why. */
export const IPC_REFUSED = 'IPC_REFUSED';

/** Why main refused, in the node's own API codes, so the UI treats it as the node refusing. */
export const IpcRefusalReason = {
  /** A method NodeApi does not have. */
  UNKNOWN_METHOD: 'UNKNOWN_METHOD',
  /** A field missing, of the wrong type, too long or out of range; or an unknown event. */
  BAD_PARAMS: 'BAD_PARAMS',
  /** Not a plain JSON object within the size bound, or the wrong number of arguments. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The request came from a frame that is not our window's main frame on our own page. */
  UNAUTHORIZED: 'UNAUTHORIZED',
} as const;
export type IpcRefusalReason = (typeof IpcRefusalReason)[keyof typeof IpcRefusalReason];

export interface IpcErrorJson {
  code: string;
  message: string;
  /**
   * true: the node, or main on its behalf, answered no (a RemoteError with `code`, or with
   * `reason` when code is IPC_REFUSED). false: the transport failed (a NodeClientError; `code`
   * is a NodeClientErrorCode).
   */
  remote: boolean;
  reason?: IpcRefusalReason;
}

export type IpcResult<T> = { ok: true; result: T } | { ok: false; error: IpcErrorJson };

export interface IpcNotification {
  event: NotificationEvent;
  payload: unknown;
}

/** Main's connection to the node. `seq` grows with every change, so a late answer cannot undo a newer push. */
export interface IpcConnectionState {
  state: NodeClientState;
  seq: number;
  /** Why it closed, when it did. */
  error?: { code: NodeClientErrorCode; message: string };
}

/** What the preload exposes on `window.dagwallet`: plain functions and plain data only. */
export interface IpcBridge {
  call(method: string, params: unknown): Promise<IpcResult<unknown>>;
  /** `options` for utxosChanged only: `{ addresses }` to add. */
  subscribe(event: string, options?: unknown): Promise<IpcResult<{ event: string; subscribed: true }>>;
  /** `options` for utxosChanged only: `{ addresses }` to drop (all without). */
  unsubscribe(event: string, options?: unknown): Promise<IpcResult<{ event: string; subscribed: boolean }>>;
  /** Main's connection to the node now. */
  connection(): Promise<IpcResult<IpcConnectionState>>;
  /** Every notification batch main forwards to this window; returns the remover. */
  onNotifications(listener: (batch: IpcNotification[]) => void): () => void;
  /** Every change of main's connection; returns the remover. */
  onConnection(listener: (state: IpcConnectionState) => void): () => void;
}

/** IPC channel names, shared by the preload and main. */
export const IPC_CHANNELS = {
  call: 'dagwallet:call',
  subscribe: 'dagwallet:subscribe',
  unsubscribe: 'dagwallet:unsubscribe',
  connection: 'dagwallet:connection',
  notifications: 'dagwallet:notifications',
  connectionChanged: 'dagwallet:connection-changed',
} as const;

/**
 * Main refused the request before it reached the node. Its `code` is the reason in the node's
 * own codes (BAD_PARAMS, UNKNOWN_METHOD, ...), so a screen handles it like the node refusing.
 */
export class IpcRefusedError extends RemoteError {
  readonly refusedBy = 'main';

  constructor(reason: IpcRefusalReason, message: string) {
    super(reason, message);
    this.name = 'IpcRefusedError';
  }
}

export interface IpcNodeClientOptions {
  /**
   * A call unanswered after this long rejects with TIMEOUT (default 35 s: main's own client
   * times out after 30 s and says so first; this one covers main not answering at all).
   */
  callTimeoutMs?: number;
  /** A listener threw (default: console.error); the other listeners still run. */
  onListenerError?: (error: unknown, event: NotificationEvent) => void;
}

interface EventSubscription {
  listeners: Set<(payload: never) => void>;
  confirmed: boolean;
  ready: Deferred;
}

const DEFAULT_CALL_TIMEOUT_MS = 35_000;
const CLIENT_ERROR_CODES = new Set<string>(Object.values(NodeClientErrorCode));
const REFUSAL_REASONS = new Set<string>(Object.values(IpcRefusalReason));

/** The error an `{ ok: false }` answer stands for. */
export function ipcError(error: IpcErrorJson | undefined): RemoteError | NodeClientError {
  const message = typeof error?.message === 'string' ? error.message : 'the request failed';
  if (error?.remote === true) {
    if (error.code === IPC_REFUSED)
      return new IpcRefusedError(
        typeof error.reason === 'string' && REFUSAL_REASONS.has(error.reason) ? error.reason : 'BAD_REQUEST',
        message,
      );
    return new RemoteError(typeof error.code === 'string' ? error.code : 'UNKNOWN', message);
  }
  const code = typeof error?.code === 'string' && CLIENT_ERROR_CODES.has(error.code) ? error.code : 'CONNECTION_LOST';
  return new NodeClientError(code as NodeClientErrorCode, message);
}

function isResult(value: unknown): value is IpcResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** The NodeClient over the preload's IpcBridge; same contract as WebSocketNodeClient. */
export class IpcNodeClient implements NodeClient {
  readonly #bridge: IpcBridge;
  readonly #callTimeoutMs: number;
  readonly #onListenerError: (error: unknown, event: NotificationEvent) => void;
  #state: NodeClientState = 'connecting';
  #seq = -1;
  #closedBy: NodeClientError | undefined;
  readonly #pending = new Set<(error: NodeClientError) => void>();
  readonly #subscriptions = new Map<NotificationEvent, EventSubscription>();
  readonly #utxoListeners = new UtxoListeners();
  readonly #stateListeners = new Set<(state: NodeClientState) => void>();
  readonly #offNotifications: () => void;
  readonly #offConnection: () => void;

  /** Asks main for its connection at once; calls made meanwhile go through (main waits for the node). */
  constructor(bridge: IpcBridge, options: IpcNodeClientOptions = {}) {
    this.#bridge = bridge;
    this.#callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.#onListenerError =
      options.onListenerError ?? ((error, event) => console.error(`a '${event}' notification listener failed:`, error));
    this.#offNotifications = bridge.onNotifications((batch) => this.#deliver(batch));
    this.#offConnection = bridge.onConnection((state) => this.#connectionChanged(state));
    bridge.connection().then(
      (reply) => {
        if (isResult(reply) && reply.ok) this.#connectionChanged(reply.result);
      },
      () => {
        // The preload turns failures into answers; a throw means the bridge itself is gone.
        this.#finish(new NodeClientError('NODE_UNREACHABLE', 'the app cannot reach its node process'));
      },
    );
  }

  get state(): NodeClientState {
    return this.#state;
  }

  onStateChange(listener: (state: NodeClientState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  call<M extends NodeMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    if (this.#state === 'closed') return Promise.reject(this.#closedError());
    let wire: unknown;
    try {
      // The same JSON the WebSocket transport sends: undefined fields dropped, nothing but JSON.
      wire = params === undefined ? {} : JSON.parse(JSON.stringify(params));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<MethodResult<M>>((resolve, reject) => {
      let settled = false;
      const settle = (error: Error | undefined, result?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#pending.delete(rejectNow);
        if (error) reject(error);
        else resolve(result as MethodResult<M>);
      };
      const rejectNow = (error: NodeClientError) => settle(error);
      const timer = setTimeout(
        () => settle(new NodeClientError('TIMEOUT', `'${method}' got no answer in time`)),
        this.#callTimeoutMs,
      );
      this.#pending.add(rejectNow);
      this.#bridge.call(method, wire).then(
        (reply) => {
          if (!isResult(reply)) settle(new NodeClientError('CONNECTION_LOST', 'main answered with something else'));
          else if (reply.ok) settle(undefined, reply.result);
          else settle(ipcError(reply.error));
        },
        (error: unknown) => settle(new NodeClientError('CONNECTION_LOST', 'the IPC call failed', { cause: error })),
      );
    });
  }

  subscribe<E extends NotificationEvent>(
    event: E,
    listener: (payload: NotificationMap[E]) => void,
    ...options: SubscribeArgs<E>
  ): Subscription {
    if (this.#state === 'closed') return closedSubscription(this.#closedError());
    if (event === 'utxosChanged')
      return this.#subscribeUtxos(
        listener as (change: UtxosChange) => void,
        (options[0] as SubscribeOptions<'utxosChanged'> | undefined)?.addresses,
      );
    let subscription = this.#subscriptions.get(event);
    if (!subscription) {
      subscription = { listeners: new Set(), confirmed: false, ready: deferred() };
      this.#subscriptions.set(event, subscription);
      this.#sendSubscribe(event, subscription);
    }
    const entry = subscription;
    const wrapped = listener as (payload: never) => void;
    entry.listeners.add(wrapped);
    const unsubscribe = () => {
      if (!entry.listeners.delete(wrapped) || entry.listeners.size > 0) return;
      if (this.#subscriptions.get(event) !== entry) return;
      this.#subscriptions.delete(event);
      if (this.#state !== 'closed') this.#bridge.unsubscribe(event).catch(() => {});
    };
    return Object.assign(unsubscribe, { ready: entry.ready.promise });
  }

  close(): void {
    if (this.#state === 'closed') return;
    // Main keeps subscriptions per window: let go of ours so it stops sending.
    for (const event of this.#subscriptions.keys()) this.#bridge.unsubscribe(event).catch(() => {});
    if (this.#utxoListeners.size > 0) this.#bridge.unsubscribe('utxosChanged').catch(() => {});
    this.#finish(new NodeClientError('CLIENT_CLOSED', 'the client was closed'));
  }

  /**
   * Each call its own listener, addresses and `ready`; main is told of addresses no listener
   * wants any more. Main's own client subscribes again after its reconnects.
   */
  #subscribeUtxos(listener: (change: UtxosChange) => void, addresses: unknown): Subscription {
    const entry = this.#utxoListeners.add(listener, addresses);
    this.#sendUtxoSubscribe(entry);
    const unsubscribe = () => {
      const dropped = this.#utxoListeners.remove(entry);
      if (dropped === undefined || this.#state === 'closed') return;
      if (this.#utxoListeners.size === 0) this.#bridge.unsubscribe('utxosChanged').catch(() => {});
      else if (dropped.length > 0) this.#bridge.unsubscribe('utxosChanged', { addresses: dropped }).catch(() => {});
    };
    return Object.assign(unsubscribe, { ready: entry.ready.promise });
  }

  #sendUtxoSubscribe(entry: UtxoListenerEntry): void {
    let wire: unknown;
    try {
      // Plain JSON across the bridge, as the WebSocket transport sends it.
      wire = JSON.parse(JSON.stringify({ addresses: entry.wire }));
    } catch (error) {
      this.#utxoListeners.refuse(entry, error as Error);
      return;
    }
    this.#bridge.subscribe('utxosChanged', wire).then(
      (reply) => {
        if (!isResult(reply)) return;
        if (reply.ok) return this.#utxoListeners.confirm(entry);
        const error = ipcError(reply.error);
        // A refusal is final; a transport failure ends with the connection, which rejects it then.
        if (error instanceof RemoteError) this.#utxoListeners.refuse(entry, error);
      },
      () => {},
    );
  }

  /** Main subscribes (waiting for its own connection if it must) and answers once the node confirmed. */
  #sendSubscribe(event: NotificationEvent, subscription: EventSubscription): void {
    this.#bridge.subscribe(event).then(
      (reply) => {
        if (!isResult(reply)) return;
        if (reply.ok) {
          if (subscription.confirmed) return;
          subscription.confirmed = true;
          subscription.ready.resolve();
          return;
        }
        const error = ipcError(reply.error);
        // A refusal is final; a transport failure ends with the connection, which rejects it then.
        if (error instanceof RemoteError) {
          subscription.ready.reject(error);
          if (this.#subscriptions.get(event) === subscription) this.#subscriptions.delete(event);
        }
      },
      () => {},
    );
  }

  #connectionChanged(update: IpcConnectionState): void {
    if (this.#state === 'closed' || typeof update !== 'object' || update === null) return;
    if (typeof update.seq !== 'number' || update.seq <= this.#seq) return;
    this.#seq = update.seq;
    if (update.state === 'closed') {
      const code = update.error?.code;
      this.#finish(
        new NodeClientError(
          code !== undefined && CLIENT_ERROR_CODES.has(code) ? code : 'NODE_CLOSED',
          update.error?.message ?? 'the node shut down',
        ),
      );
    } else if (update.state === 'open' || update.state === 'connecting') this.#setState(update.state);
  }

  #deliver(batch: IpcNotification[]): void {
    if (!Array.isArray(batch)) return;
    for (const item of batch) {
      const event = (item as Partial<IpcNotification> | null)?.event;
      if (event === 'utxosChanged') {
        this.#utxoListeners.deliver(item.payload, (error) => this.#onListenerError(error, event));
        continue;
      }
      const subscription = event === undefined ? undefined : this.#subscriptions.get(event);
      if (!subscription || event === undefined) continue;
      for (const listener of [...subscription.listeners]) {
        try {
          listener(item.payload as never);
        } catch (error) {
          this.#onListenerError(error, event);
        }
      }
    }
  }

  #finish(error: NodeClientError): void {
    if (this.#state === 'closed') return;
    this.#closedBy = error;
    this.#offNotifications();
    this.#offConnection();
    for (const rejectNow of [...this.#pending]) rejectNow(this.#closedError());
    for (const subscription of this.#subscriptions.values())
      if (!subscription.confirmed) subscription.ready.reject(this.#closedError());
    this.#subscriptions.clear();
    this.#utxoListeners.clear(this.#closedError());
    this.#setState('closed');
  }

  /** A fresh error (its own stack) of the kind that closed the client. */
  #closedError(): NodeClientError {
    const cause = this.#closedBy;
    return new NodeClientError(cause?.code ?? 'CLIENT_CLOSED', cause?.message ?? 'the client was closed');
  }

  #setState(state: NodeClientState): void {
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of [...this.#stateListeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('a node client state listener failed:', error);
      }
    }
  }
}
