import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveConfig } from '../config/config.ts';
import { createAddress, encodeAddress } from '../consensus/address.ts';
import { DagwalletNode } from '../node.ts';
import { ApiError } from './api-error.ts';
import { hostApiHandlers } from './host-api-handlers.ts';

const wrong = (value: unknown) => value as never;
const badParams = (promise: Promise<unknown>, field: RegExp) =>
  assert.rejects(promise, (error) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, 'BAD_PARAMS');
    assert.match(error.message, field);
    return true;
  });

describe('host API: logs, settings, storage', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-host-api-'));
  const dataDir = join(root, 'data');
  const configPath = join(dataDir, 'config.json');
  let node: DagwalletNode;
  let api: ReturnType<typeof hostApiHandlers>;
  const simnetAddress = encodeAddress(createAddress('dagsim', 0, new Uint8Array(32).fill(3)));
  const devnetAddress = encodeAddress(createAddress('dagdev', 0, new Uint8Array(32).fill(3)));

  before(async () => {
    mkdirSync(dataDir, { recursive: true });
    // A file the user wrote: what the UI does not change must survive.
    writeFileSync(configPath, JSON.stringify({ outboundPeers: 5 }));
    node = await DagwalletNode.start(
      resolveConfig({ network: 'simnet', dataDir, listen: [], mdns: false, mining: { threads: 2 } }),
      { rpc: false, p2p: false },
    );
    api = hostApiHandlers(node);
  });
  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('getLogs: the last lines, or those after a seq, oldest first, within the limits', async () => {
    for (let i = 0; i < 300; i++) node.log.info('node', `test line ${i}`);
    const last = node.log.lastSeq;
    const recent = await api.getLogs({});
    assert.equal(recent.length, 200, 'default limit');
    assert.equal(recent.at(-1)?.seq, last);
    assert.ok(recent.every((line, i) => i === 0 || line.seq === (recent[i - 1]?.seq ?? 0) + 1));
    assert.deepEqual(
      (await api.getLogs({ limit: 2 })).map((line) => line.message),
      ['test line 298', 'test line 299'],
    );
    const after = await api.getLogs({ afterSeq: last - 3 });
    assert.deepEqual(
      after.map((line) => line.seq),
      [last - 2, last - 1, last],
    );
    assert.deepEqual(await api.getLogs({ afterSeq: last }), []);
    assert.equal((await api.getLogs({ limit: 1000 })).length, Math.min(1000, node.log.size));
    await badParams(api.getLogs({ limit: 0 }), /limit/);
    await badParams(api.getLogs({ limit: 1001 }), /limit/);
    await badParams(api.getLogs(wrong({ limit: '5' })), /limit/);
    await badParams(api.getLogs({ afterSeq: -1 }), /afterSeq/);
    await badParams(api.getLogs({ afterSeq: 1.5 }), /afterSeq/);
    await badParams(api.getLogs(wrong([])), /params/);
  });

  it('getSettings: the config the node runs with, the networks and the CPU count', async () => {
    const settings = await api.getSettings({});
    assert.deepEqual(settings, {
      network: 'simnet',
      dataDir,
      rpcPort: node.config.rpcPort,
      listen: [],
      peers: [],
      mdns: false,
      outboundPeers: 5,
      mining: { address: null, threads: 2 },
      networks: ['devnet', 'simnet'],
      cpuCount: availableParallelism(),
    });
  });

  it('updateSettings refuses bad values naming the field, and writes nothing then', async () => {
    const before = readFileSync(configPath, 'utf8');
    await badParams(api.updateSettings({ rpcPort: 70_000 }), /rpcPort/);
    await badParams(api.updateSettings({ outboundPeers: -1 }), /outboundPeers/);
    await badParams(api.updateSettings(wrong({ network: 'mainnet' })), /network/);
    await badParams(api.updateSettings({ dataDir: 'relative/folder' }), /dataDir must be an absolute path/);
    await badParams(api.updateSettings(wrong({ dataDir: '' })), /dataDir/);
    await badParams(api.updateSettings(wrong({ mdns: 'yes' })), /mdns/);
    await badParams(api.updateSettings({ listen: ['/ip4/0.0.0.0/udp/1'] }), /listen\[0\] is not a TCP address/);
    await badParams(api.updateSettings({ peers: ['/ip4/1.2.3.4/tcp/1', 'hello'] }), /peers\[1\] is not a multiaddr/);
    await badParams(api.updateSettings(wrong({ peers: 'x' })), /peers must be a list/);
    await badParams(api.updateSettings(wrong({ mining: { threads: 0 } })), /mining\.threads/);
    await badParams(
      api.updateSettings(wrong({ mining: { address: devnetAddress } })),
      /mining\.address is not a simnet/,
    );
    await badParams(api.updateSettings(wrong({ mining: { speed: 1 } })), /unknown setting 'mining\.speed'/);
    await badParams(api.updateSettings(wrong({ colour: 'blue' })), /unknown setting 'colour'/);
    await badParams(api.updateSettings(wrong({ mining: 3 })), /mining must be an object/);
    assert.equal(readFileSync(configPath, 'utf8'), before);
  });

  it('updateSettings writes config.json atomically, keeps what it was not given, and says a restart is needed', async () => {
    const saved = await api.updateSettings({ rpcPort: 18_000, peers: ['/ip4/10.0.0.9/tcp/17511'] });
    assert.equal(saved.restartRequired, true);
    assert.equal(saved.rpcPort, 18_000);
    assert.deepEqual(saved.peers, ['/ip4/10.0.0.9/tcp/17511']);
    assert.equal(saved.outboundPeers, 5);
    assert.deepEqual(JSON.parse(readFileSync(configPath, 'utf8')), {
      outboundPeers: 5,
      rpcPort: 18_000,
      peers: ['/ip4/10.0.0.9/tcp/17511'],
    });
    assert.deepEqual(
      readdirSync(dataDir).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    // Read again, the settings are the saved ones; and the node would start with the file as written.
    assert.equal((await api.getSettings({})).rpcPort, 18_000);
    assert.equal(resolveConfig({}, configPath).rpcPort, 18_000);
    assert.equal(
      node.log.lines().at(-1)?.message,
      `settings saved to ${configPath}: they take effect when the node restarts`,
    );

    const mining = await api.updateSettings({ mining: { address: simnetAddress, threads: 1 } });
    assert.deepEqual(mining.mining, { address: simnetAddress, threads: 1 });
    assert.equal(JSON.parse(readFileSync(configPath, 'utf8')).mining.address, simnetAddress);
    // Switching network with a simnet mining address would stop the next start: refused.
    await badParams(api.updateSettings({ network: 'devnet' }), /mining\.address is not a devnet/);
    const cleared = await api.updateSettings(wrong({ network: 'devnet', mining: { address: null } }));
    assert.equal(cleared.network, 'devnet');
    assert.equal(cleared.mining.address, null);
    assert.equal(cleared.mining.threads, 1);
    assert.deepEqual(JSON.parse(readFileSync(configPath, 'utf8')).mining, { threads: 1 });

    // Back to what the node runs with: nothing left to restart for.
    const back = await api.updateSettings(
      wrong({ network: 'simnet', rpcPort: node.config.rpcPort, peers: [], mining: { threads: 2 } }),
    );
    assert.equal(back.restartRequired, false);
    // Another handler set over the same node sees the saved settings too.
    assert.equal((await hostApiHandlers(node).getSettings({})).network, 'simnet');
  });

  it('updateSettings replaces a config.json that no longer parses', async () => {
    writeFileSync(configPath, '{ not json');
    const saved = await api.updateSettings({ mdns: true });
    assert.equal(saved.mdns, true);
    assert.deepEqual(JSON.parse(readFileSync(configPath, 'utf8')), { mdns: true });
    assert.ok(node.log.lines().some((line) => line.level === 'warn' && /replacing the unreadable/.test(line.message)));
  });

  it('getStorageInfo: free and total space of the disk, the store size, for a folder that may not exist yet', async () => {
    const own = await api.getStorageInfo({});
    assert.equal(own.dataDir, dataDir);
    assert.equal(own.networkDir, join(dataDir, 'simnet'));
    assert.ok(own.totalBytes > 0 && own.freeBytes > 0 && own.freeBytes <= own.totalBytes);
    assert.ok(own.storeBytes > 4096, `the consensus store has a size (${own.storeBytes})`);
    const planned = join(root, 'not', 'yet', 'there');
    const elsewhere = await api.getStorageInfo({ path: planned });
    assert.equal(elsewhere.dataDir, planned);
    assert.equal(elsewhere.storeBytes, 0);
    assert.ok(elsewhere.totalBytes > 0, 'measured on the nearest existing parent');
    assert.equal(existsSync(planned), false, 'nothing created');
    await badParams(api.getStorageInfo({ path: 'relative' }), /path must be an absolute path/);
    await badParams(api.getStorageInfo(wrong({ path: 42 })), /path/);
    await badParams(api.getStorageInfo({ path: '//fileserver/share' }), /local folder/);
  });
});

describe('host API: settings after the data folder moved', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-host-moved-'));
  const home = join(root, 'home');
  const moved = join(root, 'moved');
  after(() => rmSync(root, { recursive: true, force: true }));

  const start = (dataDir: string | undefined) =>
    DagwalletNode.start(
      resolveConfig(
        { network: 'simnet', listen: [], mdns: false, ...(dataDir ? { dataDir } : {}) },
        join(home, 'config.json'),
      ),
      { rpc: false, p2p: false },
    );

  it('saves to the file the node read, so settings made after a move still apply at the next start', async () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'config.json'), '{}');
    let node = await start(home);
    await hostApiHandlers(node).updateSettings({ dataDir: moved });
    await node.close();
    // The next start reads the same file (as the app does with no --data-dir): the data now lives in `moved`.
    node = await start(undefined);
    assert.equal(node.config.dataDir, moved);
    await hostApiHandlers(node).updateSettings({ peers: ['/ip4/127.0.0.1/tcp/17511'] });
    await node.close();
    const again = resolveConfig({}, join(home, 'config.json'));
    assert.equal(again.dataDir, moved);
    assert.deepEqual(again.peers, ['/ip4/127.0.0.1/tcp/17511']);
    assert.equal(existsSync(join(moved, 'config.json')), false, 'no second settings file nobody reads');
  });
});
