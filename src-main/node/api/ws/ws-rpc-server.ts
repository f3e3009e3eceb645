import { timingSafeEqual } from 'node:crypto';
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
import { dispatchRpc, errorReply, type RpcReply, type RpcServer, type UpgradeHandler } from '../json-rpc/rpc-server.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import type { NotificationSource } from './node-notifications.ts';

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
}

interface Connection {
  socket: WebSocket;
  /** Subscribed kinds, each with the last sequence number published before it subscribed. */
  events: Map<NotificationEvent, number>;
  callsInFlight: number;
}

function tokenMatches(presented: string | undefined, token: Buffer): boolean {
  const bytes = Buffer.from(presented ?? '', 'utf8');
  return bytes.length === token.length && timingSafeEqual(bytes, token);
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
 * /rpc, plus per-connection `subscribe` / `unsubscribe` of live notifications.
 *
 * Refused before the upgrade (so no socket ever opens for them): a Host other than the loopback
 * address and port (403), an Origin that is present but not this server's own page (403: a web
 * page elsewhere, or one reached by DNS rebinding, cannot talk to the node), or no right token
 * in the `dagwallet.token.<token>` subprotocol (401).
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
  readonly #token: Buffer;
  readonly #wss: WebSocketServer;
  readonly #windowMs: number;
  readonly #maxBufferedBytes: number;
  readonly #maxOrdered: number;
  readonly #connections = new Set<Connection>();
  /** Source subscriptions, held while at least one connection wants the kind. */
  readonly #sourceOffs = new Map<NotificationEvent, () => void>();
  #ordered: { event: NotificationEvent; seq: number; json: string }[] = [];
  #seq = 0;
  #latest = new Map<NotificationEvent, string>();
  #flushTimer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  private constructor(rpc: RpcServer, handlers: ApiHandlers, source: NotificationSource, options: WsRpcServerOptions) {
    this.#rpc = rpc;
    this.#handlers = handlers;
    this.#source = source;
    this.#token = Buffer.from(rpc.token, 'utf8');
    this.#windowMs = options.windowMs ?? 100;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 48 * 1024 * 1024;
    this.#maxOrdered = options.maxOrderedPerFrame ?? 1000;
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
    return `ws://127.0.0.1:${this.#rpc.port}${WS_PATH}`;
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
    const refuse = (status: number, error: ApiError) => {
      const body = JSON.stringify(errorReply(null, error));
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.destroy();
    };
    if (this.#closing) return refuse(503, new ApiError('UNAVAILABLE', 'the node is shutting down'));
    const port = this.#rpc.port;
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return refuse(403, new ApiError('UNAUTHORIZED', 'only loopback clients may connect'));
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
      return refuse(403, new ApiError('UNAUTHORIZED', `pages from ${origin} may not connect`));
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== WS_PATH)
      return refuse(404, new ApiError('BAD_REQUEST', `the WebSocket API is at ${WS_PATH}`));
    const protocols = offeredProtocols(request);
    const token = protocols.find((protocol) => protocol.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
    if (!tokenMatches(token?.slice(WS_TOKEN_PROTOCOL_PREFIX.length), this.#token))
      return refuse(401, new ApiError('UNAUTHORIZED', 'missing or wrong API token'));
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
    const connection: Connection = { socket, events: new Map(), callsInFlight: 0 };
    this.#connections.add(connection);
    socket.on('message', (data, isBinary) => this.#message(connection, data, isBinary));
    socket.on('close', () => {
      this.#connections.delete(connection);
      for (const event of [...connection.events.keys()]) this.#unsubscribe(connection, event);
    });
    // `ws` reports protocol violations (an oversized message) here and closes the socket itself.
    socket.on('error', () => {});
  }

  #message(connection: Connection, data: RawData, isBinary: boolean): void {
    // A call arriving while the node shuts down gets no answer: the close tells the client.
    if (connection.socket.readyState !== WebSocket.OPEN) return;
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
    const event = (params as { event?: unknown } | null)?.event;
    if (!isNotificationEvent(event))
      return errorReply(id, new ApiError('BAD_PARAMS', `event must be one of the notification names`));
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

  #unsubscribe(connection: Connection, event: NotificationEvent): void {
    connection.events.delete(event);
    for (const other of this.#connections) if (other.events.has(event)) return;
    this.#sourceOffs.get(event)?.();
    this.#sourceOffs.delete(event);
  }

  #publish<E extends NotificationEvent>(event: E, payload: NotificationMap[E]): void {
    const message: NotifyMessage<E> = { jsonrpc: '2.0', method: 'notify', params: { event, payload } };
    const json = JSON.stringify(message);
    if (COALESCED.has(event)) this.#latest.set(event, json);
    else this.#ordered.push({ event, seq: ++this.#seq, json });
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
      for (const { event, seq, json } of ordered)
        if (seq > (connection.events.get(event) ?? Infinity)) parts.push(json);
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
