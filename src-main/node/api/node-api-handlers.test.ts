import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveConfig } from '../config/config.ts';
import { encodeBlock } from '../consensus/codec/block-codec.ts';
import { DagwalletNode } from '../node.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { ApiError } from './api-error.ts';
import { type ApiHandlers, nodeApiHandlers } from './node-api-handlers.ts';

describe('node API handlers check every param at the door', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-api-'));
  let node: DagwalletNode;
  let api: ApiHandlers;
  before(async () => {
    node = await DagwalletNode.start(resolveConfig({ network: 'simnet', dataDir: root }), { rpc: false, p2p: false });
    api = nodeApiHandlers(node);
  });
  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  const badParams = (promise: Promise<unknown>) =>
    assert.rejects(promise, (error) => error instanceof ApiError && error.code === 'BAD_PARAMS');

  it('describes the node', async () => {
    const info = await api.getInfo({});
    assert.equal(info.peerCount, 0);
    await assert.rejects(
      api.getPeerAddresses({}).then(() => api.addPeer({ address: '/ip4/127.0.0.1/tcp/1' })),
      {
        code: 'UNAVAILABLE',
      },
    );
    assert.equal(info.network, 'dagwallet-simnet');
    assert.equal(info.addressPrefix, 'dagsim');
    assert.equal(info.blockCount, 1, 'genesis');
    assert.equal(info.mining.running, false);
  });

  it('refuses malformed scripts, lists, limits, hex and undecodable bytes', async () => {
    const wrong = (value: unknown) => value as never;
    await badParams(api.getUtxosByScripts(wrong({ scripts: 'abc' })));
    await badParams(api.getUtxosByScripts(wrong({ scripts: ['xyz'] })));
    await badParams(api.getUtxosByScripts(wrong({ scripts: ['00'] })));
    await badParams(api.getUtxosByScripts(wrong({ scripts: Array(10_001).fill('0000') })));
    await badParams(api.getHistory(wrong({ scripts: [], limit: 0 })));
    await badParams(api.getHistory(wrong({ scripts: [], limit: 1.5 })));
    await badParams(api.submitTransaction(wrong({ transaction: 'zz' })));
    await badParams(api.submitTransaction(wrong({ transaction: '00' })));
    await badParams(api.submitBlock(wrong({ block: 'abcd' })));
    await badParams(api.getUtxosByScripts(wrong([])));
    await badParams(api.startMining(wrong({ address: 'dagsim:x', threads: 0 })));
  });

  it('refuses a mining address of another network with a typed error, and mines nothing', async () => {
    await assert.rejects(
      api.getBlockTemplate({ payAddress: 'kaspa:qqkqkzjvr7zwxxmjxjkmxxdwju9kjs6e9u82uh59z07vgaks6gg62v8707g73' }),
      (error) => error instanceof Error && 'code' in error && /ADDRESS/.test(String(error.code)),
    );
    assert.equal(node.miner, undefined);
  });

  it('imports a submitted block, says known the second time, and names the rule a broken one breaks', async () => {
    const block = mineSimnetBlock(node.consensus);
    const hex = Buffer.from(encodeBlock({ header: block.header, transactions: [...block.transactions] })).toString(
      'hex',
    );
    assert.equal((await api.submitBlock({ block: hex })).status, 'accepted');
    assert.equal((await api.submitBlock({ block: hex })).status, 'known');
    const next = mineSimnetBlock(node.consensus);
    const broken = encodeBlock({
      header: { ...next.header, bits: next.header.bits - 1 },
      transactions: [...next.transactions],
    });
    const result = await api.submitBlock({ block: Buffer.from(broken).toString('hex') });
    assert.equal(result.status, 'rejected');
    assert.ok(result.code && result.reason, JSON.stringify(result));
    assert.equal((await api.getInfo({})).blockCount, 2);
  });
});
