import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { compactToTarget } from '../consensus/difficulty/compact.ts';
import { prePowHash } from '../consensus/hashing/header-hash.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { checkProofOfWork } from '../consensus/pow.ts';
import { targetToLeBytes } from '../crypto/pow/kheavyhash.ts';
import { BlockTemplateBuilder } from './block-template-builder.ts';
import type { FromWorkerMessage, WorkMessage } from './mining-protocol.ts';
import { openSimnet } from '../test-support/simnet.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';

const ZERO_TARGET = targetToLeBytes(0n);
const ANY_TARGET = targetToLeBytes(1n << 256n);

/** A real mining worker thread, with every message it sends kept in order. */
function startWorker() {
  const worker = new Worker(new URL('./mining-worker.ts', import.meta.url));
  const messages: FromWorkerMessage[] = [];
  const waiting: { match: (m: FromWorkerMessage) => boolean; resolve: (m: FromWorkerMessage) => void }[] = [];
  worker.on('message', (message: FromWorkerMessage) => {
    messages.push(message);
    for (const wait of [...waiting]) {
      if (wait.match(message)) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(message);
      }
    }
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return {
    worker,
    messages,
    /** The next message (from now on) of this kind that passes `match`. */
    next<K extends FromWorkerMessage['kind']>(
      kind: K,
      match: (m: Extract<FromWorkerMessage, { kind: K }>) => boolean = () => true,
    ): Promise<Extract<FromWorkerMessage, { kind: K }>> {
      return new Promise((resolve) =>
        waiting.push({
          match: (m) => m.kind === kind && match(m as Extract<FromWorkerMessage, { kind: K }>),
          resolve: resolve as (m: FromWorkerMessage) => void,
        }),
      );
    },
    async close() {
      await worker.terminate();
      await exited;
    },
  };
}

const work = (overrides: Partial<WorkMessage>): WorkMessage => ({
  kind: 'work',
  templateId: 1,
  prePowHash: new Uint8Array(32).fill(7),
  timestamp: 1_795_219_200_000,
  target: ZERO_TARGET,
  nonceStart: 0n,
  nonceStride: 1,
  ...overrides,
});

describe('mining worker (a real worker thread)', { timeout: 60_000 }, () => {
  it('with a target of 0 it hashes, reports, stops on request and never reports a find', async () => {
    const w = startWorker();
    const reported = w.next('hashes');
    w.worker.postMessage(work({ target: ZERO_TARGET }));
    const first = await reported;
    assert.ok(first.count > 0 && first.ms > 0);
    const stopped = w.next('stopped');
    w.worker.postMessage({ kind: 'stop' });
    await stopped;
    const kinds = w.messages.map((m) => m.kind);
    assert.ok(!kinds.includes('found'));
    assert.equal(kinds.at(-1), 'stopped');
    await w.close();
  });

  it('reports the first nonce of its range that meets the target, with the template id', async () => {
    const w = startWorker();
    const found = w.next('found');
    w.worker.postMessage(work({ templateId: 42, target: ANY_TARGET, nonceStart: 2n ** 64n - 1n, nonceStride: 3 }));
    assert.deepEqual(await found, { kind: 'found', templateId: 42, nonce: 2n ** 64n - 1n });
    await w.close();
  });

  it('finds a nonce for a real simnet template that passes the proof-of-work rule and consensus', async () => {
    const params = DAGWALLET_NETWORKS.simnet;
    const chain = openSimnet({ params });
    try {
      const builder = new BlockTemplateBuilder(chain.consensus, { selectForBlock: () => [] });
      const { header, transactions } = builder.build(testAddress(testKey('worker'), params));
      const w = startWorker();
      const found = w.next('found');
      w.worker.postMessage(
        work({
          prePowHash: prePowHash(header),
          timestamp: header.timestamp,
          target: targetToLeBytes(compactToTarget(header.bits)),
          nonceStart: 1000n,
        }),
      );
      const mined = { ...header, nonce: (await found).nonce };
      assert.ok(checkProofOfWork(mined).valid);
      assert.equal(chain.consensus.insertBlock(mined, transactions).utxo?.status, 'valid');
      await w.close();
    } finally {
      chain.close();
    }
  });

  it('new work replaces the old within a batch, while it is hashing', async () => {
    const w = startWorker();
    const busy = w.next('hashes');
    w.worker.postMessage(work({ templateId: 1, target: ZERO_TARGET }));
    await busy;
    const found = w.next('found');
    w.worker.postMessage(work({ templateId: 2, target: ANY_TARGET, nonceStart: 77n }));
    assert.deepEqual(await found, { kind: 'found', templateId: 2, nonce: 77n });
    assert.equal(w.messages.filter((m) => m.kind === 'found').length, 1);
    await w.close();
  });

  it('answers malformed work with an error message and keeps serving', async () => {
    const w = startWorker();
    const failed = w.next('error');
    w.worker.postMessage(work({ prePowHash: new Uint8Array(31) }));
    assert.match((await failed).message, /32 bytes/);
    const failedAgain = w.next('error');
    w.worker.postMessage(work({ nonceStride: 0 }));
    assert.match((await failedAgain).message, /stride/);
    const found = w.next('found');
    w.worker.postMessage(work({ templateId: 3, target: ANY_TARGET, nonceStart: 5n }));
    assert.equal((await found).nonce, 5n);
    await w.close();
  });
});
