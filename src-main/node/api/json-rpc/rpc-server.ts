import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiErrorJson } from '../../../../src-shared/api.ts';
import { DagwalletError } from '../../errors.ts';
import { ApiError } from '../api-error.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import type { StaticUi } from '../ui/static-ui.ts';

/** A request body above this is refused before parsing (a block in hex is at most ~16 MiB). */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

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
    return { jsonrpc: '2.0', id, result: await handler(request.params ?? {}) };
  } catch (error) {
    return errorReply(id, error);
  }
}

/** Takes the HTTP server's WebSocket upgrades (the WebSocket API), and is closed before it. */
export interface UpgradeHandler {
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('BAD_REQUEST', `request body over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function tokenMatches(header: string | undefined, token: Buffer): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  return presented.length === token.length && timingSafeEqual(presented, token);
}

/**
 * The node's local API over HTTP: JSON-RPC 2.0 on POST /rpc, loopback only, with a bearer token
 * made fresh each run (written to the node's folder for local clients). A Host header other than
 * the loopback address is refused, so a web page cannot reach the API by DNS rebinding.
 */
export class RpcServer {
  readonly #server: Server;
  readonly #handlers: ApiHandlers;
  readonly token: string;
  #port = 0;
  #upgrades: UpgradeHandler | undefined;
  readonly #ui: StaticUi | undefined;

  private constructor(handlers: ApiHandlers, token: string, ui: StaticUi | undefined) {
    this.#handlers = handlers;
    this.token = token;
    this.#ui = ui;
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.#send(response, 500, errorReply(null, error));
      });
    });
  }

  /** With `ui`, GET and HEAD requests other than the API's are answered with the built UI's files. */
  static async listen(handlers: ApiHandlers, port: number, ui?: StaticUi): Promise<RpcServer> {
    const server = new RpcServer(handlers, randomBytes(32).toString('hex'), ui);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'the port is in use (another node? try --rpc-port)' : error.message;
        reject(new DagwalletError('API_LISTEN_FAILED', `cannot serve the API on 127.0.0.1:${port}: ${why}`));
      });
      server.#server.listen(port, '127.0.0.1', () => resolve());
    });
    server.#port = (server.#server.address() as AddressInfo).port;
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/rpc`;
  }

  get port(): number {
    return this.#port;
  }

  /** The UI's address with the token in the fragment (never sent to a server), when the UI is served. */
  get uiUrl(): string | undefined {
    return this.#ui ? `http://127.0.0.1:${this.#port}/#token=${this.token}` : undefined;
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
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #send(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${this.#port}` && host !== `localhost:${this.#port}`) {
      this.#send(response, 403, errorReply(null, new ApiError('UNAUTHORIZED', 'only loopback clients may call')));
      return;
    }
    if (this.#ui && (request.method === 'GET' || request.method === 'HEAD') && request.url !== '/rpc') {
      this.#ui.serve(request, response);
      return;
    }
    if (request.method !== 'POST' || request.url !== '/rpc') {
      this.#send(response, 404, errorReply(null, new ApiError('BAD_REQUEST', 'POST JSON-RPC requests to /rpc')));
      return;
    }
    if (!tokenMatches(request.headers.authorization, Buffer.from(this.token, 'utf8'))) {
      this.#send(response, 401, errorReply(null, new ApiError('UNAUTHORIZED', 'missing or wrong API token')));
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      this.#send(response, 413, errorReply(null, error));
      return;
    }
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
