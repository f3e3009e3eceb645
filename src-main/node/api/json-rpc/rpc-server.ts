import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiErrorJson } from '../../../../src-shared/api.ts';
import { DagwalletError } from '../../errors.ts';
import { ApiError } from '../api-error.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import type { StaticUi } from '../ui/static-ui.ts';
import {
  type AccessPolicy,
  accessPolicy,
  clientHost,
  DEFAULT_RATE_LIMIT,
  hostAllowed,
  isApiPath,
  isRestPath,
  originAllowed,
  type RateLimit,
  RateLimiter,
  retryAfterSeconds,
  RPC_PATH,
  type TokenBucket,
  tokenRequired,
  urlHost,
} from './access-policy.ts';

/** A JSON-RPC body above this is refused (413) before parsing (a block in hex is at most ~16 MiB). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** After refusing a body that grew too large, at most this much more is read (and dropped) before the socket is cut. */
const DRAIN_AFTER_REFUSAL_MS = 5_000;

/** JSON-RPC 2.0 error codes, with the node's own code and message in `data`. */
const RPC_CODES: Record<string, number> = {
  PARSE: -32700,
  BAD_REQUEST: -32600,
  UNKNOWN_METHOD: -32601,
  BAD_PARAMS: -32602,
  INTERNAL: -32603,
};
/** A node rule said no (a DagwalletError): JSON-RPC's server-error range. */
const RULE_ERROR = -32000;

export interface RpcReply {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data: ApiErrorJson };
}

export function errorReply(id: RpcReply['id'], error: unknown): RpcReply {
  if (error instanceof ApiError) {
    const code = RPC_CODES[error.code] ?? RULE_ERROR;
    return {
      jsonrpc: '2.0',
      id,
      error: { code, message: error.message, data: { code: error.code, message: error.message } },
    };
  }
  if (error instanceof DagwalletError) {
    return {
      jsonrpc: '2.0',
      id,
      error: { code: RULE_ERROR, message: error.message, data: { code: error.code, message: error.message } },
    };
  }
  const message = 'internal error';
  process.emitWarning(`API call failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return {
    jsonrpc: '2.0',
    id,
    error: { code: RPC_CODES.INTERNAL as number, message, data: { code: 'INTERNAL', message } },
  };
}

/** Runs one JSON-RPC 2.0 request against the handlers; every failure becomes an error reply. */
export async function dispatchRpc(handlers: ApiHandlers, message: unknown): Promise<RpcReply> {
  const request = message as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  const id = typeof request?.id === 'string' || typeof request?.id === 'number' ? request.id : null;
  try {
    if (
      typeof message !== 'object' ||
      message === null ||
      request.jsonrpc !== '2.0' ||
      typeof request.method !== 'string'
    )
      throw new ApiError('BAD_REQUEST', 'expected a JSON-RPC 2.0 request object');
    const method = request.method;
    if (!Object.hasOwn(handlers, method)) throw new ApiError('UNKNOWN_METHOD', `no method '${method}'`);
    const handler = handlers[method as keyof ApiHandlers] as (params: unknown) => Promise<unknown>;
    const params = request.params ?? {};
    // Every method takes named params: a list or a scalar is refused here, whatever the handler checks.
    if (typeof params !== 'object' || Array.isArray(params))
      throw new ApiError('BAD_PARAMS', 'params must be an object of named parameters');
    return { jsonrpc: '2.0', id, result: await handler(params) };
  } catch (error) {
    return errorReply(id, error);
  }
}

/** What the server knows of a request before handing it to routes. */
export interface HttpRouteContext {
  /** It carried the right API token (`Authorization: Bearer <token>`). */
  authorized: boolean;
}

/** Further HTTP endpoints on the API's port (the REST API); tried before the UI's files. */
export interface HttpRoutes {
  /** Answers the request when it is one of its routes and returns true; false lets the next one try. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL, context: HttpRouteContext): Promise<boolean>;
}

/** Takes the HTTP server's WebSocket upgrades (the WebSocket API), and is closed before it. */
export interface UpgradeHandler {
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** The request's path; a target that does not parse counts as '/' (it then matches no API path). */
function pathnameOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

/** The request's URL as its client named it (a Host that does not parse counts as localhost). */
function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(pathnameOf(request.url), 'http://localhost');
  }
}

/**
 * The body, or undefined as soon as it grows past `limit` (the caller answers 413). The rest is
 * then read and dropped, up to `limit` more bytes or a few seconds, so the client can finish
 * sending and read the answer (cutting the socket while it sends would lose the answer to a
 * reset), and then the socket is cut.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > 2 * limit) request.socket.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        setTimeout(() => request.socket.destroy(), DRAIN_AFTER_REFUSAL_MS).unref();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

/** How the API port is bound and guarded; every field has a default. */
export interface RpcServerOptions {
  /** The address to listen on (default 127.0.0.1). Any non-loopback one makes every API request need the token. */
  host?: string;
  /** Apply the non-loopback rules while bound to loopback (tests of the public policy). */
  treatAsPublic?: boolean;
  /** Requests per client address, and messages per WebSocket connection (default DEFAULT_RATE_LIMIT); false: none. */
  rateLimit?: RateLimit | false;
  /** JSON-RPC body limit in bytes (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** The rate limiter's clock in ms (default performance.now; tests drive it by hand). */
  now?: () => number;
}

/** Why a request is refused before any handler sees it. */
export interface Refusal {
  status: number;
  error: ApiError | RateLimitedError;
  headers?: Record<string, string>;
}

/** The rate limit's error: ApiError has no code for it, and clients match on the text code. */
export class RateLimitedError extends DagwalletError<'RATE_LIMITED'> {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `too many requests: try again in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** How long close() waits for replies being written before cutting their connections. */
const REPLY_FLUSH_MS = 1_000;

/**
 * The node's API over HTTP: JSON-RPC 2.0 on POST /rpc, with a bearer token made fresh each run
 * (written to the node's folder for local clients), and whatever routes and UI it is given.
 * Every request passes access-policy.ts first: a per-client rate limit (429), the Host check on
 * a loopback bind against DNS rebinding (403), the Origin check against other sites' pages
 * (403), and the token where the policy needs it (401).
 */
export class RpcServer {
  readonly #server: Server;
  readonly #handlers: ApiHandlers;
  readonly token: string;
  readonly #tokenBytes: Buffer;
  readonly #host: string;
  readonly #treatAsPublic: boolean;
  readonly #limiter: RateLimiter | undefined;
  readonly #maxBodyBytes: number;
  #port = 0;
  #policy: AccessPolicy = { port: 0, loopbackOnly: true, loopbackHosts: [] };
  #upgrades: UpgradeHandler | undefined;
  readonly #ui: StaticUi | undefined;
  readonly #routes: HttpRoutes | undefined;
  /** Responses not yet done: close() lets those already handed to their socket finish. */
  readonly #responses = new Set<ServerResponse>();

  private constructor(
    handlers: ApiHandlers,
    token: string,
    ui: StaticUi | undefined,
    routes: HttpRoutes | undefined,
    options: RpcServerOptions,
  ) {
    this.#handlers = handlers;
    this.token = token;
    this.#tokenBytes = Buffer.from(token, 'utf8');
    this.#host = options.host ?? '127.0.0.1';
    this.#treatAsPublic = options.treatAsPublic ?? false;
    const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    this.#limiter = limit === false ? undefined : new RateLimiter(limit, options.now);
    this.#maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    this.#ui = ui;
    this.#routes = routes;
    this.#server = createServer((request, response) => {
      this.#responses.add(response);
      response.once('close', () => this.#responses.delete(response));
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.#send(response, 500, errorReply(null, error));
      });
    });
  }

  /**
   * With `routes`, requests are offered to them first (the REST API); with `ui`, GET and HEAD
   * requests other than the API's are answered with the built UI's files.
   */
  static async listen(
    handlers: ApiHandlers,
    port: number,
    ui?: StaticUi,
    routes?: HttpRoutes,
    options: RpcServerOptions = {},
  ): Promise<RpcServer> {
    const server = new RpcServer(handlers, randomBytes(32).toString('hex'), ui, routes, options);
    const host = server.#host;
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', (error: NodeJS.ErrnoException) => {
        const why =
          error.code === 'EADDRINUSE'
            ? 'the port is in use (another node? try --rpc-port)'
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? 'no interface of this machine has that address (try --rpc-listen)'
              : error.message;
        reject(new DagwalletError('API_LISTEN_FAILED', `cannot serve the API on ${urlHost(host)}:${port}: ${why}`));
      });
      server.#server.listen(port, host, () => resolve());
    });
    server.#port = (server.#server.address() as AddressInfo).port;
    server.#policy = accessPolicy(host, server.#port, server.#treatAsPublic);
    return server;
  }

  /** Where local clients reach the API: the bound address, or loopback for a bind to every interface. */
  get url(): string {
    return `${this.origin}${RPC_PATH}`;
  }

  /** `http://host:port` as local clients reach it. */
  get origin(): string {
    return `http://${urlHost(clientHost(this.#host))}:${this.#port}`;
  }

  /** Who may call (see access-policy.ts). */
  get policy(): AccessPolicy {
    return this.#policy;
  }

  /** A bucket for one WebSocket connection's messages, at the server's rate; undefined when unlimited. */
  messageBucket(): TokenBucket | undefined {
    return this.#limiter?.bucket();
  }

  /**
   * Why `request` (an HTTP request or a WebSocket upgrade) is refused before its token counts: a
   * foreign Host on a loopback bind (403), a foreign Origin (403), then over the client's rate
   * (429). Refused pages spend no one's rate, and requests with the token draw from their own
   * bucket, so a web page firing requests it cannot authorize never starves the token holder
   * (every loopback client shares one address). Undefined: it may go on.
   */
  refusal(request: IncomingMessage, authorized: boolean): Refusal | undefined {
    const host = request.headers.host;
    if (!hostAllowed(host, this.#policy))
      return {
        status: 403,
        error: new ApiError(
          'UNAUTHORIZED',
          this.#policy.loopbackOnly ? 'only loopback clients may call' : 'a request must name its Host',
        ),
      };
    const origin = request.headers.origin;
    if (!originAllowed(origin, host, this.#policy))
      return { status: 403, error: new ApiError('UNAUTHORIZED', `pages from ${origin} may not use this API`) };
    const client = `${request.socket.remoteAddress ?? 'unknown'}|${authorized ? 'token' : 'open'}`;
    const waitMs = this.#limiter?.take(client) ?? 0;
    if (waitMs > 0) {
      const seconds = retryAfterSeconds(waitMs);
      return { status: 429, error: new RateLimitedError(seconds), headers: { 'retry-after': String(seconds) } };
    }
    return undefined;
  }

  /** Whether `presented` (the token a request carried) is this server's. */
  tokenMatches(presented: string | undefined): boolean {
    const bytes = Buffer.from(presented ?? '', 'utf8');
    return bytes.length === this.#tokenBytes.length && timingSafeEqual(bytes, this.#tokenBytes);
  }

  get port(): number {
    return this.#port;
  }

  /** The UI's address with the token in the fragment (never sent to a server), when the UI is served. */
  get uiUrl(): string | undefined {
    return this.#ui ? `${this.origin}/#token=${this.token}` : undefined;
  }

  /** Hands upgrade requests to `handler` (one only); without one, Node refuses them. */
  attachUpgrade(handler: UpgradeHandler): void {
    if (this.#upgrades) throw new Error('an upgrade handler is already attached');
    this.#upgrades = handler;
    this.#server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      handler.upgrade(request, socket, head),
    );
  }

  async close(): Promise<void> {
    // Upgraded sockets count as the server's connections until they end: close them first.
    await this.#upgrades?.close();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // A reply already ended but not yet flushed (shutDown's own) is let finish, for a moment at most.
    const flushing = [...this.#responses].filter((response) => response.writableEnded && !response.writableFinished);
    if (flushing.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(flushing.map((response) => new Promise((done) => response.once('close', done)))),
        new Promise((done) => (timer = setTimeout(done, REPLY_FLUSH_MS))),
      ]);
      clearTimeout(timer);
    }
    this.#server.closeAllConnections();
    return closed;
  }

  #send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  }

  /** A refusal in the shape the path's clients read: REST's {errorCode, errorMessage}, JSON-RPC's error otherwise. */
  #refuse(response: ServerResponse, pathname: string, refusal: Refusal): void {
    const { status, error, headers } = refusal;
    const body = isRestPath(pathname)
      ? { errorCode: error.code, errorMessage: error.message }
      : errorReply(null, error);
    this.#send(response, status, body, { ...headers, ...(status === 413 ? { connection: 'close' } : {}) });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = pathnameOf(request.url);
    const header = request.headers.authorization;
    const authorized = this.tokenMatches(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    const refusal = this.refusal(request, authorized);
    if (refusal) return this.#refuse(response, pathname, refusal);
    if (!authorized && tokenRequired(pathname, this.#policy))
      return this.#refuse(response, pathname, {
        status: 401,
        error: new ApiError('UNAUTHORIZED', 'missing or wrong API token (Authorization: Bearer <token>)'),
      });
    // On a public bind, a request without the token gets the UI's files and nothing else.
    const uiOnly = !authorized && !this.#policy.loopbackOnly;
    if (this.#routes && !uiOnly) {
      if (await this.#routes.handle(request, response, requestUrl(request), { authorized })) return;
    }
    if (this.#ui && (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(pathname)) {
      this.#ui.serve(request, response);
      return;
    }
    if (request.method !== 'POST' || pathname !== RPC_PATH) {
      this.#send(response, 404, errorReply(null, new ApiError('BAD_REQUEST', 'POST JSON-RPC requests to /rpc')));
      return;
    }
    const tooLarge = (): Refusal => ({
      status: 413,
      error: new ApiError('BAD_REQUEST', `request body over ${this.#maxBodyBytes} bytes`),
    });
    // Refused before a byte of the body is read when the client says how large it is.
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.#maxBodyBytes) return this.#refuse(response, pathname, tooLarge());
    const body = await readBody(request, this.#maxBodyBytes);
    if (body === undefined) return this.#refuse(response, pathname, tooLarge());
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      this.#send(response, 200, {
        jsonrpc: '2.0',
        id: null,
        error: { code: RPC_CODES.PARSE, message: 'not JSON', data: { code: 'BAD_REQUEST', message: 'not JSON' } },
      });
      return;
    }
    this.#send(response, 200, await dispatchRpc(this.#handlers, message));
  }
}
