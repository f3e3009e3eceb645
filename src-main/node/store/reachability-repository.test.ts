import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { ReachabilityIndex } from '../consensus/reachability/reachability.ts';
import { MemoryReachabilityStore } from '../consensus/reachability/reachability-store.ts';
import { importStressDag, loadStressDag } from '../consensus/reachability/stress-dag.ts';
import { validateReachability } from '../consensus/reachability/validate.ts';
import { seededRandom } from '../test-support/seeded-random.ts';
import { ConsensusStore } from './consensus-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'dagwallet-reach-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('reachability on SQLite', () => {
  it('a stress DAG imported one transaction per block reopens with valid intervals and the same answers', () => {
    const dag = loadStressDag('attack-dag-blocks--2^12-delay-factor--1-k--18.json.gz');
    const genesis = dag.keys[0] as BlockKey;
    const memory = new ReachabilityIndex(new MemoryReachabilityStore());
    memory.init(genesis);
    const steps = importStressDag(dag, memory);

    const path = join(dir, 'stress.sqlite');
    let store = ConsensusStore.open(path);
    let index = new ReachabilityIndex(store.reachability);
    index.init(genesis);
    store.commit();
    for (const step of steps) {
      index.addBlock(step.block, step.selectedParent, step.mergeset);
      index.hintVirtualSelectedParent(step.hint);
      store.commit();
    }
    store.close();

    // A small cache forces most reads back to the tables.
    store = new ConsensusStore(ConsensusStore.open(path).db, 64);
    index = new ReachabilityIndex(store.reachability);
    assert.equal(validateReachability(store.reachability), dag.keys.length + 1);
    const random = seededRandom(0x5ea1);
    for (let i = 0; i < 3000; i++) {
      const a = dag.keys[Math.floor(random() * dag.keys.length)] as BlockKey;
      const b = dag.keys[Math.floor(random() * dag.keys.length)] as BlockKey;
      assert.equal(index.isDagAncestorOf(a, b), memory.isDagAncestorOf(a, b));
      assert.equal(index.isChainAncestorOf(a, b), memory.isChainAncestorOf(a, b));
    }
    store.close();
  });

  it('discarding a staged block leaves neither the tables nor the cache changed', () => {
    const store = ConsensusStore.open(join(dir, 'discard.sqlite'));
    const index = new ReachabilityIndex(store.reachability);
    const [g, a, b] = ['01', '02', '03'].map((x) => x.repeat(32)) as [BlockKey, BlockKey, BlockKey];
    index.init(g);
    store.commit();
    const rows = () => store.db.prepare('SELECT count(*) FROM reachability').pluck().get();
    const before = {
      rows: rows(),
      interval: store.reachability.getInterval(g),
      children: [...store.reachability.getChildren(g)],
    };
    index.addBlock(a, g, []);
    assert.ok(store.reachability.has(a));
    store.discard();
    assert.equal(store.reachability.has(a), false);
    assert.deepEqual(
      { rows: rows(), interval: store.reachability.getInterval(g), children: [...store.reachability.getChildren(g)] },
      before,
    );
    index.addBlock(b, g, []);
    store.commit();
    assert.deepEqual(store.reachability.getChildren(g), [b]);
    store.close();
  });
});
