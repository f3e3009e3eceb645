import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { TransactionJson } from '../../../../src-shared/rest-api.ts';
import { networkDir, resolveConfig } from '../../config/config.ts';
import { transactionHash, transactionId } from '../../consensus/hashing/tx-hash.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { mineExplorerDag } from '../../index/transaction-brute-force.ts';
import { DagwalletNode } from '../../node.ts';
import { decodeTransactions } from '../../store/body-repository.ts';
import { CONSENSUS_MIGRATIONS } from '../../store/consensus-schema.ts';
import { openDatabase } from '../../store/open-database.ts';
import { SimnetChain } from '../../test-support/simnet-chain.ts';
import { RestTestClient } from './rest-test-support.ts';

describe('GET /transaction/hash on a store written before transactions were indexed by hash', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-rest-migration-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('migration 6 fills in every stored transaction’s hash, over more bodies than one page', async () => {
    const config = resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false });
    mkdirSync(networkDir(config), { recursive: true });
    const path = join(networkDir(config), 'consensus.sqlite');
    const chain = SimnetChain.open({ path });
    mineExplorerDag(chain);
    // Past 512 bodies: the backfill reads them a page at a time.
    chain.mineChain(300);
    chain.close();

    // The store as migration 5 left it.
    const old = openDatabase(path);
    const bodies = old.prepare('SELECT count(*) FROM block_bodies').pluck().get() as number;
    assert.ok(bodies > 512, `${bodies} bodies`);
    old.exec('DROP TABLE transaction_hashes');
    old.pragma('user_version = 5');
    old.close();

    const node = await DagwalletNode.start(config, { version: 'test', p2p: false });
    try {
      const { db } = node.store;
      assert.equal(db.pragma('user_version', { simple: true }), CONSENSUS_MIGRATIONS.length);
      assert.equal(CONSENSUS_MIGRATIONS.length, 6);
      // Brute force: every body decoded, every transaction hashed.
      const expected = new Map<string, string>();
      for (const blob of db.prepare('SELECT transactions FROM block_bodies').pluck().all() as Buffer[]) {
        for (const tx of decodeTransactions(blob))
          expected.set(bytesToHex(transactionHash(tx)), bytesToHex(transactionId(tx)));
      }
      assert.equal(db.prepare('SELECT count(*) FROM transaction_hashes').pluck().get(), expected.size);
      const rest = new RestTestClient(node);
      for (const [hash, id] of expected) {
        const tx = await rest.get<TransactionJson>(`/transaction/hash/${hash}`);
        assert.deepEqual([tx.transactionId, tx.hash], [id, hash]);
      }
    } finally {
      await node.close();
    }
  });
});
