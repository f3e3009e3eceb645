import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfig } from '../config/config.ts';
import { createAddress, encodeAddress } from '../consensus/address.ts';
import type { BlockTemplate } from '../mining/block-template-builder.ts';
import { NodeEvents } from '../node-events.ts';
import { DagwalletNode } from '../node.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { logNodeEvents } from './node-log-feed.ts';
import { NodeLog } from './node-log.ts';

function feed(foundBlocksWindowMs?: number) {
  const events = new NodeEvents();
  const log = new NodeLog(events);
  let clock = 0;
  const stop = logNodeEvents(log, events, { now: () => clock, foundBlocksWindowMs });
  return {
    events,
    log,
    stop,
    tick: (ms: number) => (clock += ms),
    messages: () => log.lines().map((line) => `${line.level} ${line.source} ${line.message}`),
  };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('node events become log lines', () => {
  it('says when peers come, go and are banned', () => {
    const { events, messages } = feed();
    events.emit('peerConnected', { peerId: 'peerA', address: '/ip4/10.0.0.2/tcp/17611', direction: 'outbound' });
    events.emit('peerDisconnected', { peerId: 'peerA', reason: 'connection closed' });
    events.emit('peerBanned', { peerId: 'peerB', reason: 'invalid block', expiresAt: Date.UTC(2030, 0, 1) });
    assert.deepEqual(messages(), [
      'info p2p connected to peerA (outbound, /ip4/10.0.0.2/tcp/17611)',
      'info p2p disconnected from peerA: connection closed',
      'warn p2p banned peerB until 2030-01-01T00:00:00.000Z: invalid block',
    ]);
  });

  it('logs where each sync stage begins and ends, with its figures', () => {
    const { events, messages, tick } = feed();
    const progress = (stage: 'negotiating' | 'headers' | 'blocks' | 'done', done = 0, total = 0, rate = 0) =>
      events.emit('syncProgress', { stage, peer: 'peerS', done, total, ratePerSecond: rate });
    progress('negotiating');
    progress('headers', 500, 5_000, 1_000);
    tick(2_500);
    progress('headers', 5_000, 5_000, 2_000);
    progress('blocks', 100, 4_990, 50);
    progress('blocks', 2_000, 4_990, 60);
    tick(60_000);
    progress('blocks', 4_990, 4_990, 83);
    progress('done');
    assert.deepEqual(messages(), [
      "debug sync finding where our chain meets peerS's",
      'info sync downloading headers from peerS: about 5,000',
      'info sync headers done: 5,000 in 2.5 s (2,000/s)',
      'info sync downloading 4,990 blocks from peerS',
      'info sync blocks done: 4,990 of 4,990 in 60.0 s (83/s)',
      'info sync synced with peerS',
    ]);
  });

  it('says a sync ended early when a new one starts before it was done', () => {
    const { events, messages } = feed();
    events.emit('syncProgress', { stage: 'headers', peer: 'p1', done: 64, total: 1_000, ratePerSecond: 10 });
    events.emit('syncProgress', { stage: 'negotiating', peer: 'p2', done: 0, total: 0, ratePerSecond: 0 });
    assert.deepEqual(messages().slice(1), [
      'info sync sync from p1 ended during the headers stage at 64 of 1,000',
      "debug sync finding where our chain meets p2's",
    ]);
  });

  it('follows the wallet: created, locked, unlocked, never repeating a state', () => {
    const { events, messages } = feed();
    const status = (state: 'none' | 'locked' | 'unlocked') =>
      events.emit('walletStatusChanged', {
        state,
        network: 'simnet',
        file: '/data/simnet/wallet.json',
        receiveAddress: state === 'unlocked' ? 'dagsim:qq' : null,
        autoLockMinutes: 15,
      });
    status('none');
    status('unlocked');
    status('unlocked');
    status('locked');
    status('unlocked');
    assert.deepEqual(messages(), [
      'info wallet wallet created: /data/simnet/wallet.json',
      'info wallet wallet locked',
      'info wallet wallet unlocked',
    ]);
  });

  it('logs blocks the miner found, its errors, and reorganisations deeper than one block', () => {
    const { events, messages, stop } = feed();
    const template = { header: { daaScore: 12_345 } } as unknown as BlockTemplate;
    events.emit('mining', { kind: 'found', hash: 'ab'.repeat(32), template });
    events.emit('mining', { kind: 'hashrate', hashesPerSecond: 1e6, threads: 2 });
    events.emit('mining', { kind: 'error', error: new Error('template failed') });
    events.emit('chainChanged', { removed: ['r1'], added: [{ block: 'a1', acceptedTransactionIds: [] }] });
    events.emit('chainChanged', {
      removed: ['r2', 'r1'],
      added: ['a1', 'a2', 'a3'].map((block) => ({ block, acceptedTransactionIds: [] })),
    });
    assert.deepEqual(messages(), [
      `info mining found block ${'ab'.repeat(32)} at DAA score 12,345`,
      'error mining template failed',
      'info node chain reorganisation: 2 chain blocks replaced by 3 (new tip a3)',
    ]);
    stop();
    events.emit('peerDisconnected', { peerId: 'x', reason: 'gone' });
    assert.equal(messages().length, 3, 'nothing after stop');
  });

  it('sums up blocks found faster than one per window (simnet finds hundreds a second)', async () => {
    const { events, messages, tick, stop } = feed(50);
    const found = (n: number) =>
      events.emit('mining', {
        kind: 'found',
        hash: `h${n}`,
        template: { header: { daaScore: n } } as unknown as BlockTemplate,
      });
    found(1);
    tick(10);
    found(2);
    tick(10);
    found(3);
    assert.deepEqual(messages(), ['info mining found block h1 at DAA score 1']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(messages().slice(1), ['info mining found 2 more blocks, the last h3 at DAA score 3']);
    tick(1_000);
    found(4);
    tick(10);
    found(44);
    // Any other line writes the sum so far first: the order stays true.
    events.emit('peerDisconnected', { peerId: 'p', reason: 'gone' });
    tick(10);
    found(5);
    stop();
    assert.deepEqual(messages().slice(2), [
      'info mining found block h4 at DAA score 4',
      'info mining found block h44 at DAA score 44',
      'info p2p disconnected from p: gone',
      'info mining found block h5 at DAA score 5',
    ]);
  });
});

describe('a real node logs its life', () => {
  it('from its start to its stop: the API, P2P, mining, blocks found, a reorganisation', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dagwallet-node-log-'));
    const node = await DagwalletNode.start(
      resolveConfig({ network: 'simnet', dataDir: root, mining: { threads: 1 } }),
      {
        rpc: false,
        p2p: false,
        version: '9.9.9',
      },
    );
    const events: string[] = [];
    node.events.on('logAdded', (line) => events.push(line.message));
    try {
      const text = () => node.log.lines().map((line) => `${line.source}: ${line.message}`);
      assert.deepEqual(text(), [
        `node: starting dagwallet 9.9.9 on simnet, data folder ${join(root, 'simnet')}`,
        'api: local API off',
        'p2p: P2P off',
      ]);

      const address = encodeAddress(createAddress('dagsim', 0, new Uint8Array(32).fill(7)));
      await node.startMining(address, 1);
      await until('a block found', () => text().find((line) => line.startsWith('mining: found block')));
      await node.stopMining();
      const mining = text().filter((line) => line.startsWith('mining:'));
      assert.equal(mining[0], `mining: mining to ${address} on 1 thread(s)`);
      assert.equal(mining.at(-1), 'mining: mining stopped');
      assert.match(
        mining.at(-2) ?? '',
        /^mining: found (block|[\d,]+ more blocks)/,
        'found blocks are written before the stop',
      );

      // Two blocks on one side, three on the other: the chain moves over, dropping the first two.
      const fork = node.consensus.sink();
      const branch = async (length: number) => {
        let parent = fork;
        for (let i = 0; i < length; i++) {
          const outcome = await node.submitBlock(mineSimnetBlock(node.consensus, { parents: [parent] }));
          assert.equal(outcome.status, 'accepted');
          parent = outcome.hash;
        }
      };
      await branch(2);
      await branch(4);
      assert.ok(
        text().some((line) => /^node: chain reorganisation: [2-9] chain blocks replaced by \d+/.test(line)),
        text().join('\n'),
      );
    } finally {
      await node.close();
      rmSync(root, { recursive: true, force: true });
    }
    assert.deepEqual(
      node.log
        .lines()
        .slice(-2)
        .map((line) => line.message),
      ['stopping the node', 'node stopped'],
    );
    assert.equal(events.at(-1), 'node stopped', 'each line also went out as logAdded');
  });
});
