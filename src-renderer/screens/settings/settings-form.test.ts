import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettingsJson } from '../../../src-shared/api.ts';
import { changedSettings, fieldOfError, formFromSettings, isAbsolutePath } from './settings-form.ts';

const saved: SettingsJson = {
  network: 'simnet',
  dataDir: '/home/me/dagwallet',
  rpcPort: 17510,
  listen: ['/ip4/0.0.0.0/tcp/17511'],
  peers: [],
  mdns: true,
  outboundPeers: 8,
  mining: { address: null, threads: 3 },
};

describe('the settings form', () => {
  it('sends nothing when nothing changed', () => {
    assert.deepEqual(changedSettings(formFromSettings(saved), saved, 4), { change: {}, errors: {} });
  });

  it('sends only the fields that changed, lists cleaned of blank lines', () => {
    const form = {
      ...formFromSettings(saved),
      rpcPort: ' 18000 ',
      peers: '\n  /ip4/10.0.0.2/tcp/17511 \n\n',
      mdns: false,
      miningAddress: 'dagsim:qq',
    };
    assert.deepEqual(changedSettings(form, saved, 4), {
      change: {
        rpcPort: 18000,
        peers: ['/ip4/10.0.0.2/tcp/17511'],
        mdns: false,
        mining: { address: 'dagsim:qq', threads: 3 },
      },
      errors: {},
    });
  });

  it('says what is wrong with each field before asking the node', () => {
    const form = {
      ...formFromSettings(saved),
      dataDir: 'relative/dir',
      rpcPort: '70000',
      outboundPeers: '-1',
      listen: '0.0.0.0:17511',
      miningThreads: '0',
    };
    const { errors } = changedSettings(form, saved, 4);
    assert.deepEqual(Object.keys(errors).sort(), ['dataDir', 'listen', 'miningThreads', 'outboundPeers', 'rpcPort']);
    assert.match(errors.miningThreads ?? '', /4 cores/);
  });

  it('knows absolute paths on every platform', () => {
    assert.ok(isAbsolutePath('/data'));
    assert.ok(isAbsolutePath('C:\\Users\\me'));
    assert.ok(isAbsolutePath('\\\\server\\share'));
    assert.ok(!isAbsolutePath('data'));
    assert.ok(!isAbsolutePath('~/data'));
  });

  it('finds the field a node error names', () => {
    assert.equal(fieldOfError('rpcPort must be a port number from 0 to 65535'), 'rpcPort');
    assert.equal(fieldOfError("listen[1] is not a TCP address: '/x'"), 'listen');
    assert.equal(fieldOfError('mining.address is not a devnet address'), 'miningAddress');
    assert.equal(fieldOfError("unknown setting 'x'"), undefined);
  });
});
