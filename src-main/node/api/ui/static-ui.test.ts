import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RpcServer } from '../json-rpc/rpc-server.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import { StaticUi, UI_CONTENT_SECURITY_POLICY } from './static-ui.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so paths reach the server exactly as written (fetch would normalise "..") . */
function get(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the UI served on the API port', () => {
  let dir: string;
  let server: RpcServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dagwallet-ui-'));
    mkdirSync(join(dir, 'ui', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'ui', 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside the UI folder');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'ui', 'escape.txt'));
    const handlers = { getInfo: async () => ({ network: 'test' }) } as unknown as ApiHandlers;
    server = await RpcServer.listen(handlers, 0, new StaticUi(join(dir, 'ui')));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict content security policy, and gives the token in the fragment only', async () => {
    const answer = await get(server.port, '/');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '<!doctype html><title>app</title>');
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(answer.headers['content-security-policy'], UI_CONTENT_SECURITY_POLICY);
    assert.match(UI_CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.doesNotMatch(UI_CONTENT_SECURITY_POLICY, /unsafe/);
    assert.equal(answer.headers['x-frame-options'], 'DENY');
    assert.equal(answer.headers['cache-control'], 'no-cache');
    assert.equal(server.uiUrl, `http://127.0.0.1:${server.port}/#token=${server.token}`);
  });

  it('serves hashed assets as immutable with their content type; HEAD sends no body', async () => {
    const answer = await get(server.port, '/assets/index-abc.js?v=1');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(String(answer.headers['cache-control']), /immutable/);
    const head = await get(server.port, '/assets/index-abc.js', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String('console.log(1)'.length));
    assert.equal(head.body, '');
  });

  it('never serves a file outside the folder: "..", encoded "..", a symlink out, a NUL byte, a folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/escape.txt',
      '/index.html%00',
      '/assets',
      '/missing.js',
      '/%E0%A4%A',
    ]) {
      const answer = await get(server.port, path);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.body, /outside the UI folder/, path);
    }
  });

  it('refuses a foreign Host (DNS rebinding) before serving anything', async () => {
    const answer = await get(server.port, '/', { host: 'evil.example:80' });
    assert.equal(answer.status, 403);
    assert.doesNotMatch(answer.body, /<title>/);
  });

  it('leaves the API as it was: POST /rpc still needs the token', async () => {
    const refused = await fetch(server.url, { method: 'POST', body: '{}' });
    assert.equal(refused.status, 401);
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getInfo' }),
    });
    assert.deepEqual(await answer.json(), { jsonrpc: '2.0', id: 1, result: { network: 'test' } });
  });
});
