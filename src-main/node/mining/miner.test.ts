import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { keyOf } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { checkProofOfWork } from '../consensus/pow.ts';
import { remine } from '../test-support/remine.ts';
import { BlockTemplateBuilder } from './block-template-builder.ts';
import { Miner, type MinerEvent } from './miner.ts';
import type { MiningErrorCode } from './mining-error.ts';
import { openSimnet } from '../test-support/simnet.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';

const simnet = DAGWALLET_NETWORKS.simnet;
const devnet = DAGWALLET_NETWORKS.devnet;
const noTransactions = { selectForBlock: () => [] };

/** A miner on a fresh chain whose blocks go straight into that chain's consensus. */
function minerOn(params: typeof simnet | typeof devnet, options: { threads?: number; refreshMs?: number } = {}) {
  const chain = openSimnet({ params });
  const builder = new BlockTemplateBuilder(chain.consensus, noTransactions);
  const address = testAddress(testKey('miner'), params);
  const inserted: { hash: string; status: string | undefined; header: BlockHeader }[] = [];
  const miner = new Miner({
    ...options,
    templates: () => builder.build(address),
    submit: (block) => {
      const result = chain.consensus.insertBlock(block.header, block.transactions);
      inserted.push({ hash: result.hash, status: result.utxo?.status, header: block.header });
      miner.newBlock();
      return result;
    },
  });
  const events: MinerEvent[] = [];
  miner.onEvent((event) => events.push(event));
  return { chain, builder, miner, events, inserted };
}

/** Resolves with the first event (from now on) that passes `match`. */
function nextEvent(miner: Miner, match: (event: MinerEvent) => boolean): Promise<MinerEvent> {
  return new Promise((resolve) => {
    const off = miner.onEvent((event) => {
      if (match(event)) {
        off();
        resolve(event);
      }
    });
  });
}

const found = (events: MinerEvent[]) => events.filter((e) => e.kind === 'found');

describe('Miner with real worker threads', { timeout: 120_000 }, () => {
  it('on simnet with 2 threads: 20 blocks, each valid and on the one before; stop ends everything', async () => {
    const { chain, miner, events, inserted } = minerOn(simnet, { threads: 2, refreshMs: 60_000 });
    try {
      const twenty = nextEvent(miner, () => inserted.length >= 20);
      miner.start();
      assert.equal(miner.running, true);
      await twenty;
      await nextEvent(miner, (e) => e.kind === 'hashrate' && e.hashesPerSecond > 0);
      await miner.stop();
      assert.equal(miner.running, false);
      assert.equal(miner.threads, 0);
      const foundCount = found(events).length;
      const insertedCount = inserted.length;
      assert.ok(insertedCount >= 20);
      // Give any stray message time to arrive: none may.
      await sleep(300);
      assert.equal(found(events).length, foundCount);
      assert.equal(inserted.length, insertedCount);

      for (const [i, block] of inserted.entries()) {
        assert.equal(block.status, 'valid', `block ${i}`);
        assert.ok(checkProofOfWork(block.header).valid);
        assert.equal(chain.consensus.ghostdagData(block.hash)?.blueScore, i + 1, `block ${i} extends the chain`);
        const previous = i === 0 ? chain.consensus.genesis : inserted[i - 1]?.hash;
        assert.deepEqual(block.header.parents[0]?.map(keyOf), [previous]);
      }
      assert.deepEqual(
        found(events).map((e) => e.kind === 'found' && e.hash),
        inserted.map((b) => b.hash),
      );
      for (const event of found(events)) {
        if (event.kind === 'found') assert.equal(keyOf(headerHash(event.template.header)), event.hash);
      }
      const rates = events.filter((e) => e.kind === 'hashrate');
      assert.ok(rates.every((e) => e.kind === 'hashrate' && e.threads === 2));
    } finally {
      await miner.stop();
      chain.close();
    }
  });

  it('on devnet (~200k hashes a block) it reports a positive hash rate and stops at once', async () => {
    const { chain, miner, inserted } = minerOn(devnet, { threads: 2 });
    try {
      miner.start();
      const rate = await nextEvent(miner, (e) => e.kind === 'hashrate' && e.hashesPerSecond > 0);
      assert.ok(rate.kind === 'hashrate' && rate.threads === 2);
      assert.ok(miner.hashRate > 0);
      await miner.stop();
      assert.equal(miner.threads, 0);
      assert.equal(miner.hashRate, 0);
      assert.ok(inserted.every((block) => block.status === 'valid'));
    } finally {
      await miner.stop();
      chain.close();
    }
  });

  it('a template that fails to build, or a refused submit, is an error event and mining goes on', async () => {
    const chain = openSimnet({ params: simnet });
    const builder = new BlockTemplateBuilder(chain.consensus, noTransactions);
    let address = testAddress(testKey('miner'), devnet); // the wrong network: the build fails
    let submits = 0;
    const miner = new Miner({
      threads: 1,
      templates: () => builder.build(address),
      submit: (block) => {
        submits++;
        if (submits === 1) throw new Error('import queue full');
        chain.consensus.insertBlock(block.header, block.transactions);
        miner.newBlock();
      },
    });
    const events: MinerEvent[] = [];
    miner.onEvent((event) => events.push(event));
    try {
      const failed = nextEvent(miner, (e) => e.kind === 'error');
      miner.start();
      const error = await failed;
      assert.equal(error.kind === 'error' && (error.error as { code?: MiningErrorCode }).code, 'BAD_ADDRESS');
      address = testAddress(testKey('miner'), simnet);
      await nextEvent(miner, () => submits >= 3);
      await miner.stop();
      const errors = events.filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.error.message);
      assert.ok(errors.includes('import queue full'));
      assert.ok(found(events).length >= 3);
    } finally {
      await miner.stop();
      chain.close();
    }
  });

  it('block import keeps its turns while the miner runs flat out (counted, not timed)', async () => {
    // A chain to import: 150 blocks made beforehand on another store.
    const source = openSimnet({ params: simnet });
    const sourceBuilder = new BlockTemplateBuilder(source.consensus, noTransactions);
    const payTo = testAddress(testKey('source'), simnet);
    const blocks: { header: BlockHeader; transactions: Transaction[] }[] = [];
    for (let i = 0; i < 150; i++) {
      const template = sourceBuilder.build(payTo);
      const header = remine(template.header);
      source.consensus.insertBlock(header, template.transactions);
      blocks.push({ header, transactions: template.transactions });
    }
    source.close();

    const importer = openSimnet({ params: simnet });
    const { chain, miner } = minerOn(simnet);
    const log: ('import' | 'found')[] = [];
    miner.onEvent((event) => {
      if (event.kind === 'found') log.push('found');
    });
    try {
      miner.start();
      await nextEvent(miner, (e) => e.kind === 'found');
      // The node's import queue, one block per turn of the event loop.
      for (const block of blocks) {
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(importer.consensus.insertBlock(block.header, block.transactions).utxo?.status, 'valid');
        log.push('import');
      }
      await miner.stop();
      const during = log.slice(log.indexOf('import'), log.lastIndexOf('import') + 1);
      const foundDuring = during.filter((entry) => entry === 'found').length;
      const turnsToImport = during.filter((entry, i) => entry === 'import' && during[i - 1] === 'found').length;
      assert.equal(importer.consensus.ghostdagData(importer.consensus.sink())?.blueScore, 150);
      // The miner kept finding blocks while the import ran, and import got its turn between finds.
      assert.ok(foundDuring >= 10, `${foundDuring} blocks found during the import`);
      assert.ok(turnsToImport >= 10, `import resumed ${turnsToImport} times after a find`);
    } finally {
      await miner.stop();
      chain.close();
      importer.close();
    }
  });

  it('refuses bad options with a typed error', () => {
    const options = { templates: () => assert.fail('not called'), submit: () => {} };
    for (const threads of [0, -1, 1.5, 10_000]) {
      assert.throws(() => new Miner({ ...options, threads }), { code: 'BAD_OPTION' });
    }
    assert.throws(() => new Miner({ ...options, refreshMs: 0 }), { code: 'BAD_OPTION' });
    assert.throws(() => new Miner({ ...options, refreshMs: Number.NaN }), { code: 'BAD_OPTION' });
  });
});
