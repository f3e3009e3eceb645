import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connectToNode } from '../api/node-endpoint.ts';
import { bytesToHex } from '../encoding/hex.ts';
import type { DagwalletNode } from '../node.ts';
import type { SyncProgress } from '../sync/ibd-syncee.ts';
import { buildBranchingDag } from '../test-support/dag-builder.ts';
import { addressOf, LOOPBACK_LISTEN, TestNetwork, until, untilSameSink } from '../test-support/p2p-nodes.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';

const DAG_BLOCKS = 5_000;
const main = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

function commitment(node: DagwalletNode): string {
  return bytesToHex(
    (node.consensus.sinkMultiset() as NonNullable<ReturnType<DagwalletNode['consensus']['sinkMultiset']>>).finalize(),
  );
}

describe(`initial block download of a ${DAG_BLOCKS}-block DAG`, () => {
  const network = new TestNetwork();
  let source: DagwalletNode;

  before(async () => {
    buildBranchingDag(join(network.networkDir('source'), 'consensus.sqlite'), DAG_BLOCKS).close();
    source = await network.start('source');
  });
  after(() => network.close());

  it('a fresh node syncs headers first, then bodies, reports progress, and ends with the same DAG and UTXO set', async () => {
    const fresh = await network.start('fresh', { peers: [addressOf(source)] });
    const stages: SyncProgress['stage'][] = [];
    let lastBlocks: SyncProgress | undefined;
    fresh.events.on('syncProgress', (progress) => {
      if (stages.at(-1) !== progress.stage) stages.push(progress.stage);
      if (progress.stage === 'blocks') lastBlocks = progress;
    });
    await untilSameSink([source, fresh], 180_000);
    assert.deepEqual(stages, ['negotiating', 'headers', 'blocks', 'done']);
    assert.equal(lastBlocks?.done, DAG_BLOCKS);
    assert.equal(lastBlocks?.total, DAG_BLOCKS);
    assert.ok((lastBlocks?.ratePerSecond ?? 0) > 0);
    assert.equal(fresh.consensus.blockCount(), DAG_BLOCKS + 1);
    assert.deepEqual(fresh.consensus.tips().sort(), source.consensus.tips().sort());
    assert.equal(commitment(fresh), commitment(source));

    // Then it follows new blocks by relay, not by another IBD.
    stages.length = 0;
    for (let i = 0; i < 3; i++) {
      const outcome = await source.submitBlock(mineSimnetBlock(source.consensus), 'local');
      assert.equal(outcome.status, 'accepted');
      await until('the new block to arrive', () => (fresh.consensus.sink() === outcome.hash ? true : undefined));
    }
    assert.deepEqual(stages, [], 'new blocks came by relay');
  });

  it('a node killed during IBD finishes the sync after a restart', async () => {
    const name = 'killed';
    const dataDir = join(network.root, name);
    const child: ChildProcess = spawn(process.execPath, [
      main,
      'node',
      '--network',
      'simnet',
      '--data-dir',
      dataDir,
      '--rpc-port',
      '0',
      '--mqtt-port',
      '0',
      '--listen',
      LOOPBACK_LISTEN,
      '--no-mdns',
      '--outbound-peers',
      '0',
      '--peer',
      addressOf(source),
    ]);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      // Wait until it holds some bodies but not all, then kill it without warning.
      const rpc = await until('the child node’s API', () => {
        try {
          return connectToNode(join(dataDir, 'simnet'));
        } catch {
          return undefined;
        }
      });
      await until(
        'the child to be part-way through the bodies',
        async () => {
          const info = await rpc.call('getInfo', {}).catch(() => undefined);
          return info && info.blockCount > 500 ? info.blockCount : undefined;
        },
        120_000,
      );
    } finally {
      child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL');

    const restarted = await network.start(name, { peers: [addressOf(source)] });
    const before = restarted.consensus.blockCount();
    assert.ok(before > 1 && before < DAG_BLOCKS + 1, `killed part-way (${before} blocks kept)`);
    await untilSameSink([source, restarted], 180_000);
    assert.equal(restarted.consensus.blockCount(), source.consensus.blockCount());
    assert.equal(commitment(restarted), commitment(source));
  });
});
