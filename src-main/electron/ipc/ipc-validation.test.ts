import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MethodParams, NodeMethod } from '../../../src-shared/api.ts';
import { IpcRefusal } from './ipc-error.ts';
import {
  checkCall,
  checkEvent,
  checkJsonShape,
  isNodeMethod,
  NODE_METHODS,
  PARAMS_RULES,
  RENDERER_REFUSED_METHODS,
} from './ipc-validation.ts';

const SCRIPT = `0000${'20'}${'ab'.repeat(32)}ac`;
const ADDRESS = 'dagsim:qr0lr4ml9fn3chekrqmjdkergxl93l4wrk3dankcgvjq776s9wn9jhtkdr4vh';
const HASH = 'ef'.repeat(32);

/** Params the UI really sends, one entry per method (the type makes the table complete). */
const VALID: { [M in NodeMethod]: MethodParams<M>[] } = {
  getInfo: [{}],
  getUtxosByScripts: [{ scripts: [SCRIPT] }, { scripts: [] }],
  getHistory: [{ scripts: [SCRIPT] }, { scripts: [SCRIPT], limit: 10_000 }],
  areScriptsUsed: [{ scripts: [SCRIPT, SCRIPT] }],
  getMempoolEntries: [{}, { scripts: [SCRIPT] }],
  submitTransaction: [{ transaction: 'ab'.repeat(300) }],
  getBlockTemplate: [{ payAddress: ADDRESS }],
  submitBlock: [{ block: '00'.repeat(2 * 1024 * 1024) }],
  startMining: [{ address: ADDRESS }, { address: ADDRESS, threads: 256 }],
  stopMining: [{}],
  getConnectedPeerInfo: [{}],
  getPeerAddresses: [{}],
  addPeer: [{ address: '/ip4/10.0.0.2/tcp/17611' }],
  ban: [{ peerId: '12D3KooW', reason: 'spam', durationMs: 86_400_000 }, { peerId: '12D3KooW' }],
  unban: [{ target: '10.0.0.2' }],
  getBlockDagInfo: [{}],
  getBlocks: [{}, { lowHash: HASH }, { lowHash: HASH, includeBlocks: true, limit: 1_000 }],
  getHeaders: [{ startHash: HASH }, { startHash: HASH, limit: 1_000, isAscending: true }],
  getMempoolEntry: [{ transactionId: HASH }, { transactionId: HASH, includeOrphanPool: true }],
  getVirtualChainFromBlock: [{ startHash: HASH }, { startHash: HASH, includeAcceptedTransactionIds: false }],
  getSink: [{}],
  getSinkBlueScore: [{}],
  getUtxosByAddresses: [{ addresses: [ADDRESS] }, { addresses: Array<string>(10_000).fill(ADDRESS) }],
  getBalanceByAddress: [{ address: ADDRESS }, { address: 'kaspa:typed by hand' }],
  getBalancesByAddresses: [{ addresses: [] }, { addresses: [ADDRESS, ADDRESS] }],
  getCoinSupply: [{}],
  getFeeEstimate: [{}],
  // Refused from the renderer whatever its params (see below); the table lists every method.
  shutDown: [{}],
  walletStatus: [{}],
  walletNewMnemonic: [{}],
  walletCreate: [
    {
      password: 'correct horse battery staple',
      quiz: [
        { position: 3, word: 'abandon' },
        { position: 24, word: 'zoo' },
      ],
    },
  ],
  walletRestore: [
    { words: 'abandon '.repeat(23) + 'art', password: 'pw' },
    { words: 'a b c', password: '', bip39Passphrase: 'extra' },
  ],
  walletUnlock: [{ password: 'pw' }, { password: '' }],
  walletLock: [{}],
  walletBalance: [{}],
  walletReceiveAddress: [{}, { fresh: true }],
  walletHistory: [{}, { limit: 500 }],
  walletHistoryCsv: [{}],
  checkAddress: [{ address: '' }, { address: ADDRESS }],
  walletPlanSend: [
    { to: ADDRESS, amount: '100000000' },
    { to: ADDRESS, amount: 'max', feeRate: 1.5 },
  ],
  walletSend: [{ to: ADDRESS, amount: '18446744073709551615', feeRate: 1, password: 'pw' }],
  walletRevealMnemonic: [{ password: 'pw' }],
  walletChangePassword: [{ oldPassword: 'a', newPassword: 'b' }],
  getBlock: [{ hash: 'ab'.repeat(32) }, { hash: 'typed by hand' }],
  getTransaction: [{ transactionId: 'cd'.repeat(32) }],
  getAddressInfo: [{ address: ADDRESS }, { address: ADDRESS, limit: 100 }],
  search: [{ query: '' }, { query: ADDRESS }],
  getRecentBlocks: [{}, { limit: 200 }],
  getDagBlocks: [{}, { limit: 2_000 }],
  estimateNetworkHashesPerSecond: [{}, { windowSize: 2641 }],
  getLogs: [{}, { limit: 1_000 }, { afterSeq: 0 }],
  getSettings: [{}],
  updateSettings: [
    {},
    {
      network: 'simnet',
      dataDir: '/home/me/.local/share/dagwallet',
      rpcPort: 0,
      listen: ['/ip4/0.0.0.0/tcp/17511'],
      peers: [],
      mdns: false,
      outboundPeers: 8,
      mining: { address: null, threads: 4 },
    },
    { mining: { address: ADDRESS, threads: 1 } },
  ],
  getStorageInfo: [{}, { path: '/mnt/big disk' }],
};

function refusal(reason: string, pattern?: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof IpcRefusal && error.code === reason && (!pattern || pattern.test(error.message));
}

describe('the IPC method list and rules', () => {
  it('has one rule entry per method, and the list names each once', () => {
    assert.deepEqual(Object.keys(PARAMS_RULES).sort(), [...NODE_METHODS].sort());
    assert.equal(new Set(NODE_METHODS).size, NODE_METHODS.length);
    assert.deepEqual(Object.keys(VALID).sort(), [...NODE_METHODS].sort());
  });

  it('knows only NodeApi methods, not what every object inherits', () => {
    assert.ok(isNodeMethod('getInfo'));
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'subscribe', 'GETINFO', 1])
      assert.equal(isNodeMethod(name), false);
  });

  it('lets every method through with the params the UI sends, but those kept from the renderer', () => {
    for (const method of NODE_METHODS.filter((each) => !RENDERER_REFUSED_METHODS.has(each)))
      for (const params of VALID[method]) {
        const checked = checkCall(method, params);
        assert.equal(checked.method, method);
        assert.equal(checked.params, params);
      }
  });

  it('treats an undefined field as absent, as JSON does', () => {
    checkCall('getRecentBlocks', { limit: undefined });
    checkCall('walletSend', { to: ADDRESS, amount: '1', feeRate: undefined, password: 'pw' });
    assert.throws(
      () => checkCall('walletUnlock', { password: undefined }),
      refusal('BAD_PARAMS', /password is required/),
    );
  });
});

describe('checkCall refuses', () => {
  it("shutDown from the renderer, with UNAUTHORIZED: main owns the node's lifetime", () => {
    assert.deepEqual([...RENDERER_REFUSED_METHODS], ['shutDown']);
    assert.ok(isNodeMethod('shutDown'), 'a NodeApi method all the same');
    assert.throws(() => checkCall('shutDown', {}), refusal('UNAUTHORIZED', /shutDown.*node stops/));
    assert.throws(() => checkCall('shutDown', { force: true }), refusal('UNAUTHORIZED'));
  });

  it('an unknown method, with UNKNOWN_METHOD', () => {
    assert.throws(() => checkCall('dropDatabase', {}), refusal('UNKNOWN_METHOD', /dropDatabase/));
    assert.throws(() => checkCall(undefined, {}), refusal('UNKNOWN_METHOD'));
    assert.throws(
      () => checkCall('x'.repeat(10_000), {}),
      (error) => (error as Error).message.length < 200,
    );
  });

  it('fields of the wrong type', () => {
    const cases: [NodeMethod, unknown, RegExp][] = [
      ['getHistory', { scripts: 'x' }, /params\.scripts must be a list/],
      ['getHistory', { scripts: [SCRIPT], limit: '5' }, /params\.limit must be a whole number/],
      ['walletReceiveAddress', { fresh: 1 }, /params\.fresh must be true or false/],
      ['walletUnlock', { password: ['pw'] }, /params\.password must be a string/],
      ['walletCreate', { password: 'pw', quiz: {} }, /params\.quiz must be a list/],
      ['walletCreate', { password: 'pw', quiz: ['abandon'] }, /params\.quiz\[0\] must be an object/],
      ['walletCreate', { password: 'pw', quiz: [{ position: '1', word: 'a' }] }, /quiz\[0\]\.position/],
      ['updateSettings', { mining: [] }, /params\.mining must be an object/],
      ['updateSettings', { listen: [7] }, /params\.listen\[0\] must be a string/],
      ['getBlocks', { includeBlocks: 'yes' }, /params\.includeBlocks must be true or false/],
      ['getBlocks', { lowHash: 7 }, /params\.lowHash must be a string/],
      ['getHeaders', {}, /params\.startHash is required/],
      ['getHeaders', { startHash: HASH, isAscending: 1 }, /params\.isAscending must be true or false/],
      ['getMempoolEntry', { transactionId: HASH, includeOrphanPool: 'true' }, /includeOrphanPool/],
      ['getVirtualChainFromBlock', { startHash: [HASH] }, /params\.startHash must be a string/],
      ['getUtxosByAddresses', { addresses: ADDRESS }, /params\.addresses must be a list/],
      ['getBalancesByAddresses', { addresses: [ADDRESS, 7] }, /params\.addresses\[1\] must be a string/],
      ['getBalanceByAddress', { address: [ADDRESS] }, /params\.address must be a string/],
    ];
    for (const [method, params, pattern] of cases)
      assert.throws(
        () => checkCall(method, params),
        refusal('BAD_PARAMS', pattern),
        `${method} ${JSON.stringify(params)}`,
      );
  });

  it('strings too long or malformed, numbers out of range', () => {
    const cases: [NodeMethod, unknown, RegExp][] = [
      ['getUtxosByScripts', { scripts: ['00'] }, /4 to 20004 characters/],
      ['getUtxosByScripts', { scripts: ['0000ABCD'] }, /hex/],
      ['getUtxosByScripts', { scripts: ['00000'] }, /hex/],
      ['getUtxosByScripts', { scripts: Array(10_001).fill(SCRIPT) }, /at most 10000 items/],
      ['submitBlock', { block: '0g' }, /lowercase hex/],
      ['submitTransaction', { transaction: '00'.repeat(1024 * 1024 + 1) }, /at most/],
      ['walletUnlock', { password: 'x'.repeat(1025) }, /at most 1024/],
      ['getBlockTemplate', { payAddress: '' }, /1 to 200 characters/],
      ['walletPlanSend', { to: ADDRESS, amount: '1.5' }, /digits or max/],
      ['walletPlanSend', { to: ADDRESS, amount: '1', feeRate: -1 }, /number from 0/],
      ['startMining', { address: ADDRESS, threads: 0 }, /from 1 to 256/],
      ['startMining', { address: ADDRESS, threads: 2.5 }, /whole number/],
      ['getLogs', { limit: 1_001 }, /from 1 to 1000/],
      ['getLogs', { afterSeq: -1 }, /from 0/],
      ['getDagBlocks', { limit: 2_001 }, /from 1 to 2000/],
      ['updateSettings', { rpcPort: 65_536 }, /from 0 to 65535/],
      ['updateSettings', { outboundPeers: 65 }, /from 0 to 64/],
      ['walletCreate', { password: 'pw', quiz: Array(25).fill({ position: 1, word: 'a' }) }, /at most 24/],
      ['getBlocks', { limit: 0 }, /from 1 to 1000/],
      ['getBlocks', { limit: 1_001 }, /from 1 to 1000/],
      ['getHeaders', { startHash: HASH, limit: 2.5 }, /whole number/],
      ['getHeaders', { startHash: 'x'.repeat(257) }, /at most 256/],
      ['getUtxosByAddresses', { addresses: Array<string>(10_001).fill(ADDRESS) }, /at most 10000 items/],
      ['getBalancesByAddresses', { addresses: ['x'.repeat(257)] }, /at most 256/],
    ];
    for (const [method, params, pattern] of cases)
      assert.throws(() => checkCall(method, params), refusal('BAD_PARAMS', pattern), `${method} ${pattern}`);
  });

  it('unknown, missing and null fields', () => {
    assert.throws(() => checkCall('getInfo', { verbose: true }), refusal('BAD_PARAMS', /no field 'verbose'/));
    assert.throws(() => checkCall('getSink', { verbose: true }), refusal('BAD_PARAMS', /no field 'verbose'/));
    assert.throws(
      () => checkCall('getVirtualChainFromBlock', { startHash: HASH, minConfirmationCount: 10 }),
      refusal('BAD_PARAMS', /no field 'minConfirmationCount'/),
    );
    assert.throws(() => checkCall('getBlocks', { lowHash: null }), refusal('BAD_PARAMS', /may not be null/));
    assert.throws(() => checkCall('walletLock', { password: 'pw' }), refusal('BAD_PARAMS', /no field 'password'/));
    assert.throws(
      () => checkCall('walletCreate', { password: 'pw', quiz: [{ position: 1, word: 'a', hint: 'b' }] }),
      refusal('BAD_PARAMS', /params\.quiz\[0\] has no field 'hint'/),
    );
    assert.throws(
      () => checkCall('walletSend', { to: ADDRESS, amount: '1' }),
      refusal('BAD_PARAMS', /password is required/),
    );
    assert.throws(
      () => checkCall('updateSettings', { mining: { address: ADDRESS } }),
      refusal('BAD_PARAMS', /threads/),
    );
    assert.throws(() => checkCall('getHistory', { scripts: null }), refusal('BAD_PARAMS', /may not be null/));
    assert.throws(() => checkCall('updateSettings', { mdns: null }), refusal('BAD_PARAMS', /may not be null/));
  });

  it('params that are no plain object', () => {
    for (const params of [undefined, null, 'x', 3, [], new Map(), Object.create(Array.prototype) as object])
      assert.throws(() => checkCall('getInfo', params), refusal('BAD_REQUEST', /must be an object/));
    class Sneaky {
      limit = 5;
    }
    assert.throws(() => checkCall('getRecentBlocks', new Sneaky()), refusal('BAD_REQUEST'));
  });
});

describe('checkJsonShape', () => {
  it('accepts JSON values, an object without prototype, and undefined fields', () => {
    checkJsonShape({ a: [1, 'two', true, null, { b: -0.5 }], c: undefined });
    checkJsonShape(Object.assign(Object.create(null) as object, { a: 1 }));
  });

  it('refuses what structured clone carries beyond JSON', () => {
    const cases: unknown[] = [
      { a: new Map() },
      { a: new Set() },
      { a: new Date() },
      { a: new Uint8Array(4) },
      { a: /x/ },
      { a: 10n },
      { a: Number.NaN },
      { a: Infinity },
      { a: [1, undefined] },
      // eslint-disable-next-line no-sparse-arrays
      { a: [1, , 3] },
    ];
    for (const value of cases) assert.throws(() => checkJsonShape(value), refusal('BAD_REQUEST'), String(value));
  });

  it('refuses too much nesting and too many characters, counting keys too', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 9; i++) deep = [deep];
    assert.throws(() => checkJsonShape(deep), refusal('BAD_REQUEST', /deeper/));
    assert.throws(() => checkJsonShape({ a: 'x'.repeat(100) }, 50), refusal('BAD_REQUEST', /larger than 50/));
    assert.throws(() => checkJsonShape({ ['k'.repeat(100)]: 1 }, 50), refusal('BAD_REQUEST', /larger/));
    assert.throws(() => checkJsonShape(Array(100).fill(0), 50), refusal('BAD_REQUEST', /larger/));
  });
});

describe('checkEvent', () => {
  it('takes the notification names and refuses anything else with BAD_PARAMS', () => {
    assert.equal(checkEvent('blockAdded'), 'blockAdded');
    assert.equal(checkEvent('logAdded'), 'logAdded');
    for (const event of ['constructor', 'BlockAdded', '', null, 3])
      assert.throws(() => checkEvent(event), refusal('BAD_PARAMS'));
  });
});
