import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IPC_CHANNELS, type IpcConnectionState } from '../../src-shared/ipc-node-client.ts';
import { createIpcBridge } from './preload-bridge.ts';
import { APP_PAGE_URL } from './security-policy.ts';
import { InMemoryIpcMain, InMemoryRenderer } from './test-support/in-memory-ipc.ts';

describe('createIpcBridge (the preload)', () => {
  it('sends each request on its channel with its arguments, and passes the answer on', async () => {
    const ipcMain = new InMemoryIpcMain();
    const seen: unknown[][] = [];
    for (const channel of [
      IPC_CHANNELS.call,
      IPC_CHANNELS.subscribe,
      IPC_CHANNELS.unsubscribe,
      IPC_CHANNELS.connection,
    ])
      ipcMain.handle(channel, (_event, ...args) => {
        seen.push([channel, ...args]);
        return { ok: true, result: channel };
      });
    const bridge = createIpcBridge(new InMemoryRenderer(ipcMain, APP_PAGE_URL).ipcRenderer);
    assert.deepEqual(await bridge.call('getInfo', { a: 1 }), { ok: true, result: IPC_CHANNELS.call });
    await bridge.subscribe('blockAdded');
    await bridge.unsubscribe('blockAdded');
    await bridge.subscribe('utxosChanged', { addresses: ['a'] });
    await bridge.unsubscribe('utxosChanged', { addresses: ['a'] });
    await bridge.connection();
    assert.deepEqual(seen, [
      [IPC_CHANNELS.call, 'getInfo', { a: 1 }],
      [IPC_CHANNELS.subscribe, 'blockAdded'],
      [IPC_CHANNELS.unsubscribe, 'blockAdded'],
      [IPC_CHANNELS.subscribe, 'utxosChanged', { addresses: ['a'] }],
      [IPC_CHANNELS.unsubscribe, 'utxosChanged', { addresses: ['a'] }],
      [IPC_CHANNELS.connection],
    ]);
  });

  it('turns a failed invoke into an answer: an Error would lose its class crossing contextBridge', async () => {
    const bridge = createIpcBridge(new InMemoryRenderer(new InMemoryIpcMain(), APP_PAGE_URL).ipcRenderer);
    const reply = await bridge.call('getInfo', {});
    assert.equal(reply.ok, false);
    assert.ok(!reply.ok && reply.error.code === 'CONNECTION_LOST' && reply.error.remote === false);
  });

  it('hands listeners the message only, never the IPC event, and removes them', async () => {
    const renderer = new InMemoryRenderer(new InMemoryIpcMain(), APP_PAGE_URL);
    const bridge = createIpcBridge(renderer.ipcRenderer);
    const received: unknown[][] = [];
    const off = bridge.onConnection((...args) => received.push(args));
    const update: IpcConnectionState = { state: 'open', seq: 1 };
    renderer.webContents.send(IPC_CHANNELS.connectionChanged, update);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(received, [[update]]);
    off();
    assert.equal(renderer.listenerCount(IPC_CHANNELS.connectionChanged), 0);
    assert.throws(() => bridge.onNotifications('nope' as never), TypeError);
  });
});
