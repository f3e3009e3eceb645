/**
 * The IPC transport end to end, in Node: IpcNodeClient → the preload's bridge (through a
 * contextBridge-like copy) → an in-memory ipcRenderer/ipcMain pair (structuredClone per message)
 * → IpcBridgeHost → a WebSocketNodeClient → a real simnet node. It passes the same contract as
 * the WebSocket transport, and main refuses what it must without the node noticing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  IPC_CHANNELS,
  IPC_REFUSED,
  type IpcBridge,
  IpcNodeClient,
  IpcRefusedError,
  type IpcResult,
} from '../../../src-shared/ipc-node-client.ts';
import { type NodeClient, NodeClientError, RemoteError, WebSocketNodeClient } from '../../../src-shared/node-client.ts';
import { ENDPOINT_FILE, type NodeEndpoint } from '../../node/api/node-endpoint.ts';
import type { DagwalletNode } from '../../node/node.ts';
import { runNodeClientContract, startContractNode } from '../../node/test-support/node-client-contract.ts';
import { until } from '../../node/test-support/p2p-nodes.ts';
import { mineSimnetBlock } from '../../node/test-support/simnet.ts';
import { testAddress, testKey } from '../../node/test-support/test-keys.ts';
import { createIpcBridge } from '../preload-bridge.ts';
import { APP_PAGE_URL, APP_URL_PREFIX } from '../security-policy.ts';
import { InMemoryIpcMain, InMemoryRenderer, throughContextBridge } from '../test-support/in-memory-ipc.ts';
import { IpcBridgeHost } from './ipc-bridge-host.ts';
import { MAX_PARAMS_CHARS } from './ipc-validation.ts';

function tokenOf(node: DagwalletNode): string {
  return (JSON.parse(readFileSync(join(node.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint).token;
}

/** Main's side as main.ts builds it, and one window's renderer. */
interface Desktop {
  ipcMain: InMemoryIpcMain;
  bridgeHost: IpcBridgeHost;
  renderer: InMemoryRenderer;
  /** What the preload exposes, as the page sees it. */
  bridge: IpcBridge;
  refusals: string[];
}

const desktops: Desktop[] = [];
const mainClients: NodeClient[] = [];

function desktop(client: NodeClient | Promise<NodeClient>, options: { startWaitMs?: number } = {}): Desktop {
  const ipcMain = new InMemoryIpcMain();
  const refusals: string[] = [];
  const bridgeHost = new IpcBridgeHost({
    ipcMain,
    client,
    appUrl: APP_URL_PREFIX,
    onRefusal: (refusal) => refusals.push(refusal.code),
    ...options,
  });
  const renderer = new InMemoryRenderer(ipcMain, APP_PAGE_URL);
  const bridge = throughContextBridge(createIpcBridge(renderer.ipcRenderer));
  const made = { ipcMain, bridgeHost, renderer, bridge, refusals };
  desktops.push(made);
  return made;
}

async function mainClientOf(node: DagwalletNode): Promise<WebSocketNodeClient> {
  if (!node.wsUrl) throw new Error('the node serves no WebSocket API');
  const client = await WebSocketNodeClient.connect(node.wsUrl, tokenOf(node));
  mainClients.push(client);
  return client;
}

after(() => {
  for (const { bridgeHost } of desktops) bridgeHost.dispose();
  for (const client of mainClients) client.close();
});

runNodeClientContract('IpcNodeClient over Electron-like IPC, main bridging to the WebSocket', async (node) => {
  const { bridge } = desktop(mainClientOf(node));
  return new IpcNodeClient(bridge);
});

/** A raw request from the renderer, as a subverted page could send it. */
function invoke(d: Desktop, channel: string, ...args: unknown[]): Promise<IpcResult<unknown>> {
  return d.renderer.ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<unknown>>;
}

function assertRefused(reply: IpcResult<unknown>, reason: string): void {
  assert.equal(reply.ok, false, `expected a refusal, got ${JSON.stringify(reply).slice(0, 200)}`);
  if (reply.ok) return;
  assert.equal(reply.error.code, IPC_REFUSED);
  assert.equal(reply.error.reason, reason, reply.error.message);
  assert.equal(reply.error.remote, true);
}

describe('IpcBridgeHost checks every request before the node sees it', () => {
  let node: DagwalletNode;
  let d: Desktop;

  before(async () => {
    node = await startContractNode();
    d = desktop(await mainClientOf(node));
  });

  after(async () => {
    await node.close();
  });

  /** The node still answers, and nothing reached it that changed its state. */
  async function nodeUnharmed(blockCount: number): Promise<void> {
    const reply = await invoke(d, IPC_CHANNELS.call, 'getInfo', {});
    assert.ok(reply.ok);
    assert.equal((reply.result as { blockCount: number }).blockCount, blockCount);
    assert.equal(node.consensus.blockCount(), blockCount);
  }

  it('refuses unknown methods, including the names every object has', async () => {
    const blocks = node.consensus.blockCount();
    for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'subscribe', 'evil', '', 42, null])
      assertRefused(await invoke(d, IPC_CHANNELS.call, method, {}), 'UNKNOWN_METHOD');
    await nodeUnharmed(blocks);
  });

  it('refuses fields of the wrong type, length or range, unknown fields and missing ones', async () => {
    const blocks = node.consensus.blockCount();
    const cases: [string, unknown][] = [
      ['getHistory', { scripts: 'not a list' }],
      ['getHistory', { scripts: [], limit: 0 }],
      ['getHistory', { scripts: [], limit: 1.5 }],
      ['getHistory', { scripts: [], limit: '10' }],
      ['getUtxosByScripts', { scripts: [42] }],
      ['getUtxosByScripts', { scripts: ['00'] }],
      ['getUtxosByScripts', {}],
      ['submitBlock', { block: 'zz' }],
      ['submitBlock', { block: 'abc' }],
      ['submitTransaction', { transaction: 'AB' }],
      ['startMining', { address: 'x', threads: 1000 }],
      ['startMining', { address: '' }],
      ['getInfo', { extra: true }],
      ['walletUnlock', { password: 12345 }],
      ['walletUnlock', { password: 'x'.repeat(1025) }],
      ['walletCreate', { password: 'pw', quiz: [{ position: 25, word: 'abandon' }] }],
      ['walletCreate', { password: 'pw', quiz: [{ position: 1 }] }],
      ['walletSend', { to: 'x', amount: '-5', password: 'pw' }],
      ['walletPlanSend', { to: 'x', amount: '1', feeRate: Number.NaN }],
      ['getRecentBlocks', { limit: 201 }],
      ['updateSettings', { rpcPort: 70_000 }],
      ['updateSettings', { mining: { address: null } }],
      ['updateSettings', { mdns: 'yes' }],
      ['ban', { peerId: 'p', durationMs: -1 }],
    ];
    for (const [method, params] of cases) {
      const reply = await invoke(d, IPC_CHANNELS.call, method, params);
      if (!reply.ok && reply.error.reason === 'BAD_REQUEST') continue; // NaN: not JSON at all
      assertRefused(reply, 'BAD_PARAMS');
    }
    await nodeUnharmed(blocks);
  });

  it('refuses params that are not a plain JSON object, too large or too deep', async () => {
    const blocks = node.consensus.blockCount();
    const nested: Record<string, unknown> = {};
    let level = nested;
    for (let i = 0; i < 20; i++) level = level.next = {};
    const cases: unknown[] = [
      undefined,
      null,
      'params',
      [1, 2],
      new Map([['scripts', []]]),
      { scripts: new Set() },
      { hash: new Uint8Array(32) },
      { query: new Date() },
      { transaction: 'ab'.repeat(MAX_PARAMS_CHARS) },
      nested,
    ];
    for (const params of cases)
      assertRefused(await invoke(d, IPC_CHANNELS.call, 'submitTransaction', params), 'BAD_REQUEST');
    // A block of 5 MiB: more than any the UI sends, refused before the node decodes a byte of it.
    assertRefused(
      await invoke(d, IPC_CHANNELS.call, 'submitBlock', { block: '00'.repeat(5 * 512 * 1024) }),
      'BAD_REQUEST',
    );
    // Too many or too few arguments.
    assertRefused(await invoke(d, IPC_CHANNELS.call, 'getInfo'), 'BAD_REQUEST');
    assertRefused(await invoke(d, IPC_CHANNELS.call, 'getInfo', {}, 'more'), 'BAD_REQUEST');
    await nodeUnharmed(blocks);
  });

  it('refuses a foreign page, a subframe and a destroyed frame, on every channel', async () => {
    const blocks = node.consensus.blockCount();
    const foreign = desktop(Promise.resolve(mainClients.at(-1) as NodeClient));
    const frames = [
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'app://dagwallet.evil/index.html', parent: null },
      { url: APP_PAGE_URL, parent: { url: APP_PAGE_URL } },
    ];
    for (const frame of frames) {
      foreign.renderer.frame = frame;
      assertRefused(await invoke(foreign, IPC_CHANNELS.call, 'getInfo', {}), 'UNAUTHORIZED');
      assertRefused(await invoke(foreign, IPC_CHANNELS.subscribe, 'blockAdded'), 'UNAUTHORIZED');
      assertRefused(await invoke(foreign, IPC_CHANNELS.unsubscribe, 'blockAdded'), 'UNAUTHORIZED');
      assertRefused(await invoke(foreign, IPC_CHANNELS.connection), 'UNAUTHORIZED');
    }
    foreign.renderer.frame = null;
    assertRefused(await invoke(foreign, IPC_CHANNELS.call, 'getInfo', {}), 'UNAUTHORIZED');
    // Every refusal is reported to main's log.
    assert.equal(foreign.refusals.length, 4 * frames.length + 1);
    await addBlock(node);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await nodeUnharmed(blocks + 1);
  });

  it('refuses unknown events', async () => {
    for (const event of ['nope', 'constructor', '', 7])
      assertRefused(await invoke(d, IPC_CHANNELS.subscribe, event), 'BAD_PARAMS');
    assertRefused(await invoke(d, IPC_CHANNELS.unsubscribe, 'nope'), 'BAD_PARAMS');
  });

  it('refuses subscription options other than utxosChanged addresses', async () => {
    const address = testAddress(testKey('ipc-watcher'));
    const badParams: unknown[][] = [
      ['blockAdded', { addresses: [address] }],
      ['utxosChanged'],
      ['utxosChanged', {}],
      ['utxosChanged', { addresses: [] }],
      ['utxosChanged', { addresses: address }],
      ['utxosChanged', { addresses: [42] }],
      ['utxosChanged', { addresses: ['x'.repeat(201)] }],
      ['utxosChanged', { addresses: Array.from({ length: 10_001 }, () => address) }],
      ['utxosChanged', { addresses: [address], extra: 1 }],
      ['utxosChanged', 'options'],
    ];
    for (const args of badParams) assertRefused(await invoke(d, IPC_CHANNELS.subscribe, ...args), 'BAD_PARAMS');
    assertRefused(await invoke(d, IPC_CHANNELS.unsubscribe, 'utxosChanged', { addresses: 'all' }), 'BAD_PARAMS');
    assertRefused(
      await invoke(d, IPC_CHANNELS.subscribe, 'utxosChanged', { addresses: [address] }, 'more'),
      'BAD_REQUEST',
    );
    // The node's own check (an address of this network) comes back as the node's refusal.
    const reply = await invoke(d, IPC_CHANNELS.subscribe, 'utxosChanged', { addresses: ['dagsim:nope'] });
    assert.ok(!reply.ok && reply.error.code === 'BAD_PARAMS' && reply.error.remote, JSON.stringify(reply));
    assert.match(reply.ok ? '' : reply.error.message, /addresses\[0\]/);
  });

  it('lets the page tell a refusal from main apart, with the code the node would have used', async () => {
    const client = new IpcNodeClient(d.bridge);
    await until('open', () => (client.state === 'open' ? true : undefined));
    const refused = await client.call('getRecentBlocks', { limit: 10_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof IpcRefusedError);
    assert.ok(refused instanceof RemoteError);
    assert.equal(refused.code, 'BAD_PARAMS');
    assert.match(refused.message, /limit/);
    await assert.rejects(
      client.subscribe('nope' as 'blockAdded', () => {}).ready,
      (error) => error instanceof RemoteError && error.code === 'BAD_PARAMS',
    );
    // An error the node itself answers with stays a plain RemoteError.
    const remote = await client.call('getBlock', { hash: '00'.repeat(32) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(remote instanceof RemoteError && !(remote instanceof IpcRefusedError), String(remote));
    client.close();
  });
});

async function addBlock(node: DagwalletNode): Promise<string> {
  const outcome = await node.submitBlock(mineSimnetBlock(node.consensus), 'local');
  assert.equal(outcome.status, 'accepted');
  return outcome.hash;
}

describe('IpcBridgeHost delivery and lifecycle', () => {
  it('forwards a WebSocket frame of notifications as one IPC message, in order', async () => {
    const node = await startContractNode();
    try {
      const d = desktop(await mainClientOf(node));
      const batches: number[] = [];
      d.renderer.ipcRenderer.on(IPC_CHANNELS.notifications, (_event, batch) =>
        batches.push((batch as unknown[]).length),
      );
      const client = new IpcNodeClient(d.bridge);
      const hashes: string[] = [];
      const subscription = client.subscribe('blockAdded', ({ hash }) => hashes.push(hash));
      await subscription.ready;
      const submitted: string[] = [];
      for (let i = 0; i < 40; i++) submitted.push(await addBlock(node));
      await until('40 blocks', () => (hashes.length === 40 ? true : undefined), 10_000);
      assert.deepEqual(hashes, submitted);
      assert.equal(
        batches.reduce((sum, size) => sum + size, 0),
        40,
      );
      assert.ok(batches.length < 40, `${batches.length} IPC messages for 40 notifications: not batched`);
      client.close();
    } finally {
      await node.close();
    }
  });

  it('says connecting while the node starts, answers calls once it is up', async () => {
    const node = await startContractNode();
    try {
      let attach!: (client: NodeClient) => void;
      const d = desktop(new Promise<NodeClient>((resolve) => (attach = resolve)));
      const client = new IpcNodeClient(d.bridge);
      const states: string[] = [];
      client.onStateChange((state) => states.push(state));
      const early = client.call('getInfo', {});
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(client.state, 'connecting');
      attach(await mainClientOf(node));
      assert.equal((await early).network, node.params.name);
      assert.equal(client.state, 'open');
      assert.deepEqual(states, ['open']);
      client.close();
    } finally {
      await node.close();
    }
  });

  it('closes with the reason when the node never comes up, and calls say so', async () => {
    const d = desktop(Promise.reject(new NodeClientError('NODE_UNREACHABLE', 'the node could not start: disk full')));
    const client = new IpcNodeClient(d.bridge);
    await until('closed', () => (client.state === 'closed' ? true : undefined));
    await assert.rejects(
      client.call('getInfo', {}),
      (error) =>
        error instanceof NodeClientError && error.code === 'NODE_UNREACHABLE' && /disk full/.test(error.message),
    );
    // The same from a page that connects later.
    const reply = await d.bridge.connection();
    assert.ok(reply.ok);
    assert.equal(reply.result.state, 'closed');
    assert.equal(reply.result.error?.code, 'NODE_UNREACHABLE');
  });

  it('gives up waiting for a node that takes too long to start, with TIMEOUT', async () => {
    const d = desktop(new Promise<NodeClient>(() => {}), { startWaitMs: 50 });
    const client = new IpcNodeClient(d.bridge);
    await assert.rejects(
      client.call('getInfo', {}),
      (error) => error instanceof NodeClientError && error.code === 'TIMEOUT',
    );
    assert.equal(client.state, 'connecting');
    client.close();
  });

  it("lets go of a window's subscriptions when it is destroyed or reloads, and of a closed client's", async () => {
    const node = await startContractNode();
    try {
      const main = await mainClientOf(node);
      const active = new Map<string, number>();
      // Main's client, counting the node subscriptions main holds per event.
      const counting: NodeClient = {
        get state() {
          return main.state;
        },
        call: (method, params) => main.call(method, params),
        onStateChange: (listener) => main.onStateChange(listener),
        close: () => main.close(),
        subscribe(event, listener, ...options) {
          active.set(event, (active.get(event) ?? 0) + 1);
          const subscription = main.subscribe(event, listener, ...options);
          let done = false;
          return Object.assign(
            () => {
              if (!done) active.set(event, (active.get(event) ?? 0) - 1);
              done = true;
              subscription();
            },
            { ready: subscription.ready },
          );
        },
      };
      const d = desktop(counting);
      const first = new IpcNodeClient(d.bridge);
      await Promise.all([
        first.subscribe('blockAdded', () => {}).ready,
        first.subscribe('blockAdded', () => {}).ready,
        first.subscribe('mempoolChanged', () => {}).ready,
      ]);
      assert.deepEqual(Object.fromEntries(active), { blockAdded: 1, mempoolChanged: 1 });
      first.close();
      await until('the closed client let go', () =>
        active.get('blockAdded') === 0 && active.get('mempoolChanged') === 0 ? true : undefined,
      );
      assert.equal(d.renderer.listenerCount(IPC_CHANNELS.notifications), 0);
      assert.equal(d.renderer.listenerCount(IPC_CHANNELS.connectionChanged), 0);

      const second = new IpcNodeClient(d.bridge);
      await second.subscribe('blockAdded', () => {}).ready;
      assert.equal(active.get('blockAdded'), 1);
      // A window's utxosChanged is one subscription of main's, replaced as addresses come and go.
      const [a, b] = [testAddress(testKey('ipc-a')), testAddress(testKey('ipc-b'))];
      const dropA = second.subscribe('utxosChanged', () => {}, { addresses: [a] });
      await dropA.ready;
      await second.subscribe('utxosChanged', () => {}, { addresses: [a, b] }).ready;
      assert.equal(active.get('utxosChanged'), 1);
      dropA(); // b's listener still wants a: nothing changes
      assert.equal(active.get('utxosChanged'), 1);
      d.bridgeHost.releaseSender(d.renderer.webContents.id); // the page reloaded
      assert.equal(active.get('blockAdded'), 0);
      assert.equal(active.get('utxosChanged'), 0);

      const third = new IpcNodeClient(d.bridge);
      await third.subscribe('virtualChainChanged', () => {}).ready;
      assert.equal(active.get('virtualChainChanged'), 1);
      d.renderer.webContents.destroy(); // the window closed
      assert.equal(active.get('virtualChainChanged'), 0);
      // Nothing is sent to a destroyed window, and nothing breaks.
      await addBlock(node);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await node.close();
    }
  });

  it('tells the page when main closes the bridge, with the reason', async () => {
    const node = await startContractNode();
    try {
      const d = desktop(await mainClientOf(node));
      const client = new IpcNodeClient(d.bridge);
      await until('open', () => (client.state === 'open' ? true : undefined));
      d.bridgeHost.close(new NodeClientError('NODE_CLOSED', 'dagwallet is quitting'));
      await until('closed', () => (client.state === 'closed' ? true : undefined));
      await assert.rejects(
        client.call('getInfo', {}),
        (error) => error instanceof NodeClientError && error.code === 'NODE_CLOSED' && /quitting/.test(error.message),
      );
    } finally {
      await node.close();
    }
  });
});
