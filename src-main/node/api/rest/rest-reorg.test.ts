import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  BlockJson,
  RestAddressTransactionsPage,
  RestTransactionCount,
  TransactionJson,
} from '../../../../src-shared/rest-api.ts';
import { networkDir, resolveConfig } from '../../config/config.ts';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { DagwalletNode } from '../../node.ts';
import { SimnetChain } from '../../test-support/simnet-chain.ts';
import { mineSimnetBlock, type MineSimnetOptions } from '../../test-support/simnet.ts';
import { testAddress, testKey } from '../../test-support/test-keys.ts';
import { RestTestClient } from './rest-test-support.ts';

const frank = testKey('frank');

describe('REST answers follow a reorganisation of the selected chain', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-rest-reorg-'));
  let node: DagwalletNode;
  let rest: RestTestClient;
  let payment: Transaction;
  let id: string;

  before(async () => {
    const config = resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false });
    mkdirSync(networkDir(config), { recursive: true });
    const chain = SimnetChain.open({ path: join(networkDir(config), 'consensus.sqlite') });
    chain.mineChain(chain.params.coinbaseMaturity + 5);
    const coin = chain.matureCoinbase();
    payment = chain.sign(
      [coin],
      [
        { value: 100_000_000n, scriptPublicKey: frank.script },
        { value: coin.entry.amount - 100_000_000n - 10_000n, scriptPublicKey: chain.miner.script },
      ],
    );
    id = bytesToHex(transactionId(payment));
    chain.close();
    node = await DagwalletNode.start(config, { version: 'test', p2p: false });
    rest = new RestTestClient(node);
  });
  after(async () => {
    await node?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function add(options: MineSimnetOptions): Promise<BlockKey> {
    const outcome = await node.submitBlock(mineSimnetBlock(node.consensus, options), 'local');
    assert.equal(outcome.status, 'accepted');
    return outcome.hash;
  }
  const blueScoreOf = (block: BlockKey) => node.consensus.ghostdagData(block)?.blueScore as number;
  const virtualBlueScore = () => node.consensus.virtualState().blueScore;
  const address = () => testAddress(frank, node.params);

  it('accepted on one branch, unaccepted when another wins, accepted again once merged; confirmations follow', async () => {
    const fork = node.consensus.sink();
    // Branch A holds the payment; its next chain block accepts it.
    const a1 = await add({ parents: [fork], transactions: [payment] });
    const a2 = await add({ parents: [a1] });
    let tx = await rest.get<TransactionJson>(`/transaction/id/${id}`);
    assert.deepEqual(
      [tx.status, tx.acceptingBlock, tx.acceptingBlueScore, tx.confirmations],
      ['accepted', a2, blueScoreOf(a2), virtualBlueScore() - blueScoreOf(a2)],
    );
    const a3 = await add({ parents: [a2] });
    const before = tx.confirmations;
    tx = await rest.get<TransactionJson>(`/transaction/id/${id}`);
    assert.equal(tx.confirmations, before + 1, 'one more block on top, one more confirmation');
    let listed = await rest.get<RestAddressTransactionsPage>(`/transactions/address/${address()}`);
    assert.deepEqual(
      listed.transactions.map((t) => [t.transactionId, t.status]),
      [[id, 'accepted']],
    );
    assert.equal((await rest.get<BlockJson>(`/block/${a2}`)).isChainBlock, true);

    // Branch B, one block longer and without the payment, takes the chain.
    let b = fork;
    for (let i = 0; i < 4; i++) b = await add({ parents: [b] });
    assert.equal(node.consensus.sink(), b);
    tx = await rest.get<TransactionJson>(`/transaction/id/${id}`);
    assert.deepEqual(
      [tx.status, tx.acceptingBlock, tx.acceptingBlueScore, tx.confirmations],
      ['unaccepted', null, null, 0],
    );
    assert.deepEqual(tx.blocks, [a1]);
    const a2Now = await rest.get<BlockJson>(`/block/${a2}`);
    assert.equal(a2Now.isChainBlock, false);
    // The virtual merges branch A: the payment is listed as unaccepted, ahead of the accepted ones.
    assert.ok(node.consensus.virtualState().parents.includes(a3));
    listed = await rest.get<RestAddressTransactionsPage>(`/transactions/address/${address()}`);
    assert.deepEqual(
      listed.transactions.map((t) => [t.transactionId, t.status]),
      [[id, 'unaccepted']],
    );
    assert.deepEqual(await rest.get<RestTransactionCount>(`/transactions/address/${address()}/count`), { count: 1 });
    assert.deepEqual(await rest.get(`/transactions/address/${address()}?acceptedOnly=true`), {
      transactions: [],
      nextCursor: null,
    });

    // The next chain block merges branch A and accepts the payment itself.
    const c = await add({});
    assert.equal(node.consensus.sink(), c);
    tx = await rest.get<TransactionJson>(`/transaction/id/${id}`);
    assert.deepEqual(
      [tx.status, tx.acceptingBlock, tx.acceptingBlueScore, tx.confirmations],
      ['accepted', c, blueScoreOf(c), virtualBlueScore() - blueScoreOf(c)],
    );
    assert.equal((await rest.get<BlockJson>(`/block/${a1}`)).mergedBy, c);
    await add({});
    assert.equal((await rest.get<TransactionJson>(`/transaction/id/${id}`)).confirmations, tx.confirmations + 1);
    listed = await rest.get<RestAddressTransactionsPage>(`/transactions/address/${address()}?acceptedOnly=true`);
    assert.deepEqual(
      listed.transactions.map((t) => [t.transactionId, t.status, t.acceptingBlock]),
      [[id, 'accepted', c]],
    );
  });
});
