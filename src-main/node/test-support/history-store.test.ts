import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addressToScriptPublicKey, decodeAddress } from '../consensus/address.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { resolveConfig } from '../config/config.ts';
import { DagwalletNode } from '../node.ts';
import { buildHistoryStore, HISTORY_STORE_NETWORK, type HistoryStoreSummary } from './history-store.ts';
import { signPayment } from './history-store-payments.ts';
import { signTransaction } from './signing.ts';
import { testKey } from './test-keys.ts';

const scriptOf = (address: string) => addressToScriptPublicKey(decodeAddress(address));

describe('history store (small mode)', () => {
  let dataDir: string;
  let summary: HistoryStoreSummary;
  let node: DagwalletNode;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dagwallet-history-store-'));
    summary = await buildHistoryStore({ dataDir, transactions: 2_000, transactionsPerBlock: 200, addresses: 40 });
    node = await DagwalletNode.start(
      resolveConfig({ network: HISTORY_STORE_NETWORK, dataDir, rpcPort: 0, listen: [], mdns: false }),
      { version: 'test', rpc: false, p2p: false },
    );
  });

  after(async () => {
    await node?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds the payments it reports, every one accepted by the selected chain', () => {
    assert.ok(summary.transactions >= 2_000 && summary.transactions < 2_000 + 200, `${summary.transactions}`);
    // Walk the selected chain: every block is on it (each is mined on the one before).
    let payments = 0;
    let blocks = 0;
    for (let block = node.consensus.sink(); block !== node.consensus.genesis;) {
      const ids = node.transactionIndex.transactionIdsOf(block) as string[];
      payments += ids.length - 1; // all but the coinbase
      for (const id of ids.slice(1)) assert.ok(node.transactionIndex.acceptance(id), `${id} is accepted`);
      blocks++;
      block = (node.consensus.ghostdagData(block) as { selectedParent: BlockKey }).selectedParent;
    }
    assert.equal(payments, summary.transactions);
    assert.equal(blocks, summary.blocks);
  });

  it('gives the busy address a share of every block, and the address index counts what the builder did', () => {
    const { index } = node;
    assert.ok(summary.busy.transactions >= summary.transactions / 4, `busy in ${summary.busy.transactions}`);
    assert.equal(index.transactionCount([scriptOf(summary.busy.address)]), summary.busy.transactions);
    assert.equal(summary.addresses.length, 40);
    for (const { address, transactions } of summary.addresses) {
      assert.ok(transactions > 0, `${address} was used`);
      assert.equal(index.transactionCount([scriptOf(address)]), transactions, address);
    }
    // Each payment touches two addresses (sender, recipient); each split touches its 40 recipients.
    const touches = summary.addresses.reduce((sum, { transactions }) => sum + transactions, summary.busy.transactions);
    const splits = 2; // ceil(max(40, 200) / 100) coinbases split
    assert.equal(touches, 2 * (summary.transactions - splits) + splits * 40);
  });

  it("pages the busy address's history newest first", () => {
    const script = scriptOf(summary.busy.address);
    const first = node.index.history([script], { limit: 25 });
    assert.equal(first.length, 25);
    const last = first.at(-1);
    assert.ok(last);
    const second = node.index.history([script], { limit: 25, before: last });
    assert.equal(second.length, 25);
    const seen = new Set([...first, ...second].map((row) => row.transactionId));
    assert.equal(seen.size, 50);
    const order = [...first, ...second].map((row) => row.acceptingBlueScore);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => b - a),
    );
  });

  it("signs payments to the same bytes as signing.ts's signTransaction", () => {
    const key = testKey('history store signer');
    const coin = {
      outpoint: { transactionId: new Uint8Array(32).fill(7), index: 3 },
      entry: { amount: 5_000_000n, scriptPublicKey: key.script, blockDaaScore: 12, isCoinbase: false },
    };
    const outputs = [
      { value: 1_000_000n, scriptPublicKey: testKey('someone').script },
      { value: 3_997_900n, scriptPublicKey: key.script },
    ];
    assert.deepEqual(
      signPayment(coin, key.secretKey, outputs),
      signTransaction([{ ...coin, secretKey: key.secretKey }], outputs),
    );
  });
});
