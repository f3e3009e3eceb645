import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { isNotificationEvent, type NotificationEvent, type NotificationMap } from '../../../../src-shared/api.ts';
import {
  type NotifyMessage,
  WS_CLOSE_NODE_SHUTDOWN,
  WS_PATH,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
} from '../../../../src-shared/node-client.ts';
import { ApiError } from '../api-error.ts';
import { retryAfterSeconds, type TokenBucket } from '../json-rpc/access-policy.ts';
import {
  dispatchRpc,
  errorReply,
  RateLimitedError,
  type RpcReply,
  type RpcServer,
  type UpgradeHandler,
} from '../json-rpc/rpc-server.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import type { BroadcastEvent, NotificationSource } from './node-notifications.ts';
import { MAX_WATCHED_ADDRESSES, type UtxosChangedPayload, type UtxoWatcher } from './utxo-changes.ts';

/** A message above this is refused by `ws` (a block in hex is at most ~16 MiB, as over HTTP). */
const MAX_PAYLOAD_BYTES = 20 * 1024 * 1024;
/** Calls one connection may have running at once; more are answered with an error at once. */
const MAX_CALLS_IN_FLIGHT = 64;
/** How long closing waits for a client's close handshake before cutting it off. */
const CLOSE_GRACE_MS = 1000;

/**
 * Kinds where only the latest value matters: within a window they coalesce to one notification.
 * The others (blockAdded, virtualChainChanged) are each sent, in the order they happened.
 */
const COALESCED: ReadonlySet<NotificationEvent> = new Set<NotificationEvent>([
  'sinkBlueScoreChanged',
  'virtualDaaScoreChanged',
  'mempoolChanged',
  'peersChanged',
  'syncProgress',
  'miningChanged',
]);

export interface WsRpcServerOptions {
  /** Notifications wait at most this long, and go out as one frame per connection per window (default 100). */
  windowMs?: number;
  /**
   * A connection with more than this queued and unsent (`bufferedAmount`) is cut off rather than
   * buffered further (default 48 MiB: two of the largest replies fit).
   */
  maxBufferedBytes?: number;
  /** A window holding this many ordered notifications is sent at once (default 1000). */
  maxOrderedPerFrame?: number;
  /** Addresses one connection may watch for utxosChanged (default 10,000). */
  maxWatchedAddresses?: number;
}

interface Connection {
  socket: WebSocket;
  /** Subscribed kinds, each with the last sequence number published before it subscribed. */
  events: Map<NotificationEvent, number>;
  callsInFlight: number;
  /** Its utxosChanged addresses, while it watches any. */
  utxos: UtxoWatcher | undefined;
  /** Its messages' rate (undefined: the server has no rate limit). */
  bucket: TokenBucket | undefined;
}

/** One notification waiting for the window to close; `to` only for a connection's own (utxosChanged). */
interface Queued {
  event: NotificationEvent;
  seq: number;
  json: string;
  to?: Connection;
}

/** Offered subprotocols: `Sec-WebSocket-Protocol` is a comma-separated list (RFC 6455 §4.1). */
function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0);
}

/**
 * The node's API over WebSocket at `/ws` on the RpcServer's port: the same handlers as POST
 * /rpc, plus per-connection `subscribe` / `unsubscribe` of live notifications. utxosChanged
 * takes `addresses` (this network's, at most 10,000 per connection): subscribing again adds
 * addresses, unsubscribing with addresses removes those and without removes all; a connection
 * hears only the changes of its own addresses.
 *
 * Refused before the upgrade (so no socket ever opens for them), by the RpcServer's access
 * policy: a client over its request rate (429), a Host other than the loopback address and
 * port on a loopback bind (403), an Origin that is present but not this server's own page (403:
 * a web page elsewhere, or one reached by DNS rebinding, cannot talk to the node); and then no
 * right token in the `dagwallet.token.<token>` subprotocol (401). Each connection's messages
 * have the same rate limit as HTTP requests; one over it is answered with a RATE_LIMITED error.
 *
 * Notifications are batched per window (default 100 ms): each connection gets at most one frame
 * per window, a JSON-RPC notification or an array of them, holding every ordered notification
 * it subscribed to (blockAdded, virtualChainChanged, in order) and then the latest value of each
 * coalesced kind (scores, sizes, status). A burst of 1,000 blocks thus costs each client a
 * handful of frames and one sinkBlueScoreChanged per window, the last carrying the final score.
 * A client that does not read (its unsent data passes `maxBufferedBytes`) is cut off; its
 * client reconnects and re-reads state.
 */
export class WsRpcServer implements UpgradeHandler {
  readonly #rpc: RpcServer;
  readonly #handlers: ApiHandlers;
  readonly #source: NotificationSource;
  readonly #wss: WebSocketServer;
  readonly #windowMs: number;
  readonly #maxBufferedBytes: number;
  readonly #maxOrdered: number;
  readonly #maxWatched: number;
  readonly #connections = new Set<Connection>();
  /** Source subscriptions, held while at least one connection wants the kind. */
  readonly #sourceOffs = new Map<BroadcastEvent, () => void>();
  #ordered: Queued[] = [];
  #seq = 0;
  #latest = new Map<NotificationEvent, string>();
  #flushTimer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  private constructor(rpc: RpcServer, handlers: ApiHandlers, source: NotificationSource, options: WsRpcServerOptions) {
    this.#rpc = rpc;
    this.#handlers = handlers;
    this.#source = source;
    this.#windowMs = options.windowMs ?? 100;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 48 * 1024 * 1024;
    this.#maxOrdered = options.maxOrderedPerFrame ?? 1000;
    this.#maxWatched = options.maxWatchedAddresses ?? MAX_WATCHED_ADDRESSES;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_PAYLOAD_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
      // Checked in #upgrade: the client offered it; the token protocol is never echoed back.
      handleProtocols: () => WS_PROTOCOL,
    });
  }

  /** Serves `/ws` on the RpcServer's port; RpcServer.close closes it first. */
  static attach(
    rpc: RpcServer,
    handlers: ApiHandlers,
    source: NotificationSource,
    options: WsRpcServerOptions = {},
  ): WsRpcServer {
    const server = new WsRpcServer(rpc, handlers, source, options);
    rpc.attachUpgrade(server);
    return server;
  }

  get url(): string {
    return `${this.#rpc.origin.replace(/^http:/, 'ws:')}${WS_PATH}`;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Cuts every connection off without a close frame, as a network failure would (clients reconnect). */
  dropConnections(): void {
    for (const connection of this.#connections) connection.socket.terminate();
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const onError = () => socket.destroy();
    socket.on('error', onError);
    const refuse = (status: number, error: ApiError | RateLimitedError, headers: Record<string, string> = {}) => {
      const body = JSON.stringify(errorReply(null, error));
      const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
          `${extra.join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.destroy();
    };
    if (this.#closing) return refuse(503, new ApiError('UNAVAILABLE', 'the node is shutting down'));
    const protocols = offeredProtocols(request);
    const token = protocols.find((protocol) => protocol.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
    const authorized = this.#rpc.tokenMatches(token?.slice(WS_TOKEN_PROTOCOL_PREFIX.length));
    const refusal = this.#rpc.refusal(request, authorized);
    if (refusal) return refuse(refusal.status, refusal.error, refusal.headers);
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      pathname = '';
    }
    if (pathname !== WS_PATH) return refuse(404, new ApiError('BAD_REQUEST', `the WebSocket API is at ${WS_PATH}`));
    if (!authorized) return refuse(401, new ApiError('UNAUTHORIZED', 'missing or wrong API token'));
    if (!protocols.includes(WS_PROTOCOL))
      return refuse(400, new ApiError('BAD_REQUEST', `offer the ${WS_PROTOCOL} subprotocol`));
    socket.off('error', onError); // `ws` takes the socket's errors from here
    this.#wss.handleUpgrade(request, socket, head, (webSocket) => this.#connected(webSocket));
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    clearTimeout(this.#flushTimer);
    const closed = [...this.#connections].map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(WS_CLOSE_NODE_SHUTDOWN, 'the node is shutting down');
          setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
        }),
    );
    await Promise.all(closed);
    for (const off of this.#sourceOffs.values()) off();
    this.#sourceOffs.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #connected(socket: WebSocket): void {
    const connection: Connection = {
      socket,
      events: new Map(),
      callsInFlight: 0,
      utxos: undefined,
      bucket: this.#rpc.messageBucket(),
    };
    this.#connections.add(connection);
    socket.on('message', (data, isBinary) => this.#message(connection, data, isBinary));
    socket.on('close', () => {
      this.#connections.delete(connection);
      for (const event of [...connection.events.keys()]) this.#unsubscribe(connection, event);
      connection.utxos?.close();
    });
    // `ws` reports protocol violations (an oversized message) here and closes the socket itself.
    socket.on('error', () => {});
  }

  #message(connection: Connection, data: RawData, isBinary: boolean): void {
    // A call arriving while the node shuts down gets no answer: the close tells the client.
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    const waitMs = connection.bucket?.take() ?? 0;
    if (waitMs > 0) {
      // Answered without being parsed: a flood costs its sender, not the node.
      this.#send(connection, errorReply(null, new RateLimitedError(retryAfterSeconds(waitMs))));
      return;
    }
    if (isBinary) {
      this.#send(connection, errorReply(null, new ApiError('BAD_REQUEST', 'send JSON-RPC as text frames')));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      this.#send(connection, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'not JSON', data: { code: 'BAD_REQUEST', message: 'not JSON' } },
      });
      return;
    }
    const request = message as { id?: unknown; method?: unknown; params?: unknown };
    const id = typeof request?.id === 'string' || typeof request?.id === 'number' ? request.id : null;
    if (request?.method === 'subscribe' || request?.method === 'unsubscribe') {
      this.#send(connection, this.#subscription(connection, id, request.method, request.params));
      return;
    }
    if (connection.callsInFlight >= MAX_CALLS_IN_FLIGHT) {
      this.#send(
        connection,
        errorReply(id, new ApiError('BAD_REQUEST', `over ${MAX_CALLS_IN_FLIGHT} calls in flight`)),
      );
      return;
    }
    connection.callsInFlight++;
    dispatchRpc(this.#handlers, message)
      .then((reply) => this.#send(connection, reply))
      .finally(() => connection.callsInFlight--);
  }

  #subscription(connection: Connection, id: RpcReply['id'], method: string, params: unknown): RpcReply {
    const input = (typeof params === 'object' && params !== null ? params : {}) as {
      event?: unknown;
      addresses?: unknown;
    };
    const event = input.event;
    if (!isNotificationEvent(event))
      return errorReply(id, new ApiError('BAD_PARAMS', `event must be one of the notification names`));
    if (event === 'utxosChanged') return this.#utxoSubscription(connection, id, method, input.addresses);
    if (input.addresses !== undefined)
      return errorReply(id, new ApiError('BAD_PARAMS', `addresses is a parameter of utxosChanged only`));
    if (method === 'subscribe') {
      if (!connection.events.has(event)) connection.events.set(event, this.#seq);
      if (!this.#sourceOffs.has(event))
        this.#sourceOffs.set(
          event,
          this.#source.on(event, (payload) => this.#publish(event, payload)),
        );
      return { jsonrpc: '2.0', id, result: { event, subscribed: true } };
    }
    this.#unsubscribe(connection, event);
    return { jsonrpc: '2.0', id, result: { event, subscribed: false } };
  }

  /** Subscribing adds addresses, unsubscribing removes the given ones or, without, all. */
  #utxoSubscription(connection: Connection, id: RpcReply['id'], method: string, addresses: unknown): RpcReply {
    const event = 'utxosChanged';
    if (method === 'subscribe') {
      if (!Array.isArray(addresses) || addresses.length === 0)
        return errorReply(
          id,
          new ApiError('BAD_PARAMS', 'utxosChanged needs addresses: a list of the addresses to watch (at least one)'),
        );
      const watchUtxos = this.#source.watchUtxos?.bind(this.#source);
      if (!watchUtxos) return errorReply(id, new ApiError('UNAVAILABLE', 'this server offers no utxosChanged'));
      const watcher =
        connection.utxos ??
        watchUtxos((change) => this.#publishTo(connection, change), { maxAddresses: this.#maxWatched });
      try {
        watcher.add(addresses);
      } catch (error) {
        if (watcher.size === 0) watcher.close();
        return errorReply(id, error);
      }
      connection.utxos = watcher;
      if (!connection.events.has(event)) connection.events.set(event, this.#seq);
      return { jsonrpc: '2.0', id, result: { event, subscribed: true } };
    }
    if (addresses !== undefined && !Array.isArray(addresses))
      return errorReply(id, new ApiError('BAD_PARAMS', 'addresses must be a list of addresses, or left out for all'));
    if (connection.utxos && addresses !== undefined) connection.utxos.remove(addresses);
    if (!connection.utxos || addresses === undefined || connection.utxos.size === 0)
      this.#unsubscribe(connection, event);
    return { jsonrpc: '2.0', id, result: { event, subscribed: connection.events.has(event) } };
  }

  #unsubscribe(connection: Connection, event: NotificationEvent): void {
    connection.events.delete(event);
    if (event === 'utxosChanged') {
      connection.utxos?.close();
      connection.utxos = undefined;
      return;
    }
    for (const other of this.#connections) if (other.events.has(event)) return;
    this.#sourceOffs.get(event)?.();
    this.#sourceOffs.delete(event);
  }

  /** A connection's own notification (utxosChanged of its addresses), batched with the others. */
  #publishTo(connection: Connection, payload: UtxosChangedPayload): void {
    const message: NotifyMessage<'utxosChanged'> = {
      jsonrpc: '2.0',
      method: 'notify',
      params: { event: 'utxosChanged', payload },
    };
    this.#queue({ event: 'utxosChanged', seq: ++this.#seq, json: JSON.stringify(message), to: connection });
  }

  #publish<E extends NotificationEvent>(event: E, payload: NotificationMap[E]): void {
    const message: NotifyMessage<E> = { jsonrpc: '2.0', method: 'notify', params: { event, payload } };
    const json = JSON.stringify(message);
    if (COALESCED.has(event)) {
      this.#latest.set(event, json);
      this.#flushTimer ??= setTimeout(() => this.#flush(), this.#windowMs);
    } else this.#queue({ event, seq: ++this.#seq, json });
  }

  #queue(item: Queued): void {
    this.#ordered.push(item);
    if (this.#ordered.length >= this.#maxOrdered) this.#flush();
    else this.#flushTimer ??= setTimeout(() => this.#flush(), this.#windowMs);
  }

  #flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const ordered = this.#ordered;
    const latest = this.#latest;
    this.#ordered = [];
    this.#latest = new Map();
    for (const connection of this.#connections) {
      const parts: string[] = [];
      // Only what happened after the connection subscribed, though the window began before.
      for (const { event, seq, json, to } of ordered)
        if ((to === undefined || to === connection) && seq > (connection.events.get(event) ?? Infinity))
          parts.push(json);
      for (const [event, json] of latest) if (connection.events.has(event)) parts.push(json);
      if (parts.length > 0)
        this.#sendText(connection, parts.length === 1 ? (parts[0] as string) : `[${parts.join(',')}]`);
    }
  }

  #send(connection: Connection, reply: RpcReply): void {
    this.#sendText(connection, JSON.stringify(reply));
  }

  #sendText(connection: Connection, text: string): void {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > this.#maxBufferedBytes) {
      // It does not read: cut it off rather than hold its backlog in memory.
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}
