/**
 * One typed client of the node for the UI, whatever carries it: `NodeClient` is the interface,
 * `WebSocketNodeClient` its WebSocket transport (an Electron IPC one can follow). Runs in a
 * browser and in Node (both have a global WebSocket): no node, electron or DOM-only imports.
 *
 * Wire protocol (served by src-main/node/api/ws/ws-rpc-server.ts):
 * - `ws://127.0.0.1:<port>/ws`, offering two subprotocols: `dagwallet.v1` (the server picks it)
 *   and `dagwallet.token.<token>`. A browser cannot set an Authorization header on a WebSocket,
 *   but it can send subprotocols, so the token rides in the handshake: the server checks it
 *   (and Host and Origin) before upgrading, and no unauthenticated socket ever opens. The server
 *   never echoes the token back.
 * - JSON-RPC 2.0 requests and replies, one per text frame; the node's methods (NodeApi) plus
 *   `subscribe` / `unsubscribe` with `{ event }`; utxosChanged with `{ event, addresses }`
 *   (subscribing again adds addresses, unsubscribing removes those named, or all without).
 * - Notifications `{ jsonrpc: '2.0', method: 'notify', params: { event, payload } }`, sent as
 *   one object or as an array of them (a frame per 100 ms window at most; see the server).
 * - The node shutting down closes the socket with 1001 (going away): the client closes too.
 *   Any other loss: the client reconnects with backoff and subscribes again (utxosChanged with
 *   the same addresses); notifications sent while it was away are lost, so a UI re-reads state
 *   (getInfo, or getUtxosByAddresses) when the state returns to 'open'.
 */
import type {
  ApiErrorJson,
  MethodParams,
  MethodResult,
  NodeMethod,
  NotificationEvent,
  NotificationMap,
  SubscribeOptions,
} from './api.ts';
import {
  closedSubscription,
  type Deferred,
  deferred,
  type UtxoListenerEntry,
  UtxoListeners,
  type UtxosChange,
} from './utxo-listeners.ts';

export type { NotificationEvent, NotificationMap, SubscribeOptions } from './api.ts';

/** subscribe's options: utxosChanged must name its addresses, the other events take none. */
export type SubscribeArgs<E extends NotificationEvent> = E extends 'utxosChanged'
  ? [options: SubscribeOptions<E>]
  : [options?: SubscribeOptions<E>];

export type NodeClientState = 'connecting' | 'open' | 'closed';

/** Unsubscribes (the node stops sending when the event's last listener leaves). */
export interface Subscription {
  (): void;
  /**
   * Settles when the node has confirmed the subscription, so events after it are delivered.
   * Rejects (a NodeClientError) only if the client closes first.
   */
  readonly ready: Promise<void>;
}

export interface NodeClient {
  call<M extends NodeMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /**
   * Listens to `event`. utxosChanged takes `{ addresses }` and the listener hears only the
   * changes of those (several listeners may name different addresses; the node watches them all
   * for the client). A refused subscription (an unknown event, a bad address) rejects `ready`
   * with the node's RemoteError, and the listener is dropped.
   */
  subscribe<E extends NotificationEvent>(
    event: E,
    listener: (payload: NotificationMap[E]) => void,
    ...options: SubscribeArgs<E>
  ): Subscription;
  /** Ends the client: pending calls reject with CLIENT_CLOSED, the state becomes 'closed'. */
  close(): void;
  readonly state: NodeClientState;
  onStateChange(listener: (state: NodeClientState) => void): () => void;
}

/** An error the node answered with: its own code (e.g. DOUBLE_SPEND, BAD_PARAMS) and message. */
export class RemoteError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RemoteError';
    this.code = code;
  }
}

export const NodeClientErrorCode = {
  /** The connection could not be opened: no node there, or it refused (wrong token, Origin or Host). */
  NODE_UNREACHABLE: 'NODE_UNREACHABLE',
  /** The connection dropped with the call unanswered; it may or may not have run. */
  CONNECTION_LOST: 'CONNECTION_LOST',
  /** The node shut down. */
  NODE_CLOSED: 'NODE_CLOSED',
  /** `close()` was called. */
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  /** No answer within the call timeout. */
  TIMEOUT: 'TIMEOUT',
} as const;
export type NodeClientErrorCode = (typeof NodeClientErrorCode)[keyof typeof NodeClientErrorCode];

/** The transport failed (the node never answered); RemoteError is the node answering no. */
export class NodeClientError extends Error {
  readonly code: NodeClientErrorCode;

  constructor(code: NodeClientErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NodeClientError';
    this.code = code;
  }
}

/** The WebSocket endpoint's path and subprotocols, shared with the server. */
export const WS_PATH = '/ws';
export const WS_PROTOCOL = 'dagwallet.v1';
export const WS_TOKEN_PROTOCOL_PREFIX = 'dagwallet.token.';
/** Close code the node sends when it shuts down (RFC 6455 "going away"). */
export const WS_CLOSE_NODE_SHUTDOWN = 1001;

/** Transport-level methods beside NodeApi's (`addresses` for utxosChanged only). */
export interface SubscriptionMethods {
  subscribe: [{ event: NotificationEvent; addresses?: string[] }, { event: NotificationEvent; subscribed: true }];
  /** `subscribed` stays true while a utxosChanged subscription still watches some addresses. */
  unsubscribe: [{ event: NotificationEvent; addresses?: string[] }, { event: NotificationEvent; subscribed: boolean }];
}

export interface NotifyMessage<E extends NotificationEvent = NotificationEvent> {
  jsonrpc: '2.0';
  method: 'notify';
  params: { event: E; payload: NotificationMap[E] };
}

export interface WebSocketNodeClientOptions {
  /** A call unanswered after this long rejects with TIMEOUT (default 30 s). */
  callTimeoutMs?: number;
  /** Opening a connection may take this long (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * After a lost connection: wait `initialDelayMs` (default 250), doubling up to `maxDelayMs`
   * (default 5 s), for at most `maxAttempts` failures in a row (default: no limit, as long as the
   * node runs; it says when it stops). The first connection is never retried: failing it means a
   * wrong URL or token, which waiting does not fix.
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** A listener threw (default: console.error); the other listeners still run. */
  onListenerError?: (error: unknown, event: NotificationEvent) => void;
}

interface PendingCall {
  frame: string;
  sent: boolean;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface EventSubscription {
  listeners: Set<(payload: never) => void>;
  confirmed: boolean;
  ready: Deferred;
}

interface ReplyMessage {
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: { message?: unknown; data?: Partial<ApiErrorJson> };
}

const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The NodeClient over a WebSocket to a node's `/ws`. */
export class WebSocketNodeClient implements NodeClient {
  readonly url: string;
  readonly #protocols: string[];
  readonly #callTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxAttempts: number;
  readonly #onListenerError: (error: unknown, event: NotificationEvent) => void;
  #socket: WebSocket | undefined;
  #state: NodeClientState = 'connecting';
  /** Why the client closed, for calls made afterwards. */
  #closedBy: NodeClientError | undefined;
  #everOpened = false;
  #failedAttempts = 0;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, PendingCall>();
  readonly #subscriptions = new Map<NotificationEvent, EventSubscription>();
  readonly #utxoListeners = new UtxoListeners();
  readonly #stateListeners = new Set<(state: NodeClientState) => void>();

  /** Starts connecting at once; calls made meanwhile wait for the connection (within their timeout). */
  constructor(url: string, token: string, options: WebSocketNodeClientOptions = {}) {
    this.url = url;
    this.#protocols = [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`];
    this.#callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#initialDelayMs = options.reconnect?.initialDelayMs ?? 250;
    this.#maxDelayMs = options.reconnect?.maxDelayMs ?? 5_000;
    this.#maxAttempts = options.reconnect?.maxAttempts ?? Infinity;
    this.#onListenerError =
      options.onListenerError ?? ((error, event) => console.error(`a '${event}' notification listener failed:`, error));
    this.#open();
  }

  /** A client whose connection is open, or NODE_UNREACHABLE (and the client closed). */
  static connect(url: string, token: string, options: WebSocketNodeClientOptions = {}): Promise<WebSocketNodeClient> {
    const client = new WebSocketNodeClient(url, token, options);
    // A malformed URL closes the client inside the constructor, before any listener could hear it.
    if (client.#state === 'closed') return Promise.reject(client.#closedError());
    return new Promise((resolve, reject) => {
      const off = client.onStateChange((state) => {
        if (state === 'connecting') return;
        off();
        if (state === 'open') resolve(client);
        else reject(client.#closedBy ?? new NodeClientError('NODE_UNREACHABLE', `cannot connect to ${url}`));
      });
    });
  }

  get state(): NodeClientState {
    return this.#state;
  }

  onStateChange(listener: (state: NodeClientState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  call<M extends NodeMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    return this.#request(method, params) as Promise<MethodResult<M>>;
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
      if (this.#state === 'open') this.#sendSubscribe(event, subscription);
    }
    const entry = subscription;
    const wrapped = listener as (payload: never) => void;
    entry.listeners.add(wrapped);
    const unsubscribe = () => {
      if (!entry.listeners.delete(wrapped) || entry.listeners.size > 0) return;
      if (this.#subscriptions.get(event) !== entry) return;
      this.#subscriptions.delete(event);
      if (this.#state === 'open')
        this.#request('unsubscribe', { event }).catch(() => {
          // Lost with the connection: a new connection starts without it anyway.
        });
    };
    return Object.assign(unsubscribe, { ready: entry.ready.promise });
  }

  close(): void {
    this.#finish(new NodeClientError('CLIENT_CLOSED', 'the client was closed'));
  }

  /** Each call its own listener, addresses and `ready`; the node is told of addresses no listener wants any more. */
  #subscribeUtxos(listener: (change: UtxosChange) => void, addresses: unknown): Subscription {
    const entry = this.#utxoListeners.add(listener, addresses);
    if (this.#state === 'open') this.#sendUtxoSubscribe(entry);
    const unsubscribe = () => {
      const dropped = this.#utxoListeners.remove(entry);
      if (dropped === undefined || this.#state !== 'open') return;
      const params =
        this.#utxoListeners.size === 0
          ? { event: 'utxosChanged' }
          : dropped.length > 0
            ? { event: 'utxosChanged', addresses: dropped }
            : undefined;
      if (params)
        this.#request('unsubscribe', params).catch(() => {
          // Lost with the connection: a new connection starts without it anyway.
        });
    };
    return Object.assign(unsubscribe, { ready: entry.ready.promise });
  }

  #sendUtxoSubscribe(entry: UtxoListenerEntry): void {
    this.#request('subscribe', { event: 'utxosChanged', addresses: entry.wire }).then(
      () => this.#utxoListeners.confirm(entry),
      (error: unknown) => {
        // A lost connection subscribes again when it comes back; a refusal drops the listener.
        if (error instanceof RemoteError) this.#utxoListeners.refuse(entry, error);
      },
    );
  }

  #open(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url, this.#protocols);
    } catch (error) {
      // A malformed URL throws here rather than failing the connection.
      this.#finish(new NodeClientError('NODE_UNREACHABLE', `cannot connect to ${this.url}`, { cause: error }));
      return;
    }
    this.#socket = socket;
    this.#connectTimer = setTimeout(() => socket.close(), this.#connectTimeoutMs);
    socket.onopen = () => {
      clearTimeout(this.#connectTimer);
      this.#everOpened = true;
      this.#failedAttempts = 0;
      this.#setState('open');
      for (const [id, call] of this.#pending) {
        if (call.sent) continue;
        call.sent = true;
        this.#send(id, call.frame);
      }
      for (const [event, subscription] of this.#subscriptions) this.#sendSubscribe(event, subscription);
      // One request per listener, as it first asked: a bad address refuses its own listener only.
      for (const entry of this.#utxoListeners.entries()) this.#sendUtxoSubscribe(entry);
    };
    socket.onmessage = (message) => {
      if (typeof message.data === 'string') this.#received(message.data);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#lost(event.code);
    };
  }

  #send(id: number, frame: string): void {
    try {
      this.#socket?.send(frame);
    } catch (error) {
      this.#settle(id, undefined, new NodeClientError('CONNECTION_LOST', 'the connection failed', { cause: error }));
    }
  }

  #lost(code: number): void {
    clearTimeout(this.#connectTimer);
    this.#socket = undefined;
    if (this.#state === 'closed') return;
    if (code === WS_CLOSE_NODE_SHUTDOWN) {
      this.#finish(new NodeClientError('NODE_CLOSED', 'the node shut down'));
      return;
    }
    if (!this.#everOpened) {
      this.#finish(
        new NodeClientError(
          'NODE_UNREACHABLE',
          `cannot connect to ${this.url}: no node is listening, or it refused the token, Origin or Host`,
        ),
      );
      return;
    }
    // Calls on the wire may have run; calls not sent yet wait for the next connection.
    for (const [id, call] of this.#pending)
      if (call.sent) this.#settle(id, undefined, new NodeClientError('CONNECTION_LOST', 'the connection dropped'));
    if (this.#failedAttempts >= this.#maxAttempts) {
      this.#finish(
        new NodeClientError('NODE_UNREACHABLE', `lost ${this.url} and gave up after ${this.#failedAttempts} attempts`),
      );
      return;
    }
    this.#setState('connecting');
    const delay = Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** this.#failedAttempts);
    this.#failedAttempts++;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state !== 'closed') this.#open();
    }, delay);
  }

  #finish(error: NodeClientError): void {
    if (this.#state === 'closed') return;
    this.#closedBy = error;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(1000);
    for (const id of [...this.#pending.keys()]) this.#settle(id, undefined, this.#closedError());
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

  #request(method: string, params: unknown): Promise<unknown> {
    if (this.#state === 'closed') return Promise.reject(this.#closedError());
    const id = this.#nextId++;
    const frame = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#settle(id, undefined, new NodeClientError('TIMEOUT', `'${method}' got no answer in time`)),
        this.#callTimeoutMs,
      );
      const open = this.#state === 'open';
      this.#pending.set(id, { frame, sent: open, resolve, reject, timer });
      if (open) this.#send(id, frame);
    });
  }

  #settle(id: number, result: unknown, error?: Error): void {
    const call = this.#pending.get(id);
    if (!call) return;
    this.#pending.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
  }

  /** Confirms only this subscription: a later one for the same event waits for its own answer. */
  #sendSubscribe(event: NotificationEvent, subscription: EventSubscription): void {
    this.#request('subscribe', { event }).then(
      () => {
        if (subscription.confirmed) return;
        subscription.confirmed = true;
        subscription.ready.resolve();
      },
      (error: unknown) => {
        // A lost connection subscribes again when it comes back; a refusal is final.
        if (error instanceof RemoteError) subscription.ready.reject(error);
      },
    );
  }

  #received(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not ours to answer: the node only sends JSON
    }
    for (const item of Array.isArray(message) ? message : [message]) {
      if (typeof item !== 'object' || item === null) continue;
      const reply = item as ReplyMessage;
      if (reply.method === 'notify') this.#notify(reply.params);
      else if (typeof reply.id === 'number') {
        if (reply.error)
          this.#settle(
            reply.id,
            undefined,
            new RemoteError(
              typeof reply.error.data?.code === 'string' ? reply.error.data.code : 'UNKNOWN',
              typeof reply.error.message === 'string' ? reply.error.message : 'the node refused the call',
            ),
          );
        else this.#settle(reply.id, reply.result);
      }
    }
  }

  #notify(params: unknown): void {
    const { event, payload } = (params ?? {}) as { event?: NotificationEvent; payload?: unknown };
    if (event === 'utxosChanged') {
      this.#utxoListeners.deliver(payload, (error) => this.#onListenerError(error, event));
      return;
    }
    const subscription = event === undefined ? undefined : this.#subscriptions.get(event);
    if (!subscription || event === undefined) return;
    for (const listener of [...subscription.listeners]) {
      try {
        listener(payload as never);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }
}
