import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DagwalletError } from '../../errors.ts';
import { ApiError } from '../api-error.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import { RemoteError, RpcClient } from './rpc-client.ts';
import { RpcServer } from './rpc-server.ts';

// The transport under test: real HTTP on loopback; the handlers are the simplest that exercise each path.
const handlers = {
  async getInfo() {
    return { network: 'test' };
  },
  async submitTransaction(params: { transaction: string }) {
    if (params.transaction === 'spent') throw new DagwalletError('DOUBLE_SPEND', 'already spent by 9f…');
    if (typeof params.transaction !== 'string') throw new ApiError('BAD_PARAMS', 'transaction must be hex');
    throw new Error('a bug');
  },
} as unknown as ApiHandlers;

describe('JSON-RPC server', () => {
  let server: RpcServer;
  before(async () => {
    server = await RpcServer.listen(handlers, 0);
  });
  after(() => server.close());

  interface Reply {
    error: { code: number; message: string; data: { code: string } };
  }

  async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Reply }> {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers },
      body,
    });
    return { status: response.status, json: (await response.json()) as Reply };
  }

  it('answers a call with the token', async () => {
    const client = new RpcClient(server.url, server.token);
    assert.deepEqual(await client.call('getInfo', {}), { network: 'test' });
  });

  it('refuses a missing or wrong token with 401', async () => {
    const wrong = await post('{"jsonrpc":"2.0","id":1,"method":"getInfo"}', { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error.data.code, 'UNAUTHORIZED');
    const client = new RpcClient(server.url, 'x'.repeat(64));
    await assert.rejects(
      client.call('getInfo', {}),
      (error) => error instanceof RemoteError && error.code === 'UNAUTHORIZED',
    );
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    // fetch may not set Host, so a raw request does what a rebinding browser would send.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(
        server.url,
        { method: 'POST', headers: { host: 'evil.example', authorization: `Bearer ${server.token}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      request.on('error', reject);
      request.end('{"jsonrpc":"2.0","id":1,"method":"getInfo"}');
    });
    assert.equal(status, 403);
  });

  it('maps rule errors, bad params, unknown methods, garbage and bugs to JSON-RPC errors without dying', async () => {
    const client = new RpcClient(server.url, server.token);
    await assert.rejects(
      client.call('submitTransaction', { transaction: 'spent' }),
      (error) => error instanceof RemoteError && error.code === 'DOUBLE_SPEND' && /already spent/.test(error.message),
    );
    const badParams = await post('{"jsonrpc":"2.0","id":2,"method":"submitTransaction","params":{"transaction":5}}');
    assert.equal(badParams.json.error.code, -32602);
    const unknown = await post('{"jsonrpc":"2.0","id":3,"method":"constructor"}');
    assert.equal(unknown.json.error.code, -32601, 'prototype names are not methods');
    const garbage = await post('{"jsonrpc":');
    assert.equal(garbage.json.error.code, -32700);
    const notRpc = await post('[1,2,3]');
    assert.equal(notRpc.json.error.code, -32600);
    const bug = await post('{"jsonrpc":"2.0","id":4,"method":"submitTransaction","params":{"transaction":"x"}}');
    assert.equal(bug.json.error.code, -32603);
    assert.equal(bug.json.error.message, 'internal error', 'no stack trace leaks to the caller');
    // Still serving.
    assert.deepEqual(await client.call('getInfo', {}), { network: 'test' });
  });

  it('says the node is unreachable when nothing listens', async () => {
    const closed = await RpcServer.listen(handlers, 0);
    const url = closed.url;
    await closed.close();
    await assert.rejects(
      new RpcClient(url, 't').call('getInfo', {}),
      (error) => error instanceof ApiError && error.code === 'NODE_UNREACHABLE',
    );
  });
});
