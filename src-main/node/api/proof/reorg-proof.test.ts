/**
 * The proof that notifications and confirmations follow a reorganisation of the selected chain:
 * a transaction to a watched address is accepted on the node's chain, then a heavier branch
 * (mined on a second consensus from the same history, the same transaction in another block)
 * arrives through the API's submitBlock and becomes the selected chain. MQTT says
 * transactions/unaccepted/<address>, then transactions/accepted/<address>; WebSocket's
 * virtualChainChanged names the blocks that left; REST shows the new accepting block, and
 * confirmations that count from it and grow with each block.
 *
 * Simnet, not devnet: the transaction needs a mature coinbase (100 DAA score), which devnet's real
 * difficulty would take minutes to mine (see api-proof.test.ts); the reorganisation itself is the
 * same code on either network.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NotificationMap, TransactionJson } from '../../../../src-shared/api.ts';
import type { RestAddressTransactionsPage, RestInfoJson } from '../../../../src-shared/rest-api.ts';
import type { BlockWithBody } from '../../chain/block-import-queue.ts';
import { encodeBlock } from '../../consensus/codec/block-codec.ts';
import { encodeTransaction } from '../../consensus/codec/tx-codec.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../../consensus/params/dagwallet-networks.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { until } from '../../test-support/p2p-nodes.ts';
import { signTransaction } from '../../test-support/signing.ts';
import { type OpenedSimnet, openSimnet } from '../../test-support/simnet.ts';
import { testAddress, testKey } from '../../test-support/test-keys.ts';
import type { SelectedParentChainJson } from '../mqtt/mqtt-topics.ts';
import { scriptFromJson } from '../script-json.ts';
import { listenMqtt, mineBlock, type MqttListener, type ProofNode, restCall, startProofNode } from './proof-support.ts';

const SIMNET = DAGWALLET_NETWORKS.simnet;
const MINER = testKey('miner');
const ALICE = testKey('alice');
const FEE = 100_000n;

describe('a reorganisation of the selected chain, as the APIs tell it', { timeout: 120_000 }, () => {
  const alice = testAddress(ALICE, SIMNET);
  let node: ProofNode;
  let other: OpenedSimnet;
  let mqtt: MqttListener;
  const chainChanges: NotificationMap['virtualChainChanged'][] = [];
  const utxoChanges: NotificationMap['utxosChanged'][] = [];
  /** Every block the node was given before the fork, to give the second consensus the same history. */
  const history: BlockWithBody[] = [];
  let spend: Transaction;
  let spendId: string;
  let forkPoint: BlockKey;
  /** The node's own branch after the fork: A1 holds the spend, A2 accepts it. */
  const ours: BlockKey[] = [];
  /** The heavier branch: B2 holds the spend, B3 accepts it. */
  const theirs: BlockWithBody[] = [];
  const theirHashes: BlockKey[] = [];

  async function submit(block: BlockWithBody): Promise<BlockKey> {
    // Over the API, as a miner or a peer's relay would hand it in.
    const result = await node.rpc.call('submitBlock', {
      block: bytesToHex(encodeBlock({ header: block.header, transactions: [...block.transactions] })),
    });
    assert.equal(result.status, 'accepted', JSON.stringify(result));
    assert.equal(result.code, undefined, 'UTXO valid');
    return result.hash;
  }

  async function restGet<T>(path: string): Promise<T> {
    const reply = await restCall<T>(node, 'GET', path);
    assert.equal(reply.status, 200, `${path}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  before(async () => {
    node = await startProofNode('simnet', { mqtt: true });
    other = openSimnet();
    mqtt = await listenMqtt(node.mqttUrl as string, ['dag/#', 'transactions/#']);
    await Promise.all([
      node.ws.subscribe('virtualChainChanged', (change) => chainChanges.push(change)).ready,
      node.ws.subscribe('utxosChanged', (change) => utxoChanges.push(change), { addresses: [alice] }).ready,
    ]);
    // Coinbases to the miner, the oldest past maturity.
    for (let i = 0; i < SIMNET.coinbaseMaturity + 3; i++) {
      const block = await mineBlock(node.node.consensus, { payTo: MINER.script });
      await submit(block);
      history.push(block);
    }
    for (const block of history) other.consensus.insertBlock(block.header, block.transactions);
    assert.equal(other.consensus.sink(), node.node.consensus.sink(), 'the same history');
    forkPoint = node.node.consensus.sink();

    const { virtualDaaScore } = await node.rpc.call('getInfo', {});
    const [coin] = (await node.rpc.call('getUtxosByAddresses', { addresses: [testAddress(MINER, SIMNET)] }))
      .filter((utxo) => utxo.blockDaaScore + SIMNET.coinbaseMaturity <= virtualDaaScore)
      .sort((x, y) => x.blockDaaScore - y.blockDaaScore);
    assert.ok(coin, 'a mature coinbase');
    spend = signTransaction(
      [
        {
          outpoint: coin.outpoint as `${string}:${number}`,
          entry: {
            amount: BigInt(coin.amount),
            scriptPublicKey: scriptFromJson(coin.scriptPublicKey),
            blockDaaScore: coin.blockDaaScore,
            isCoinbase: true,
          },
          secretKey: MINER.secretKey,
        },
      ],
      [{ value: BigInt(coin.amount) - FEE, scriptPublicKey: ALICE.script }],
    );
  });

  after(async () => {
    await mqtt?.close();
    await node?.close();
    other?.close();
  });

  it('accepts the spend on the node’s chain: REST, MQTT and WebSocket agree', async () => {
    const posted = await restCall<{ transactionId: string; status: string }>(node, 'POST', '/transaction', {
      token: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transaction: bytesToHex(encodeTransaction(spend)) }),
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    spendId = posted.body.transactionId;
    assert.equal((await restGet<TransactionJson>(`/transaction/id/${spendId}`)).status, 'mempool');

    ours.push(await submit(await mineBlock(node.node.consensus, { transactions: [spend] })));
    ours.push(await submit(await mineBlock(node.node.consensus)));
    ours.push(await submit(await mineBlock(node.node.consensus)));
    const [a1, a2] = ours as [BlockKey, BlockKey, BlockKey];

    const tx = await restGet<TransactionJson>(`/transaction/id/${spendId}`);
    assert.equal(tx.status, 'accepted');
    assert.deepEqual(tx.blocks, [a1]);
    assert.equal(tx.acceptingBlock, a2);
    const info = await restGet<RestInfoJson>('/info');
    assert.equal(tx.confirmations, info.virtualBlueScore - (tx.acceptingBlueScore as number));
    assert.equal(tx.confirmations, 2, 'counted from A2: A2 and A3');

    const listed = await restGet<RestAddressTransactionsPage>(`/transactions/address/${alice}`);
    assert.deepEqual(
      listed.transactions.map((each) => [each.transactionId, each.acceptingBlock]),
      [[spendId, a2]],
    );
    await until('the accepted message over MQTT', () =>
      mqtt.on(`transactions/accepted/${alice}`).length === 1 ? true : undefined,
    );
    assert.deepEqual(
      (mqtt.on(`transactions/${alice}`) as TransactionJson[]).map((each) => each.transactionId),
      [spendId],
      'included once, in A1',
    );
    await until('the UTXO it made, over WebSocket', () =>
      utxoChanges.some((change) => change.added.some((utxo) => utxo.outpoint === `${spendId}:0`)) ? true : undefined,
    );
  });

  it('a heavier branch holding the same spend becomes the selected chain: unaccepted, then accepted', async () => {
    const [a1, a2, a3] = ours as [BlockKey, BlockKey, BlockKey];
    // Five blocks on the fork point, the spend in the second: more blue work than the node's three.
    for (let i = 0; i < 5; i++) {
      const block = await mineBlock(other.consensus, i === 1 ? { transactions: [spend] } : {});
      theirHashes.push(other.consensus.insertBlock(block.header, block.transactions).hash);
      theirs.push(block);
    }
    assert.equal(other.consensus.ghostdagData(theirHashes[0] as string)?.selectedParent, forkPoint);
    const messagesBefore = mqtt.messages.length;
    const changesBefore = chainChanges.length;
    for (const block of theirs) await submit(block);
    const [b1, b2, b3] = theirHashes as [BlockKey, BlockKey, BlockKey];
    assert.equal(node.node.consensus.sink(), theirHashes.at(-1), 'their branch is the selected chain');

    // MQTT: what A2 had accepted is unaccepted, then B3 accepts it, in this order.
    await until('the spend accepted again over MQTT', () =>
      mqtt.on(`transactions/accepted/${alice}`).length === 2 ? true : undefined,
    );
    const heardSince = mqtt.messages.slice(messagesBefore);
    const unacceptedAt = heardSince.findIndex((message) => message.topic === `transactions/unaccepted/${alice}`);
    const acceptedAt = heardSince.findIndex((message) => message.topic === `transactions/accepted/${alice}`);
    assert.ok(unacceptedAt !== -1, 'an unaccepted message');
    assert.ok(unacceptedAt < acceptedAt, 'unaccepted before accepted');
    assert.equal((heardSince[unacceptedAt]?.payload as TransactionJson).transactionId, spendId);
    const accepted = heardSince[acceptedAt]?.payload as TransactionJson;
    assert.equal(accepted.transactionId, spendId);
    assert.equal(accepted.acceptingBlock, b3);
    assert.equal(mqtt.on(`transactions/unaccepted/${alice}`).length, 1);
    const parentChains = heardSince
      .filter((message) => message.topic === 'dag/selected-parent-chain')
      .map((message) => message.payload as SelectedParentChainJson);
    const reorg = parentChains.find((chain) => chain.removedBlockHashes.length > 0);
    assert.deepEqual(reorg?.removedBlockHashes, [a3, a2, a1], 'newest first');
    assert.deepEqual(
      reorg?.addedBlocks.slice(0, 3).map((block) => block.hash),
      [b1, b2, b3],
    );
    assert.ok(reorg?.addedBlocks[2]?.acceptedTransactionIds.includes(spendId), 'B3 accepts the spend');

    // WebSocket: the same change, one notification naming the blocks that left.
    await until('the chain change over WebSocket', () =>
      chainChanges.slice(changesBefore).some((change) => change.added.includes(theirHashes.at(-1) as string))
        ? true
        : undefined,
    );
    const removing = chainChanges.slice(changesBefore).filter((change) => change.removed.length > 0);
    assert.equal(removing.length, 1);
    assert.deepEqual(removing[0]?.removed, [a3, a2, a1]);
    assert.deepEqual(removing[0]?.added.slice(0, 3), [b1, b2, b3]);
    const moved = await node.rpc.call('getVirtualChainFromBlock', { startHash: a2 });
    assert.deepEqual(moved.removedChainBlockHashes, [a2, a1]);
    assert.deepEqual(moved.addedChainBlockHashes, theirHashes);

    // REST: the new accepting block, confirmations from it; both blocks hold the transaction.
    const tx = await restGet<TransactionJson>(`/transaction/id/${spendId}`);
    assert.equal(tx.status, 'accepted');
    assert.equal(tx.acceptingBlock, b3);
    assert.deepEqual(tx.blocks.toSorted(), [a1, b2].toSorted());
    const info = await restGet<RestInfoJson>('/info');
    assert.equal(tx.confirmations, info.virtualBlueScore - (tx.acceptingBlueScore as number));
    // B3, B4, B5, and the virtual's blue score also counts the node's old branch it merges now.
    assert.equal(tx.confirmations, 3 + ours.length);
    const listed = await restGet<RestAddressTransactionsPage>(`/transactions/address/${alice}?acceptedOnly=true`);
    assert.deepEqual(
      listed.transactions.map((each) => [each.transactionId, each.acceptingBlock, each.confirmations]),
      [[spendId, b3, tx.confirmations]],
    );
    assert.equal((await restGet<TransactionJson>(`/transaction/hash/${tx.hash}`)).acceptingBlock, b3);

    // WebSocket utxosChanged: alice still holds the one output, as the node's UTXO set says.
    const held = new Map<string, number>();
    for (const { added, removed } of utxoChanges) {
      for (const utxo of removed) held.delete(utxo.outpoint);
      for (const utxo of added) held.set(utxo.outpoint, utxo.blockDaaScore);
    }
    const [utxo] = await node.rpc.call('getUtxosByAddresses', { addresses: [alice] });
    await until('utxosChanged to catch up', () =>
      held.size === 1 && held.get(`${spendId}:0`) === utxo?.blockDaaScore ? true : undefined,
    );
  });

  it('confirmations grow with each block added on the new chain', async () => {
    let previous = (await restGet<TransactionJson>(`/transaction/id/${spendId}`)).confirmations;
    for (let i = 0; i < 3; i++) {
      await submit(await mineBlock(node.node.consensus));
      const tx = await restGet<TransactionJson>(`/transaction/id/${spendId}`);
      const { virtualBlueScore } = await restGet<RestInfoJson>('/info');
      assert.equal(tx.acceptingBlock, theirHashes[2], 'still accepted by B3');
      assert.equal(tx.confirmations, virtualBlueScore - (tx.acceptingBlueScore as number));
      assert.ok(tx.confirmations > previous, `${tx.confirmations} after ${previous}`);
      const [listed] = (await restGet<RestAddressTransactionsPage>(`/transactions/address/${alice}`)).transactions;
      assert.equal(listed?.confirmations, tx.confirmations);
      previous = tx.confirmations;
    }
  });
});
