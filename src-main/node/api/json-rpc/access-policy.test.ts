import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accessPolicy,
  clientHost,
  hostAllowed,
  isApiPath,
  isLoopbackHost,
  isRestPath,
  originAllowed,
  RateLimiter,
  retryAfterSeconds,
  TokenBucket,
  tokenRequired,
  urlHost,
} from './access-policy.ts';

describe('access policy', () => {
  it('tells loopback listen hosts from the others', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1'])
      assert.ok(isLoopbackHost(host), host);
    assert.ok(isLoopbackHost('::ffff:127.0.0.1'), 'IPv4-mapped loopback');
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.20',
      '128.0.0.1',
      '::2',
      '1::1',
      'node.example',
      '',
      '127.0.0.1.example',
    ])
      assert.ok(!isLoopbackHost(host), host);
  });

  it('applies the loopback rules to a loopback bind, the public ones to any other (or when told to)', () => {
    const loopbackNames = ['127.0.0.1:17610', 'localhost:17610', '[::1]:17610'];
    assert.deepEqual(accessPolicy('127.0.0.1', 17610), {
      port: 17610,
      loopbackOnly: true,
      loopbackHosts: loopbackNames,
    });
    assert.deepEqual(accessPolicy('0.0.0.0', 17610), { port: 17610, loopbackOnly: false, loopbackHosts: [] });
    assert.deepEqual(accessPolicy('192.168.1.20', 1), { port: 1, loopbackOnly: false, loopbackHosts: [] });
    assert.deepEqual(accessPolicy('127.0.0.1', 1, true), { port: 1, loopbackOnly: false, loopbackHosts: [] });
  });

  it('answers a loopback bind other than 127.0.0.1 under the address it is bound to (what node.json names)', () => {
    const other = accessPolicy('127.0.0.2', 4000);
    assert.ok(other.loopbackOnly);
    assert.ok(hostAllowed('127.0.0.2:4000', other));
    assert.ok(originAllowed('http://127.0.0.2:4000', '127.0.0.2:4000', other));
    assert.ok(!hostAllowed('127.0.0.3:4000', other));
    const ipv6 = accessPolicy('0:0:0:0:0:0:0:1', 4000);
    assert.ok(hostAllowed('[0:0:0:0:0:0:0:1]:4000', ipv6));
    assert.ok(hostAllowed('[::1]:4000', ipv6));
  });

  it('checks Host on a loopback bind only (DNS rebinding), and requires one always', () => {
    const loopback = accessPolicy('127.0.0.1', 4000);
    for (const host of ['127.0.0.1:4000', 'localhost:4000', 'LocalHost:4000', '[::1]:4000'])
      assert.ok(hostAllowed(host, loopback), host);
    for (const host of ['evil.example:4000', '127.0.0.1:4001', '127.0.0.1', '', undefined])
      assert.ok(!hostAllowed(host, loopback), String(host));
    const open = accessPolicy('0.0.0.0', 4000);
    assert.ok(hostAllowed('node.example:4000', open));
    assert.ok(hostAllowed('192.168.1.20:4000', open));
    assert.ok(!hostAllowed(undefined, open));
    assert.ok(!hostAllowed('', open));
  });

  it("lets a browser in only from the server's own origin", () => {
    const loopback = accessPolicy('127.0.0.1', 4000);
    assert.ok(originAllowed(undefined, '127.0.0.1:4000', loopback), 'no Origin: not a browser page');
    assert.ok(originAllowed('http://127.0.0.1:4000', '127.0.0.1:4000', loopback));
    assert.ok(originAllowed('http://localhost:4000', '127.0.0.1:4000', loopback), 'another loopback name');
    for (const origin of ['http://evil.example', 'http://127.0.0.1:4001', 'https://127.0.0.1:4000', 'null', ''])
      assert.ok(!originAllowed(origin, '127.0.0.1:4000', loopback), origin);
    const open = accessPolicy('0.0.0.0', 4000);
    assert.ok(originAllowed('http://node.example:4000', 'node.example:4000', open));
    assert.ok(originAllowed(undefined, 'node.example:4000', open));
    assert.ok(!originAllowed('http://evil.example', 'node.example:4000', open));
    assert.ok(!originAllowed('http://127.0.0.1:4000', 'node.example:4000', open), 'not the origin the page used');
    assert.ok(!originAllowed('http://node.example:4000', undefined, open));
  });

  it('needs the token for JSON-RPC and WebSocket always, for every API path on a public bind, never for the UI', () => {
    const loopback = accessPolicy('127.0.0.1', 1);
    const open = accessPolicy('0.0.0.0', 1);
    for (const policy of [loopback, open]) {
      assert.ok(tokenRequired('/rpc', policy));
      assert.ok(tokenRequired('/ws', policy));
      for (const path of ['/', '/index.html', '/assets/app.js']) assert.ok(!tokenRequired(path, policy), path);
    }
    for (const path of [
      '/info',
      '/block/00',
      '/blocks',
      '/transactions/address/x',
      '/utxos/address/x',
      '/openapi.json',
    ])
      assert.ok(!tokenRequired(path, loopback) && tokenRequired(path, open), path);
    assert.ok(isRestPath('/fee-estimates') && isRestPath('/transaction/id/ab') && !isRestPath('/blockchain'));
    assert.ok(isApiPath('/rpc') && isApiPath('/ws') && isApiPath('/info') && !isApiPath('/'));
  });

  it('names the address local clients use for a bind', () => {
    assert.equal(clientHost('0.0.0.0'), '127.0.0.1');
    assert.equal(clientHost('::'), '::1');
    assert.equal(clientHost('192.168.1.20'), '192.168.1.20');
    assert.equal(urlHost('::1'), '[::1]');
    assert.equal(urlHost('127.0.0.1'), '127.0.0.1');
  });
});

describe('rate limits', () => {
  it('a token bucket gives its burst, then one per 1/perSecond, and says how long to wait', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 4, burst: 3 }, () => now);
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take()], [0, 0, 0]);
    assert.equal(bucket.take(), 250, 'a quarter second to the next token');
    now += 100;
    assert.equal(bucket.take(), 150);
    now += 150;
    assert.equal(bucket.take(), 0);
    assert.ok(!bucket.full);
    now += 10_000;
    assert.ok(bucket.full, 'refilled, never beyond the burst');
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take() > 0], [0, 0, 0, true]);
    assert.equal(retryAfterSeconds(250), 1);
    assert.equal(retryAfterSeconds(2_001), 3);
  });

  it('keeps a bucket per client, and forgets refilled ones rather than growing without bound', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, () => now);
    assert.equal(limiter.take('a'), 0);
    assert.ok(limiter.take('a') > 0);
    assert.equal(limiter.take('b'), 0, 'another client has its own');
    for (let i = 0; i < 10_000; i++) limiter.take(`client ${i}`);
    assert.ok(limiter.clients <= 10_000, `${limiter.clients} remembered`);
    now += 5_000;
    limiter.take('one more');
    assert.ok(limiter.clients < 100, 'the refilled ones were forgotten');
    assert.throws(() => new RateLimiter({ perSecond: 0, burst: 1 }), RangeError);
  });
});
