import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket as WsClient } from 'ws';
import type { NotificationMap } from '../../../../src-shared/api.ts';
import {
  NodeClientError,
  type NodeClientState,
  WebSocketNodeClient,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
} from '../../../../src-shared/node-client.ts';
import { resolveConfig } from '../../config/config.ts';
import { DagwalletNode } from '../../node.ts';
import { until } from '../../test-support/p2p-nodes.ts';
import { BURN_SCRIPT, mineSimnetBlock } from '../../test-support/simnet.ts';
import { type TestKey, testAddress, testKey } from '../../test-support/test-keys.ts';
import { type AddressPrefix, AddressVersion, createAddress, encodeAddress } from '../../consensus/address.ts';
import { RpcServer } from '../json-rpc/rpc-server.ts';
import { ENDPOINT_FILE, type NodeEndpoint } from '../node-endpoint.ts';
import type { ApiHandlers } from '../node-api-handlers.ts';
import type { BroadcastEvent, NotificationSource } from './node-notifications.ts';
import type { UtxosChangedPayload, UtxoWatcher } from './utxo-changes.ts';
import { WsRpcServer } from './ws-rpc-server.ts';

/** Sends a WebSocket handshake by hand (any Host, Origin and protocols) and returns the HTTP status. */
function handshake(port: number, headers: Record<string, string>, path = '/ws'): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      headers: {
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

function protocols(token: string): string {
  return `${WS_PROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${token}`;
}

/** A raw `ws` client (it can skip the checks WebSocketNodeClient makes) and every message it got. */
async function rawClient(url: string, token: string): Promise<{ socket: WsClient; frames: unknown[] }> {
  const socket = new WsClient(url, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`]);
  const frames: unknown[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, frames };
}

function replyTo(frames: unknown[], id: number): Promise<{ result?: unknown; error?: { data: { code: string } } }> {
  return until(
    `the reply to ${id}`,
    () => frames.find((frame) => (frame as { id?: unknown }).id === id),
    5_000,
  ) as Promise<{ result?: unknown; error?: { data: { code: string } } }>;
}

describe('the WebSocket API of a running node', () => {
  let root: string;
  let node: DagwalletNode;
  let port: number;
  let token: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'dagwallet-ws-'));
    node = await DagwalletNode.start(
      resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false }),
      { version: 'test' },
    );
    token = (JSON.parse(readFileSync(join(node.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint).token;
    port = Number(new URL(node.wsUrl as string).port);
  });
  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves /ws on the RPC port', () => {
    assert.equal(node.wsUrl, `ws://127.0.0.1:${port}/ws`);
    assert.equal(node.rpcUrl, `http://127.0.0.1:${port}/rpc`);
  });

  it('upgrades only with the token, a loopback Host and no Origin or its own', async () => {
    const host = `127.0.0.1:${port}`;
    assert.equal(await handshake(port, { host, 'sec-websocket-protocol': protocols(token) }), 101);
    assert.equal(
      await handshake(port, { host, origin: `http://localhost:${port}`, 'sec-websocket-protocol': protocols(token) }),
      101,
    );
    assert.equal(await handshake(port, { host, 'sec-websocket-protocol': WS_PROTOCOL }), 401, 'no token');
    assert.equal(await handshake(port, { host }), 401, 'no protocols at all');
    assert.equal(
      await handshake(port, { host, 'sec-websocket-protocol': protocols('0'.repeat(token.length)) }),
      401,
      'a wrong token',
    );
    assert.equal(
      await handshake(port, { host, 'sec-websocket-protocol': protocols(`${token}0`) }),
      401,
      'a longer token',
    );
    assert.equal(
      await handshake(port, { host, origin: 'http://evil.example', 'sec-websocket-protocol': protocols(token) }),
      403,
      'a foreign page',
    );
    assert.equal(
      await handshake(port, {
        host,
        origin: `http://127.0.0.1:${port + 1}`,
        'sec-websocket-protocol': protocols(token),
      }),
      403,
      'a page on another local port',
    );
    assert.equal(
      await handshake(port, { host: `evil.example:${port}`, 'sec-websocket-protocol': protocols(token) }),
      403,
      'DNS rebinding: a foreign Host',
    );
    assert.equal(
      await handshake(port, { host, 'sec-websocket-protocol': `${WS_TOKEN_PROTOCOL_PREFIX}${token}` }),
      400,
      'the token without the API protocol',
    );
    assert.equal(await handshake(port, { host, 'sec-websocket-protocol': protocols(token) }, '/rpc'), 404);
    // Still serving HTTP and WebSocket after all that.
    assert.equal(await handshake(port, { host, 'sec-websocket-protocol': protocols(token) }), 101);
  });

  it('a client with a wrong token is closed with NODE_UNREACHABLE, never retried', async () => {
    const client = new WebSocketNodeClient(node.wsUrl as string, 'f'.repeat(64));
    const states: NodeClientState[] = [];
    client.onStateChange((state) => states.push(state));
    const call = client.call('getInfo', {});
    await assert.rejects(call, (error) => error instanceof NodeClientError && error.code === 'NODE_UNREACHABLE');
    assert.deepEqual(states, ['closed']);
    await assert.rejects(
      WebSocketNodeClient.connect(node.wsUrl as string, ''),
      (error) => error instanceof NodeClientError && error.code === 'NODE_UNREACHABLE',
    );
    await assert.rejects(
      WebSocketNodeClient.connect('not a url', token),
      (error) => error instanceof NodeClientError && error.code === 'NODE_UNREACHABLE',
    );
  });

  it('stops sending an event once unsubscribed, and refuses unknown events', async () => {
    const { socket, frames } = await rawClient(node.wsUrl as string, token);
    try {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { event: 'blockAdded' } }));
      assert.deepEqual((await replyTo(frames, 1)).result, { event: 'blockAdded', subscribed: true });
      await node.submitBlock(mineSimnetBlock(node.consensus), 'local');
      await until('a notification', () => (frames.length > 1 ? true : undefined), 5_000);
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'unsubscribe', params: { event: 'blockAdded' } }));
      assert.deepEqual((await replyTo(frames, 2)).result, { event: 'blockAdded', subscribed: false });
      const seen = frames.length;
      await node.submitBlock(mineSimnetBlock(node.consensus), 'local');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(frames.length, seen, 'nothing after unsubscribing');
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'subscribe', params: { event: 'toString' } }));
      assert.equal((await replyTo(frames, 3)).error?.data.code, 'BAD_PARAMS');
      socket.send('{"jsonrpc":');
      await until('a parse error', () => frames.find((frame) => (frame as { id?: unknown }).id === null), 5_000);
    } finally {
      socket.close();
    }
  });

  it('sends each connection the utxosChanged of its own addresses; subscribing adds, unsubscribing removes', async () => {
    const [alice, bob, carol] = ['ws-alice', 'ws-bob', 'ws-carol'].map((label) => testKey(label)) as [
      TestKey,
      TestKey,
      TestKey,
    ];
    const address = (key: TestKey) => testAddress(key, node.params);
    const first = await rawClient(node.wsUrl as string, token);
    const second = await rawClient(node.wsUrl as string, token);
    let id = 100;
    const call = async (client: typeof first, method: string, params: unknown) => {
      const mine = ++id;
      client.socket.send(JSON.stringify({ jsonrpc: '2.0', id: mine, method, params }));
      return replyTo(client.frames, mine);
    };
    /** Outpoints each address was told of (added or removed), from a client's notifications so far. */
    const heard = (client: typeof first) => {
      const seen = new Map<string, Set<string>>();
      for (const frame of client.frames)
        for (const item of Array.isArray(frame) ? frame : [frame]) {
          const { event, payload } =
            (item as { params?: { event?: string; payload?: NotificationMap['utxosChanged'] } }).params ?? {};
          if (event !== 'utxosChanged' || !payload) continue;
          for (const utxo of [...payload.added, ...payload.removed])
            seen.set(utxo.address, (seen.get(utxo.address) ?? new Set()).add(utxo.outpoint));
        }
      return seen;
    };
    const coinsOf = (key: TestKey) => new Set(node.index.utxosByScripts([key.script]).map(({ outpoint }) => outpoint));
    // A block's reward is paid by the block that merges it: a burn block after the payees.
    const pay = async (...keys: TestKey[]) => {
      for (const script of [...keys.map((key) => key.script), BURN_SCRIPT])
        await node.submitBlock(mineSimnetBlock(node.consensus, { payTo: script }), 'local');
    };
    try {
      // Bad subscriptions, each refused with the reason.
      const refusals: [unknown, RegExp][] = [
        [{ event: 'utxosChanged' }, /needs addresses/],
        [{ event: 'utxosChanged', addresses: [] }, /at least one/],
        [{ event: 'utxosChanged', addresses: [address(alice), 'dagsim:nope'] }, /addresses\[1\] \('dagsim:nope'\)/],
        [{ event: 'utxosChanged', addresses: ['kaspa:qqq'] }, /addresses\[0\]/],
        [{ event: 'blockAdded', addresses: [address(alice)] }, /utxosChanged only/],
      ];
      for (const [params, message] of refusals) {
        const reply = (await call(first, 'subscribe', params)) as {
          error?: { message: string; data: { code: string } };
        };
        assert.equal(reply.error?.data.code, 'BAD_PARAMS', JSON.stringify(params));
        assert.match(reply.error?.message ?? '', message);
      }

      assert.deepEqual(
        (await call(first, 'subscribe', { event: 'utxosChanged', addresses: [address(alice), address(bob)] })).result,
        {
          event: 'utxosChanged',
          subscribed: true,
        },
      );
      await call(second, 'subscribe', { event: 'utxosChanged', addresses: [address(carol)] });
      await pay(alice, bob, carol);
      await until('the coins', () => (heard(first).size === 2 && heard(second).size === 1 ? true : undefined), 10_000);
      assert.deepEqual(heard(first).get(address(alice)), coinsOf(alice));
      assert.deepEqual(heard(first).get(address(bob)), coinsOf(bob));
      assert.deepEqual([...heard(second).keys()], [address(carol)], 'only its own address');
      assert.deepEqual(heard(second).get(address(carol)), coinsOf(carol));

      // Subscribing again adds carol; unsubscribing alice drops her.
      await call(first, 'subscribe', { event: 'utxosChanged', addresses: [address(carol)] });
      assert.deepEqual(
        (await call(first, 'unsubscribe', { event: 'utxosChanged', addresses: [address(alice)] })).result,
        {
          event: 'utxosChanged',
          subscribed: true,
        },
      );
      const aliceBefore = heard(first).get(address(alice));
      await pay(alice, carol);
      await until("carol's new coin", () =>
        heard(first).get(address(carol))?.size === coinsOf(carol).size - 1 ? true : undefined,
      );
      assert.deepEqual(heard(first).get(address(alice)), aliceBefore, 'nothing of alice any more');

      // Unsubscribing without addresses drops them all.
      assert.deepEqual((await call(first, 'unsubscribe', { event: 'utxosChanged' })).result, {
        event: 'utxosChanged',
        subscribed: false,
      });
      const framesBefore = first.frames.length;
      await pay(bob, carol);
      await until("carol's coin for the second", () =>
        heard(second).get(address(carol))?.size === coinsOf(carol).size ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(first.frames.length, framesBefore, 'nothing after unsubscribing all');
    } finally {
      first.socket.close();
      second.socket.close();
    }
  });

  it('lets a connection watch at most 10,000 addresses', async () => {
    const { socket, frames } = await rawClient(node.wsUrl as string, token);
    const addresses = Array.from({ length: 10_001 }, () =>
      encodeAddress(createAddress(node.params.addressPrefix as AddressPrefix, AddressVersion.PubKey, randomBytes(32))),
    );
    const subscribe = (id: number, list: string[]) =>
      socket.send(
        JSON.stringify({ jsonrpc: '2.0', id, method: 'subscribe', params: { event: 'utxosChanged', addresses: list } }),
      );
    try {
      subscribe(1, addresses.slice(0, 10_000));
      assert.deepEqual((await replyTo(frames, 1)).result, { event: 'utxosChanged', subscribed: true });
      subscribe(2, addresses.slice(10_000));
      const refused = (await replyTo(frames, 2)) as { error?: { message: string; data: { code: string } } };
      assert.equal(refused.error?.data.code, 'BAD_PARAMS');
      assert.match(refused.error?.message ?? '', /at most 10,000 .*10,001/);
      subscribe(3, addresses.slice(0, 10)); // already watched: still 10,000
      assert.deepEqual((await replyTo(frames, 3)).result, { event: 'utxosChanged', subscribed: true });
    } finally {
      socket.close();
    }
  });

  it('refuses a message over 20 MiB by closing with 1009', async () => {
    const { socket } = await rawClient(node.wsUrl as string, token);
    const code = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.on('error', () => {});
    socket.send('x'.repeat(20 * 1024 * 1024 + 1));
    assert.equal(await code, 1009);
  });
});

/** A notification source the test drives by hand; its utxosChanged watchers take any text as an address. */
class ScriptedSource implements NotificationSource {
  readonly listeners = new Map<BroadcastEvent, Set<(payload: never) => void>>();
  /** Every utxosChanged watcher opened, with the addresses it watches now. */
  readonly watchers: { addresses: Set<string>; closed: boolean; listener: (change: UtxosChangedPayload) => void }[] =
    [];

  watchUtxos(listener: (change: UtxosChangedPayload) => void): UtxoWatcher {
    const state = { addresses: new Set<string>(), closed: false, listener };
    this.watchers.push(state);
    return {
      add: (addresses) => {
        for (const address of addresses as string[]) state.addresses.add(address);
        return state.addresses.size;
      },
      remove: (addresses) => {
        for (const address of (addresses as string[] | undefined) ?? [...state.addresses])
          state.addresses.delete(address);
        return state.addresses.size;
      },
      get size() {
        return state.addresses.size;
      },
      close: () => {
        state.closed = true;
        state.addresses.clear();
      },
    };
  }

  /** Tells every open watcher the part of `change` about its addresses. */
  emitUtxos(change: UtxosChangedPayload): void {
    for (const watcher of this.watchers) {
      if (watcher.closed) continue;
      const added = change.added.filter((utxo) => watcher.addresses.has(utxo.address));
      const removed = change.removed.filter((utxo) => watcher.addresses.has(utxo.address));
      if (added.length + removed.length > 0) watcher.listener({ added, removed });
    }
  }

  openWatchers(): Set<string>[] {
    return this.watchers.filter((watcher) => !watcher.closed).map((watcher) => watcher.addresses);
  }

  on<E extends BroadcastEvent>(event: E, listener: (payload: NotificationMap[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends BroadcastEvent>(event: E, payload: NotificationMap[E]): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (payload: NotificationMap[E]) => void)(payload);
  }

  listening(event: BroadcastEvent): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }
}

/** An unspent output of `address` for utxosChanged payloads. */
function utxo(address: string, i: number): NotificationMap['utxosChanged']['added'][number] {
  return {
    address,
    outpoint: `${i.toString(16).padStart(64, '0')}:0`,
    amount: '1',
    scriptPublicKey: '0000',
    blockDaaScore: i,
    isCoinbase: false,
  };
}

function blockAdded(i: number, parents: string[] = []): NotificationMap['blockAdded'] {
  return {
    hash: i.toString(16).padStart(64, '0'),
    blueScore: i,
    daaScore: i,
    timestamp: i,
    parents,
    transactionCount: 1,
  };
}

describe('WsRpcServer on a scripted source', () => {
  let rpc: RpcServer;
  let server: WsRpcServer;
  const source = new ScriptedSource();
  /** Calls to getInfo wait here until the test lets them go. */
  let releaseInfo: (() => void) | undefined;
  const handlers = {
    async getInfo() {
      await new Promise<void>((resolve) => {
        releaseInfo = resolve;
      });
      return { network: 'scripted' };
    },
  } as unknown as ApiHandlers;

  before(async () => {
    rpc = await RpcServer.listen(handlers, 0);
    server = WsRpcServer.attach(rpc, handlers, source, { windowMs: 50, maxBufferedBytes: 1024 * 1024 });
  });
  after(() => rpc.close());

  it('sends a burst as one frame: every blockAdded in order, one coalesced score with the last value', async () => {
    const { socket, frames } = await rawClient(server.url, rpc.token);
    try {
      for (const [id, event] of [
        [1, 'blockAdded'],
        [2, 'sinkBlueScoreChanged'],
      ] as const)
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'subscribe', params: { event } }));
      await replyTo(frames, 2);
      const before = frames.length;
      for (let i = 1; i <= 999; i++) {
        source.emit('blockAdded', blockAdded(i));
        source.emit('sinkBlueScoreChanged', { sinkBlueScore: i });
        source.emit('mempoolChanged', { size: i }); // nobody subscribed: never sent
      }
      await until('the burst', () => (frames.length > before ? true : undefined), 5_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(frames.length, before + 1, 'one frame');
      const batch = frames.at(-1) as {
        params: { event: string; payload: { hash?: string; sinkBlueScore?: number } };
      }[];
      assert.equal(batch.length, 1000);
      assert.deepEqual(
        batch.slice(0, 999).map((item) => item.params.payload.hash),
        Array.from({ length: 999 }, (_, i) => blockAdded(i + 1).hash),
      );
      assert.deepEqual(batch[999], {
        jsonrpc: '2.0',
        method: 'notify',
        params: { event: 'sinkBlueScoreChanged', payload: { sinkBlueScore: 999 } },
      });
    } finally {
      socket.close();
    }
    await until('the source to be let go', () => (source.listening('blockAdded') ? undefined : true), 5_000);
  });

  it('sends a new subscriber only what happened after it subscribed', async () => {
    const early = await rawClient(server.url, rpc.token);
    const late = await rawClient(server.url, rpc.token);
    try {
      const subscribe = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { event: 'blockAdded' } });
      early.socket.send(subscribe);
      await replyTo(early.frames, 1);
      source.emit('blockAdded', blockAdded(1)); // opens a window
      late.socket.send(subscribe);
      await replyTo(late.frames, 1);
      source.emit('blockAdded', blockAdded(2)); // same window
      await until('the window', () => (early.frames.length > 1 && late.frames.length > 1 ? true : undefined), 5_000);
      const hashes = (frames: unknown[]) =>
        frames.slice(1).flatMap((frame) => (Array.isArray(frame) ? frame : [frame]).map((n) => n.params.payload.hash));
      assert.deepEqual(hashes(early.frames), [blockAdded(1).hash, blockAdded(2).hash]);
      assert.deepEqual(hashes(late.frames), [blockAdded(2).hash]);
    } finally {
      early.socket.close();
      late.socket.close();
    }
  });

  it('cuts off a client that does not read instead of buffering for it', async () => {
    // A raw TCP client: it completes the handshake, then never reads another byte.
    const socket = netConnect(rpc.port, '127.0.0.1');
    const upgraded = new Promise<void>((resolve, reject) => {
      socket.once('data', (data) =>
        data.toString().startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(String(data))),
      );
      socket.once('error', reject);
    });
    const subscribe = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { event: 'blockAdded' } });
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${rpc.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
        `Sec-WebSocket-Protocol: ${protocols(rpc.token)}\r\n\r\n`,
    );
    await upgraded;
    socket.pause();
    // One masked text frame (client frames must be masked; a zero mask keeps the bytes as they are).
    const body = Buffer.from(subscribe);
    assert.ok(body.length < 126, 'fits the one-byte length form');
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | body.length, 0, 0, 0, 0]), body]));
    await until('the subscription', () => (source.listening('blockAdded') ? true : undefined), 5_000);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const parents = Array.from({ length: 4000 }, (_, i) => i.toString(16).padStart(64, '0'));
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 10; i++) source.emit('blockAdded', blockAdded(++sent, parents));
    }, 5);
    try {
      await until('the server to cut the reader off', () => (server.connectionCount === 0 ? true : undefined), 20_000);
    } finally {
      clearInterval(pump);
    }
    const megabytes = (sent * parents.length * 67) / 1024 / 1024;
    assert.ok(megabytes < 500, `cut off after ${Math.round(megabytes)} MiB were offered`);
    socket.resume(); // drain what the kernel holds, so the close arrives
    await closed;
    await until('the source to be let go', () => (source.listening('blockAdded') ? undefined : true), 5_000);
  });

  it('reconnects after a dropped connection, subscribes again, and fails the calls that were on the wire', async () => {
    const client = await WebSocketNodeClient.connect(server.url, rpc.token, {
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 },
    });
    const states: NodeClientState[] = [];
    client.onStateChange((state) => states.push(state));
    const hashes: string[] = [];
    const subscription = client.subscribe('blockAdded', ({ hash }) => hashes.push(hash));
    await subscription.ready;
    const onTheWire = client.call('getInfo', {});
    await until('the call to reach the handler', () => releaseInfo, 5_000);
    releaseInfo = undefined;
    server.dropConnections();
    await assert.rejects(onTheWire, (error) => error instanceof NodeClientError && error.code === 'CONNECTION_LOST');
    await until('the client to reconnect', () => (client.state === 'open' ? true : undefined), 5_000);
    await until('the subscription to return', () => (source.listening('blockAdded') ? true : undefined), 5_000);
    source.emit('blockAdded', blockAdded(7));
    await until('the notification', () => (hashes.length ? true : undefined), 5_000);
    assert.deepEqual(hashes, [blockAdded(7).hash]);
    assert.deepEqual(states, ['connecting', 'open']);

    // A call made while reconnecting waits for the connection and is answered.
    let queued: Promise<unknown> | undefined;
    const off = client.onStateChange((state) => {
      if (state === 'connecting') queued = client.call('getInfo', {});
    });
    server.dropConnections();
    await until('reconnecting', () => (queued ? true : undefined), 5_000);
    off();
    const release = await until('the queued call to reach the handler', () => releaseInfo, 5_000);
    release();
    assert.deepEqual(await queued, { network: 'scripted' });
    client.close();
  });

  it('subscribes again after a reconnect with the same addresses, and hands each listener its own', async () => {
    const client = await WebSocketNodeClient.connect(server.url, rpc.token, {
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 },
    });
    try {
      const forAB: NotificationMap['utxosChanged'][] = [];
      const forC: NotificationMap['utxosChanged'][] = [];
      const ab = client.subscribe('utxosChanged', (change) => forAB.push(change), { addresses: ['a', 'b'] });
      const c = client.subscribe('utxosChanged', (change) => forC.push(change), { addresses: ['c'] });
      await Promise.all([ab.ready, c.ready]);
      assert.deepEqual(source.openWatchers(), [new Set(['a', 'b', 'c'])], 'one watcher per connection');
      const states: NodeClientState[] = [];
      client.onStateChange((state) => states.push(state));
      server.dropConnections();
      await until('the client to reconnect', () => (states.includes('open') ? true : undefined), 5_000);
      assert.deepEqual(states, ['connecting', 'open']);
      await until('the addresses to be watched again', () =>
        source.openWatchers().length === 1 && source.openWatchers()[0]?.size === 3 ? true : undefined,
      );
      assert.deepEqual(source.openWatchers(), [new Set(['a', 'b', 'c'])]);
      source.emitUtxos({ added: [utxo('a', 1), utxo('c', 2), utxo('z', 3)], removed: [utxo('b', 4)] });
      await until('the change', () => (forAB.length && forC.length ? true : undefined), 5_000);
      assert.deepEqual(forAB, [{ added: [utxo('a', 1)], removed: [utxo('b', 4)] }]);
      assert.deepEqual(forC, [{ added: [utxo('c', 2)], removed: [] }]);
      // The last listener of an address lets it go; the last of all, the subscription.
      ab();
      await until('a and b to go', () => (source.openWatchers()[0]?.size === 1 ? true : undefined), 5_000);
      assert.deepEqual(source.openWatchers(), [new Set(['c'])]);
      c();
      await until('the watcher to close', () => (source.openWatchers().length === 0 ? true : undefined), 5_000);
    } finally {
      client.close();
    }
  });

  it('times a call out with TIMEOUT', async () => {
    const client = await WebSocketNodeClient.connect(server.url, rpc.token, { callTimeoutMs: 50 });
    try {
      await assert.rejects(
        client.call('getInfo', {}),
        (error) => error instanceof NodeClientError && error.code === 'TIMEOUT',
      );
    } finally {
      releaseInfo?.();
      client.close();
    }
  });

  it('gives up reconnecting after maxAttempts when nothing listens any more', async () => {
    const lonelyRpc = await RpcServer.listen(handlers, 0);
    const lonely = WsRpcServer.attach(lonelyRpc, handlers, new ScriptedSource());
    const client = await WebSocketNodeClient.connect(lonely.url, lonelyRpc.token, {
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 },
    });
    const states: NodeClientState[] = [];
    client.onStateChange((state) => states.push(state));
    lonely.dropConnections();
    await lonelyRpc.close();
    await until('the client to give up', () => (client.state === 'closed' ? true : undefined), 5_000);
    assert.deepEqual(states, ['connecting', 'closed']);
    await assert.rejects(
      client.call('getInfo', {}),
      (error) => error instanceof NodeClientError && error.code === 'NODE_UNREACHABLE',
    );
  });
});
