import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultDataDir, networkDir, parseConfigFile, resolveConfig } from './config.ts';
import { ConfigError } from './config-error.ts';
import { networkParams } from './networks.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

describe('node config', () => {
  it('defaults: devnet, its own RPC port, cores - 1 threads, no mining', () => {
    const config = resolveConfig({ dataDir: join(dir, 'empty') });
    assert.equal(config.network, 'devnet');
    assert.equal(config.rpcPort, 17610);
    assert.ok(config.mining.threads >= 1);
    assert.equal(config.mining.address, undefined);
    assert.equal(networkDir(config), join(dir, 'empty', 'devnet'));
  });

  it('flags override the file, which overrides the defaults', () => {
    const path = configFile(
      'a.json',
      JSON.stringify({ network: 'simnet', rpcPort: 0, peers: ['/ip4/127.0.0.1/tcp/1'], mining: { threads: 3 } }),
    );
    const fromFile = resolveConfig({ dataDir: dir }, path);
    assert.equal(fromFile.network, 'simnet');
    assert.equal(fromFile.rpcPort, 0);
    assert.deepEqual(fromFile.peers, ['/ip4/127.0.0.1/tcp/1']);
    assert.equal(fromFile.mining.threads, 3);
    const flagged = resolveConfig({ dataDir: dir, network: 'devnet', mining: { threads: 1 } }, path);
    assert.equal(flagged.network, 'devnet');
    assert.equal(flagged.mining.threads, 1);
    assert.equal(flagged.rpcPort, 0, 'unflagged fields still come from the file');
  });

  it('finds <dataDir>/config.json without --config', () => {
    const root = join(dir, 'root');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'config.json'), JSON.stringify({ network: 'simnet' }));
    assert.equal(resolveConfig({ dataDir: root }).network, 'simnet');
  });

  it('refuses unknown fields, wrong types, bad ports and non-JSON with a message naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ netwrok: 'devnet' }, /unknown config field 'netwrok'/],
      [{ network: 'mainnet' }, /network must be one of/],
      [{ rpcPort: 70000 }, /rpcPort must be a port/],
      [{ peers: 'x' }, /peers must be a list/],
      [{ mining: { threads: 0 } }, /mining.threads/],
      [{ mining: { adress: 'x' } }, /mining.adress/],
      [[], /one JSON object/],
    ];
    for (const [json, message] of cases) {
      assert.throws(
        () => parseConfigFile(json),
        (error) => error instanceof ConfigError && message.test(error.message),
        JSON.stringify(json),
      );
    }
    const broken = configFile('broken.json', '{ network: ');
    assert.throws(
      () => resolveConfig({}, broken),
      (error) => error instanceof ConfigError && error.code === 'BAD_CONFIG' && /not JSON/.test(error.message),
    );
    assert.throws(
      () => resolveConfig({}, join(dir, 'missing.json')),
      (error) => error instanceof ConfigError && /cannot read/.test(error.message),
    );
  });

  it('knows the networks a node can join and refuses others', () => {
    assert.equal(networkParams('simnet').addressPrefix, 'dagsim');
    assert.equal(networkParams('devnet').addressPrefix, 'dagdev');
    assert.throws(
      () => networkParams('kaspa-mainnet'),
      (error) => error instanceof ConfigError && error.code === 'UNKNOWN_NETWORK',
    );
  });

  it('puts data where each platform expects it', () => {
    assert.equal(defaultDataDir({ DAGWALLET_HOME: '/x' }, 'linux'), '/x');
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux'), join('/xdg', 'dagwallet'));
    assert.equal(
      defaultDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32'),
      join('C:/Users/a/AppData/Roaming', 'dagwallet'),
    );
    assert.match(defaultDataDir({}, 'darwin'), /Library\/Application Support\/dagwallet$/);
  });
});
