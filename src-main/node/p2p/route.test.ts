import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P2PError } from './p2p-error.ts';
import { Route, ROUTE_CAPACITY } from './route.ts';
import type { WireMessage } from './wire/messages.ts';

const ping = (nonce: number): WireMessage => ({ type: 'ping', nonce: BigInt(nonce) });
const pong = (nonce: number): WireMessage => ({ type: 'pong', nonce: BigInt(nonce) });

function p2pErrorWithCode(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof P2PError);
    assert.equal(error.code, code);
    return true;
  };
}

describe('Route', () => {
  it('hands queued messages to the flow in arrival order', async () => {
    const route = new Route(['ping', 'pong']);
    route.deliver(ping(1));
    route.deliver(pong(2));
    route.deliver(ping(3));
    assert.deepEqual(await route.next(), ping(1));
    assert.deepEqual(await route.next(), pong(2));
    assert.deepEqual(await route.next(), ping(3));
  });

  it('wakes a waiting reader with the next message, then queues the rest', async () => {
    const route = new Route(['ping']);
    const waiting = route.next();
    route.deliver(ping(1));
    route.deliver(ping(2));
    assert.deepEqual(await waiting, ping(1));
    assert.deepEqual(await route.next(), ping(2));
  });

  it('times out a reader with TIMEOUT, and a later message waits for the next reader', async () => {
    const route = new Route(['ping']);
    const started = performance.now();
    await assert.rejects(route.next(30), p2pErrorWithCode('TIMEOUT'));
    assert.ok(performance.now() - started >= 25, 'not before its time');
    route.deliver(ping(7));
    assert.deepEqual(await route.next(30), ping(7));
  });

  it('does not time out a reader that got its message in time', async () => {
    const route = new Route(['ping']);
    const waiting = route.next(50);
    route.deliver(ping(1));
    assert.deepEqual(await waiting, ping(1));
    await new Promise((resolve) => setTimeout(resolve, 80));
    route.deliver(ping(2));
    assert.deepEqual(await route.next(), ping(2), 'the old timer did not steal or drop a message');
  });

  it('refuses a message beyond its capacity with FLOODING', () => {
    const route = new Route(['ping'], 3);
    for (let i = 0; i < 3; i++) route.deliver(ping(i));
    assert.throws(() => route.deliver(ping(3)), p2pErrorWithCode('FLOODING'));
  });

  it('holds ROUTE_CAPACITY (kaspad’s 200) messages by default', async () => {
    const route = new Route(['ping']);
    for (let i = 0; i < ROUTE_CAPACITY; i++) route.deliver(ping(i));
    assert.throws(() => route.deliver(ping(ROUTE_CAPACITY)), p2pErrorWithCode('FLOODING'));
    assert.deepEqual(await route.next(), ping(0));
    assert.doesNotThrow(() => route.deliver(ping(ROUTE_CAPACITY)), 'a read made room');
  });

  it('close rejects the waiting reader and every later read with its error, and drops deliveries', async () => {
    const route = new Route(['ping']);
    const waiting = route.next();
    const reason = new P2PError('DISCONNECTED', 'peer gone');
    route.close(reason);
    await assert.rejects(waiting, (error: unknown) => error === reason);
    assert.equal(route.closed, true);
    route.deliver(ping(1));
    await assert.rejects(route.next(), (error: unknown) => error === reason);
  });

  it('close drops what was queued', async () => {
    const route = new Route(['ping']);
    route.deliver(ping(1));
    route.close(new P2PError('DISCONNECTED', 'peer gone'));
    await assert.rejects(route.next(), p2pErrorWithCode('DISCONNECTED'));
  });

  it('expect() returns a message of an expected type and refuses another with PROTOCOL', async () => {
    const route = new Route(['version', 'verack']);
    route.deliver({ type: 'verack' });
    route.deliver({ type: 'verack' });
    await assert.rejects(route.expect(['version']), (error: unknown) => {
      p2pErrorWithCode('PROTOCOL')(error);
      assert.match((error as Error).message, /expected version, got verack/);
      return true;
    });
    assert.deepEqual(await route.expect(['version', 'verack']), { type: 'verack' });
  });

  it('refuses a second reader while one waits', async () => {
    const route = new Route(['ping']);
    const first = route.next();
    await assert.rejects(route.next(), p2pErrorWithCode('PROTOCOL'));
    route.deliver(ping(1));
    assert.deepEqual(await first, ping(1));
  });
});
