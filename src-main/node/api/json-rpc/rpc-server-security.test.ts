/**
 * The API port's guards over real HTTP and WebSocket on 127.0.0.1: the public policy (a
 * non-loopback bind) is tested on a loopback server told to apply it (treatAsPublic), since
 * tests bind loopback only; access-policy.test.ts checks the policy functions themselves.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket as WsClient } from 'ws';
import type { NotificationMap } from '../../../../src-shared/api.ts';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../../../src-shared/node-client.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import { StaticUi } from '../ui/static-ui.ts';
import type { BroadcastEvent, NotificationSource } from '../ws/node-notifications.ts';
import { WsRpcServer } from '../ws/ws-rpc-server.ts';
import { type HttpRoutes, MAX_BODY_BYTES, RpcServer, type RpcServerOptions } from './rpc-server.ts';

const handlers = {
  async getInfo() {
    return { network: 'test' };
  },
} as unknown as ApiHandlers;

/** A stand-in for the REST API: answers its paths with whether the request carried the token. */
const rest: HttpRoutes & { calls: number } = {
  calls: 0,
  async handle(_request, response, url, context) {
    if (!url.pathname.startsWith('/info')) return false;
    rest.calls++;
    const body = JSON.stringify({ authorized: context.authorized });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
    return true;
  },
};

/** Nothing to notify: the WebSocket server is here for its handshake and message limits. */
const silent: NotificationSource = {
  on:
    <E extends BroadcastEvent>(_event: E, _listener: (payload: NotificationMap[E]) => void) =>
    () => {},
};

interface Answer {
  status: number | undefined;
  headers: IncomingHttpHeaders;
  json: unknown;
  text: string;
}

/** A raw request (any Host, Origin, body) and its answer; a body sent as chunks when `chunked`. */
function send(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode, headers: response.headers, json, text });
        });
      },
    );
    // The server may answer and close before the client has sent all it meant to.
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    const { body } = options;
    if (body === undefined) return void request.end();
    if (!options.chunked) return void request.end(body);
    const bytes = Buffer.from(body);
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
      request.write(bytes.subarray(offset, offset + 64 * 1024));
    request.end();
  });
}

const rpcBody = '{"jsonrpc":"2.0","id":1,"method":"getInfo"}';

/** A WebSocket handshake by hand; the HTTP status. */
function handshake(port: number, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/ws',
      headers: {
        host: `127.0.0.1:${port}`,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('API port security', () => {
  const uiDir = mkdtempSync(join(tmpdir(), 'dagwallet-security-ui-'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>dagwallet</title>');
  const servers: RpcServer[] = [];

  async function serve(options: RpcServerOptions = {}): Promise<{ rpc: RpcServer; port: number; token: string }> {
    const rpc = await RpcServer.listen(handlers, 0, new StaticUi(uiDir), rest, options);
    WsRpcServer.attach(rpc, handlers, silent);
    servers.push(rpc);
    return { rpc, port: rpc.port, token: rpc.token };
  }

  after(async () => {
    for (const rpc of servers) await rpc.close();
    rmSync(uiDir, { recursive: true, force: true });
  });

  describe('a public bind (every API request needs the token)', () => {
    let port: number;
    let token: string;
    before(async () => {
      ({ port, token } = await serve({ treatAsPublic: true }));
    });

    it('refuses REST, JSON-RPC and WebSocket without the token (401), before any route runs', async () => {
      const calls = rest.calls;
      const info = await send(port, { path: '/info' });
      assert.equal(info.status, 401);
      assert.deepEqual(Object.keys(info.json as object), ['errorCode', 'errorMessage']);
      assert.equal((info.json as { errorCode: string }).errorCode, 'UNAUTHORIZED');
      assert.equal(rest.calls, calls, 'the REST API never saw it');
      const rpc = await send(port, { method: 'POST', path: '/rpc', body: rpcBody });
      assert.equal(rpc.status, 401);
      assert.equal((rpc.json as { error: { data: { code: string } } }).error.data.code, 'UNAUTHORIZED');
      assert.equal(await handshake(port, { 'sec-websocket-protocol': WS_PROTOCOL }), 401);
    });

    it('answers with the token, under any Host the network reaches it by', async () => {
      const authorization = `Bearer ${token}`;
      const info = await send(port, { path: '/info', headers: { authorization, host: `node.example:${port}` } });
      assert.equal(info.status, 200);
      assert.deepEqual(info.json, { authorized: true });
      const rpc = await send(port, {
        method: 'POST',
        path: '/rpc',
        headers: { authorization, host: `192.168.1.20:${port}` },
        body: rpcBody,
      });
      assert.deepEqual((rpc.json as { result: unknown }).result, { network: 'test' });
      const protocols = `${WS_PROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${token}`;
      assert.equal(await handshake(port, { host: `node.example:${port}`, 'sec-websocket-protocol': protocols }), 101);
    });

    it("serves the UI's files without the token: they hold no secret", async () => {
      const page = await send(port, { path: '/' });
      assert.equal(page.status, 200);
      assert.match(page.text, /<title>dagwallet/);
      const unknown = await send(port, { path: '/somewhere' });
      assert.notEqual(unknown.status, 200, 'a file that is not there');
      assert.equal(rest.calls > 0, true);
    });

    it("still refuses another site's page (Origin), even with the token", async () => {
      const answer = await send(port, {
        path: '/info',
        headers: { authorization: `Bearer ${token}`, host: `node.example:${port}`, origin: 'http://evil.example' },
      });
      assert.equal(answer.status, 403);
      const own = await send(port, {
        path: '/info',
        headers: {
          authorization: `Bearer ${token}`,
          host: `node.example:${port}`,
          origin: `http://node.example:${port}`,
        },
      });
      assert.equal(own.status, 200);
    });
  });

  describe('a loopback bind (the default)', () => {
    let port: number;
    let token: string;
    before(async () => {
      ({ port, token } = await serve());
    });

    it('answers REST reads without the token, JSON-RPC only with it', async () => {
      const info = await send(port, { path: '/info' });
      assert.deepEqual(info.json, { authorized: false });
      assert.equal((await send(port, { method: 'POST', path: '/rpc', body: rpcBody })).status, 401);
      const rpc = await send(port, {
        method: 'POST',
        path: '/rpc',
        headers: { authorization: `Bearer ${token}` },
        body: rpcBody,
      });
      assert.equal(rpc.status, 200);
    });

    it('refuses a foreign Host (DNS rebinding) on every path, in the shape of the path', async () => {
      const host = `evil.example:${port}`;
      const info = await send(port, { path: '/info', headers: { host } });
      assert.equal(info.status, 403);
      assert.equal((info.json as { errorCode: string }).errorCode, 'UNAUTHORIZED');
      assert.equal((await send(port, { path: '/', headers: { host } })).status, 403);
      const rpc = await send(port, {
        method: 'POST',
        path: '/rpc',
        headers: { host, authorization: `Bearer ${token}` },
        body: rpcBody,
      });
      assert.equal(rpc.status, 403);
      assert.equal((rpc.json as { error: { data: { code: string } } }).error.data.code, 'UNAUTHORIZED');
    });

    it('refuses a foreign Origin with 403 on every path: JSON-RPC, REST, the UI and the WebSocket', async () => {
      const origin = 'http://evil.example';
      const authorization = `Bearer ${token}`;
      assert.equal(
        (await send(port, { method: 'POST', path: '/rpc', headers: { origin, authorization }, body: rpcBody })).status,
        403,
      );
      const info = await send(port, { path: '/info', headers: { origin } });
      assert.equal(info.status, 403);
      assert.equal((info.json as { errorCode: string }).errorCode, 'UNAUTHORIZED');
      assert.equal((await send(port, { path: '/', headers: { origin } })).status, 403);
      const protocols = `${WS_PROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${token}`;
      assert.equal(await handshake(port, { origin, 'sec-websocket-protocol': protocols }), 403);
      // Its own pages pass.
      const own = `http://localhost:${port}`;
      assert.equal(
        (await send(port, { method: 'POST', path: '/rpc', headers: { origin: own, authorization }, body: rpcBody }))
          .status,
        200,
      );
      assert.equal(await handshake(port, { origin: own, 'sec-websocket-protocol': protocols }), 101);
    });
  });

  describe('rate limits', () => {
    let now = 0;
    let port: number;
    let token: string;
    before(async () => {
      ({ port, token } = await serve({ rateLimit: { perSecond: 2, burst: 3 }, now: () => now }));
    });

    it('answers 429 with Retry-After over the rate, in the shape of the path, and serves again once it refilled', async () => {
      const authorization = `Bearer ${token}`;
      const rpcCall = () => send(port, { method: 'POST', path: '/rpc', headers: { authorization }, body: rpcBody });
      for (let i = 0; i < 3; i++) assert.equal((await send(port, { path: '/info' })).status, 200, `request ${i}`);
      const rest429 = await send(port, { path: '/info' });
      assert.equal(rest429.status, 429);
      assert.equal(rest429.headers['retry-after'], '1');
      assert.equal((rest429.json as { errorCode: string }).errorCode, 'RATE_LIMITED');
      assert.match((rest429.json as { errorMessage: string }).errorMessage, /try again/);
      // A page elsewhere is refused before it spends anything, and requests without the token
      // (all loopback clients share one address) never drain the token holder's bucket.
      for (let i = 0; i < 5; i++)
        assert.equal((await send(port, { path: '/info', headers: { origin: 'http://evil.example' } })).status, 403);
      for (let i = 0; i < 3; i++) assert.equal((await rpcCall()).status, 200, `tokened call ${i}`);
      const rpc429 = await rpcCall();
      assert.equal(rpc429.status, 429);
      assert.equal(rpc429.headers['retry-after'], '1');
      assert.equal((rpc429.json as { error: { data: { code: string } } }).error.data.code, 'RATE_LIMITED');
      const protocols = `${WS_PROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${token}`;
      assert.equal(await handshake(port, { 'sec-websocket-protocol': protocols }), 429, 'the upgrade too');
      now += 500; // one token back in each bucket
      assert.equal((await rpcCall()).status, 200);
      assert.equal((await rpcCall()).status, 429, 'and only one');
      assert.equal((await send(port, { path: '/info' })).status, 200);
      assert.equal((await send(port, { path: '/info' })).status, 429);
    });

    it('limits each WebSocket connection its messages, answering the excess with a RATE_LIMITED error', async () => {
      now += 10_000;
      const socket = new WsClient(`ws://127.0.0.1:${port}/ws`, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`]);
      const replies: { id: unknown; result?: unknown; error?: { data: { code: string } } }[] = [];
      socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      try {
        const call = (id: number) => socket.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'getInfo' }));
        for (let id = 1; id <= 4; id++) call(id);
        const waitFor = async (count: number) => {
          while (replies.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
        };
        await waitFor(4);
        assert.equal(replies.filter((reply) => reply.result !== undefined).length, 3);
        const limited = replies.find((reply) => reply.error);
        assert.equal(limited?.error?.data.code, 'RATE_LIMITED');
        assert.equal(limited?.id, null, 'refused unread');
        now += 500;
        call(5);
        await waitFor(5);
        assert.deepEqual(replies.at(-1), { jsonrpc: '2.0', id: 5, result: { network: 'test' } });
      } finally {
        socket.close();
      }
    });
  });

  describe('body limits', () => {
    let port: number;
    let token: string;
    let small: { port: number; token: string };
    before(async () => {
      ({ port, token } = await serve());
      small = await serve({ maxBodyBytes: 1024 });
    });

    it('refuses a JSON-RPC body declared over 20 MiB (413) before reading it', async () => {
      const answer = await send(port, {
        method: 'POST',
        path: '/rpc',
        headers: { authorization: `Bearer ${token}`, 'content-length': String(MAX_BODY_BYTES + 1) },
      });
      assert.equal(answer.status, 413);
      assert.equal((answer.json as { error: { data: { code: string } } }).error.data.code, 'BAD_REQUEST');
    });

    it('refuses a body that grows past the limit without saying its size (413), and keeps serving', async () => {
      const authorization = `Bearer ${small.token}`;
      const fits = rpcBody.padEnd(1024, ' ');
      const ok = await send(small.port, {
        method: 'POST',
        path: '/rpc',
        headers: { authorization },
        body: fits,
        chunked: true,
      });
      assert.equal(ok.status, 200, 'exactly the limit');
      const over = await send(small.port, {
        method: 'POST',
        path: '/rpc',
        headers: { authorization },
        // Past the limit, within what the server still reads to let the client finish (twice the limit).
        body: `${fits}${' '.repeat(500)}`,
        chunked: true,
      });
      assert.equal(over.status, 413);
      assert.match((over.json as { error: { message: string } }).error.message, /over 1024 bytes/);
      const again = await send(small.port, { method: 'POST', path: '/rpc', headers: { authorization }, body: rpcBody });
      assert.equal(again.status, 200);
    });
  });
});
