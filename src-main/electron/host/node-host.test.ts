/**
 * The node's host process for real: node-host-process.ts forked as a Node child (Electron's
 * utilityProcess differs only in the port, which the entry abstracts), supervised by main's
 * NodeHostSupervisor, talked to over the WebSocket with the token it reports.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { WebSocketNodeClient } from '../../../src-shared/node-client.ts';
import { ENDPOINT_FILE } from '../../node/api/node-endpoint.ts';
import { DagwalletNode } from '../../node/node.ts';
import type { HostToMainMessage } from './node-host-protocol.ts';
import { hostConfig, NodeHostError, parseHostArgs, runNodeHost } from './node-host.ts';
import { type HostChild, NodeHostSupervisor, NodeHostSupervisorError } from './node-host-supervisor.ts';

const HOST_ENTRY = fileURLToPath(new URL('../node-host-process.ts', import.meta.url));
const SIMNET_CONFIG = { network: 'simnet', listen: [], mdns: false };

const folders: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function dataDir(config: unknown = SIMNET_CONFIG): string {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-host-'));
  folders.push(dir);
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

/** The host forked as main would, with the supervisor over the child's IPC channel. */
function startHost(args: string[]): { child: ChildProcess; supervisor: NodeHostSupervisor; stderr: () => string } {
  const child = fork(HOST_ENTRY, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const adapter: HostChild = {
    postMessage: (message) => child.send(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
  return { child, supervisor: new NodeHostSupervisor(adapter), stderr: () => stderr };
}

describe('the node host process', () => {
  it('starts the node, hands main its WebSocket and token, and closes it cleanly when asked', async () => {
    const dir = dataDir();
    const { supervisor, stderr } = startHost(['--data-dir', dir]);
    const ready = await supervisor.ready.catch((error: unknown) => {
      throw new Error(`${error}\n${stderr()}`);
    });
    assert.match(ready.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    assert.doesNotMatch(ready.wsUrl, /:17510\//, 'the API takes a free port, not the configured one');
    assert.match(ready.token, /^[0-9a-f]{32,}$/);
    assert.equal(ready.dir, join(dir, 'simnet'));
    const client = await WebSocketNodeClient.connect(ready.wsUrl, ready.token);
    const info = await client.call('getInfo', {});
    assert.equal(info.network, 'dagwallet-simnet');
    assert.ok(existsSync(join(ready.dir, ENDPOINT_FILE)));

    assert.equal(await supervisor.stop(15_000), 'closed');
    assert.deepEqual(supervisor.exit, { code: 0, expected: true, closedCleanly: true });
    // The node said goodbye to its clients, removed its endpoint and let go of the folder.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.state, 'closed');
    assert.equal(existsSync(join(ready.dir, ENDPOINT_FILE)), false);
    assert.equal(existsSync(join(ready.dir, 'node.lock')), false);
    assert.equal(await supervisor.stop(), 'closed', 'stopping twice is harmless');

    // The store closed cleanly: the same folder starts again at once.
    const again = startHost(['--data-dir', dir]);
    await again.supervisor.ready;
    assert.equal(await again.supervisor.stop(15_000), 'closed');
  });

  it('closes the node cleanly on SIGTERM too', async () => {
    const dir = dataDir();
    const { child, supervisor } = startHost(['--data-dir', dir]);
    const messages: string[] = [];
    child.on('message', (message) => messages.push((message as HostToMainMessage).type));
    const ready = await supervisor.ready;
    const exited = new Promise<number | null>((resolve) => supervisor.onExit((exit) => resolve(exit.code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(messages, ['ready', 'closed']);
    assert.equal(supervisor.exit?.expected, false, 'main did not ask for it');
    assert.equal(supervisor.exit?.closedCleanly, true);
    assert.equal(existsSync(join(ready.dir, 'node.lock')), false);
  });

  it('closes the node cleanly when an API client calls shutDown', async () => {
    const dir = dataDir();
    const { child, supervisor } = startHost(['--data-dir', dir]);
    const messages: string[] = [];
    child.on('message', (message) => messages.push((message as HostToMainMessage).type));
    const ready = await supervisor.ready;
    const exited = new Promise<number | null>((resolve) => supervisor.onExit((exit) => resolve(exit.code)));
    const client = await WebSocketNodeClient.connect(ready.wsUrl, ready.token);
    assert.deepEqual(await client.call('shutDown', {}), { shuttingDown: true });
    assert.equal(await exited, 0);
    client.close();
    assert.deepEqual(messages, ['ready', 'closed']);
    assert.equal(supervisor.exit?.closedCleanly, true);
    assert.equal(existsSync(join(ready.dir, 'node.lock')), false);
  });

  it('reports why the node could not start, then exits', async () => {
    const cases: [string[], string][] = [
      [['--data-dir', dataDir('{"network": "mainnet-of-dreams"}')], 'BAD_CONFIG'],
      [['--data-dir', dataDir('not json')], 'BAD_CONFIG'],
      [['--data-dir', dataDir(), '--verbose'], 'BAD_ARGS'],
    ];
    for (const [args, hostCode] of cases) {
      const { supervisor } = startHost(args);
      const exited = new Promise((resolve) => supervisor.onExit(resolve));
      await assert.rejects(
        supervisor.ready,
        (error) =>
          error instanceof NodeHostSupervisorError && error.code === 'START_FAILED' && error.hostCode === hostCode,
      );
      await exited;
      assert.equal(supervisor.exit?.code, 1);
      assert.equal(await supervisor.stop(5_000), 'already-exited');
    }
  });

  it('refuses a data folder another node is using', async () => {
    const dir = dataDir();
    const first = startHost(['--data-dir', dir]);
    await first.supervisor.ready;
    const second = startHost(['--data-dir', dir]);
    await assert.rejects(
      second.supervisor.ready,
      (error) => error instanceof NodeHostSupervisorError && error.hostCode === 'ALREADY_RUNNING',
    );
    assert.equal(await first.supervisor.stop(15_000), 'closed');
  });
});

describe('runNodeHost', () => {
  it('closes the node that was still starting when main asked, and never reports it ready', async () => {
    const dir = dataDir();
    const posted: HostToMainMessage[] = [];
    let deliver!: (message: unknown) => void;
    let started: DagwalletNode | undefined;
    const exitCode = runNodeHost(
      { post: (message) => posted.push(message), onMessage: (listener) => (deliver = listener) },
      {
        args: ['--data-dir', dir],
        version: 'test',
        exit: () => {},
        onSignal: () => {},
        log: () => {},
        startNode: async (config, version) => {
          deliver({ type: 'close' }); // main quits while the store opens
          started = await DagwalletNode.start(config, { version });
          return started;
        },
      },
    );
    assert.equal(await exitCode, 0);
    assert.deepEqual(posted, [{ type: 'closed' }]);
    assert.ok(started);
    assert.equal(existsSync(join(started.dir, 'node.lock')), false);
  });

  it('parses only --data-dir, and always serves the API on a free port', () => {
    assert.deepEqual(parseHostArgs([]), {});
    assert.deepEqual(parseHostArgs(['--data-dir', '/x']), { dataDir: '/x' });
    assert.throws(
      () => parseHostArgs(['--data-dir']),
      (error) => error instanceof NodeHostError,
    );
    assert.throws(
      () => parseHostArgs(['--rpc-port', '1']),
      (error) => error instanceof NodeHostError,
    );
    const dir = dataDir({ ...SIMNET_CONFIG, rpcPort: 17_999 });
    const config = hostConfig(['--data-dir', dir]);
    assert.equal(config.rpcPort, 0);
    assert.deepEqual(config.mqtt, { broker: 'embedded', port: 0 }, 'the embedded MQTT broker too');
    assert.equal(config.network, 'simnet');
    assert.equal(config.dataDir, dir);
  });
});

describe('NodeHostSupervisor', () => {
  /** A process that does what the test says, and records what it is told. */
  function fakeChild() {
    const sent: unknown[] = [];
    let onMessage: (message: unknown) => void = () => {};
    let onExit: (code: number | null) => void = () => {};
    let killed = false;
    const child: HostChild = {
      postMessage: (message) => sent.push(message),
      onMessage: (listener) => (onMessage = listener),
      onExit: (listener) => (onExit = listener),
      kill: () => {
        killed = true;
        setImmediate(() => onExit(null));
      },
    };
    return {
      child,
      sent,
      say: (message: unknown) => onMessage(message),
      exit: (code: number | null) => onExit(code),
      killed: () => killed,
    };
  }

  it('kills a host that does not close within the bound', async () => {
    const fake = fakeChild();
    const supervisor = new NodeHostSupervisor(fake.child);
    fake.say({ type: 'ready', wsUrl: 'ws://127.0.0.1:1/ws', token: 'ab', network: 'n', dir: '/d' });
    await supervisor.ready;
    const started = performance.now();
    assert.equal(await supervisor.stop(100), 'killed');
    assert.ok(performance.now() - started >= 95);
    assert.deepEqual(fake.sent, [{ type: 'close' }]);
    assert.ok(fake.killed());
    assert.deepEqual(supervisor.exit, { code: null, expected: true, closedCleanly: false });
  });

  it('tells a crash from a clean close, and a failed close from both', async () => {
    const crashed = fakeChild();
    const crashing = new NodeHostSupervisor(crashed.child);
    const exits: unknown[] = [];
    crashing.onExit((exit) => exits.push(exit));
    crashed.exit(134);
    await assert.rejects(
      crashing.ready,
      (error) => error instanceof NodeHostSupervisorError && error.code === 'EXITED',
    );
    assert.deepEqual(exits, [{ code: 134, expected: false, closedCleanly: false }]);
    assert.equal(await crashing.stop(), 'already-exited');

    const failing = fakeChild();
    const supervisor = new NodeHostSupervisor(failing.child);
    const stopping = supervisor.stop(5_000);
    failing.say({ type: 'failed', code: 'CLOSE_FAILED', message: 'disk gone' });
    failing.exit(1);
    assert.equal(await stopping, 'failed');
  });

  it('ignores messages that are not the protocol', async () => {
    const fake = fakeChild();
    const supervisor = new NodeHostSupervisor(fake.child);
    for (const junk of [null, 'ready', { type: 'ready' }, { type: 'ready', wsUrl: 1 }, { type: 'failed', code: 3 }])
      fake.say(junk);
    fake.say({ type: 'ready', wsUrl: 'ws://x/ws', token: 't', network: 'n', dir: '/d' });
    assert.equal((await supervisor.ready).wsUrl, 'ws://x/ws');
  });
});
