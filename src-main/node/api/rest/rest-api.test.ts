import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  BlockJson,
  RestAddressTransactionsPage,
  RestBlocksPage,
  RestBlockTransactions,
  RestErrorJson,
  RestInfoJson,
  RestSubmitTransactionResult,
  RestTransactionCount,
  RestUtxoJson,
  RestUtxosPage,
  TransactionJson,
} from '../../../../src-shared/rest-api.ts';
import { networkDir, resolveConfig } from '../../config/config.ts';
import { AddressVersion, createAddress, encodeAddress } from '../../consensus/address.ts';
import { encodeTransaction } from '../../consensus/codec/tx-codec.ts';
import { transactionHash, transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { outpointKey } from '../../consensus/utxo/utxo-serialization.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { bruteForceHistory } from '../../index/brute-force.ts';
import { scriptKeyHex } from '../../index/script-keys.ts';
import {
  alice,
  allBlocks,
  bruteForceAcceptance,
  bruteForceLocations,
  chainOf,
  type ExplorerDag,
  mineExplorerDag,
} from '../../index/transaction-brute-force.ts';
import { DagwalletNode } from '../../node.ts';
import { outputOf, signTransaction } from '../../test-support/signing.ts';
import { SimnetChain, virtualUtxoSet } from '../../test-support/simnet-chain.ts';
import { mineSimnetBlock } from '../../test-support/simnet.ts';
import { type TestKey, testAddress, testKey } from '../../test-support/test-keys.ts';
import { isRestPath } from '../json-rpc/access-policy.ts';
import { type ApiHandlers, nodeApiHandlers } from '../node-api-handlers.ts';
import type { OPENAPI_DOCUMENT } from './openapi.ts';
import { RestApi } from './rest-api.ts';
import { RestTestClient } from './rest-test-support.ts';

const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));
const dave = testKey('dave');
const erin = testKey('erin');
/** Paid three times, from stored outputs only (nothing the virtual's mergeset created or spent). */
const gina = testKey('gina');
const COIN = 100_000_000n;

/** What the test DAG adds to the explorer's for the REST listings. */
interface RestDag extends ExplorerDag {
  /** Payments to dave, accepted: several per block. */
  toDave: Transaction[];
  /** Dave paying erin from one of those, accepted. */
  daveSpends: Transaction;
  /** For blocks mined on the running node: a coinbase to dave (U1) and dave spending an accepted output (U2). */
  unacceptedToDave: Transaction;
  unacceptedFromDave: Transaction;
  /** For POST /transaction: a payment, and another spending the same coin. */
  posted: Transaction;
  doubleSpend: Transaction;
}

function mineRestDag(chain: SimnetChain): RestDag {
  const dag = mineExplorerDag(chain);
  const coins = chain.matureCoinbaseOutputs();
  let next = 0;
  const pay = (to: TestKey, value: bigint, fee = 10_000n) => {
    const coin = coins[next++];
    assert.ok(coin, 'enough mature coinbases');
    return chain.sign(
      [coin],
      [
        { value, scriptPublicKey: to.script },
        { value: coin.entry.amount - value - fee, scriptPublicKey: chain.miner.script },
      ],
    );
  };
  const toDave: Transaction[] = [];
  for (let block = 0; block < 4; block++) {
    const transactions = [0, 1, 2].map((i) => pay(dave, BigInt(block * 3 + i + 1) * COIN));
    toDave.push(...transactions);
    chain.mine({ transactions });
  }
  const daveSpends = signTransaction(
    [{ ...outputOf(toDave[0] as Transaction, 0), secretKey: dave.secretKey }],
    [{ value: COIN - 10_000n, scriptPublicKey: erin.script }],
  );
  chain.mine({ transactions: [daveSpends, ...[1n, 2n, 3n].map((n) => pay(gina, n * COIN))] });
  chain.mineChain(3);
  const unacceptedToDave = pay(dave, 50n * COIN);
  const unacceptedFromDave = signTransaction(
    [{ ...outputOf(toDave[5] as Transaction, 0), secretKey: dave.secretKey }],
    [{ value: 6n * COIN - 10_000n, scriptPublicKey: erin.script }],
  );
  const postedCoin = coins[next++];
  assert.ok(postedCoin);
  const posted = chain.sign(
    [postedCoin],
    [
      { value: 7n * COIN, scriptPublicKey: erin.script },
      { value: postedCoin.entry.amount - 7n * COIN - 10_000n, scriptPublicKey: chain.miner.script },
    ],
  );
  const doubleSpend = chain.sign(
    [postedCoin],
    [{ value: postedCoin.entry.amount - 20_000n, scriptPublicKey: erin.script }],
  );
  return { ...dag, toDave, daveSpends, unacceptedToDave, unacceptedFromDave, posted, doubleSpend };
}

describe('REST API over HTTP on a simnet node with blocks and transactions', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-rest-'));
  let node: DagwalletNode;
  let handlers: ApiHandlers;
  let rest: RestTestClient;
  let dag: RestDag;
  /** Tips mined on the running node: the sink and a sibling the virtual merges. */
  let sideTip: BlockKey;
  let headerOnly: BlockKey;
  const addressOf = (key: TestKey) => testAddress(key, node.params);

  before(async () => {
    const config = resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false });
    mkdirSync(networkDir(config), { recursive: true });
    const chain = SimnetChain.open({ path: join(networkDir(config), 'consensus.sqlite') });
    dag = mineRestDag(chain);
    chain.close();
    node = await DagwalletNode.start(config, { version: 'test', p2p: false });
    handlers = nodeApiHandlers(node);
    rest = new RestTestClient(node);
    // Two siblings on the sink: one becomes the sink, the virtual merges the other. Neither's
    // transactions are accepted by a chain block yet.
    const base = node.consensus.sink();
    const first = mineSimnetBlock(node.consensus, { parents: [base], transactions: [dag.unacceptedToDave] });
    const second = mineSimnetBlock(node.consensus, { parents: [base], transactions: [dag.unacceptedFromDave] });
    for (const block of [first, second]) assert.equal((await node.submitBlock(block, 'local')).status, 'accepted');
    const tips = node.consensus.tips();
    assert.equal(tips.length >= 2, true);
    sideTip = node.consensus.virtualState().parents.find((parent) => parent !== node.consensus.sink()) as BlockKey;
    assert.ok(sideTip, 'the virtual merges the second sibling');
    // A block known by its header only.
    const orphanBody = mineSimnetBlock(node.consensus, { parents: [dag.stale] });
    headerOnly = node.consensus.insertHeader(orphanBody.header).hash;
  });
  after(async () => {
    await node?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('GET /block/{hash}: the explorer’s block, any hex case; 400 for a bad hash, 404 for an unknown one', async () => {
    const { consensus } = node;
    for (const block of [consensus.sink(), consensus.genesis, dag.carolBlock, dag.stale, sideTip, headerOnly]) {
      assert.deepEqual(await rest.get(`/block/${block}`), await handlers.getBlock({ hash: block }));
    }
    const upper = await rest.get<BlockJson>(`/block/${dag.carolBlock.toUpperCase()}`);
    assert.equal(upper.hash, dag.carolBlock);
    assert.equal((await rest.get<BlockJson>(`/block/${headerOnly}`)).transactions, null);
    assert.match(await rest.error(`/block/${'ab'.repeat(31)}a`, 400, 'BAD_HASH'), /hash must be 64 hex.*63 characters/);
    assert.match(await rest.error(`/block/${'zz'.repeat(32)}`, 400, 'BAD_HASH'), /other than 0-9/);
    assert.match(await rest.error(`/block/${'00'.repeat(32)}`, 404, 'NOT_FOUND'), /no block 0{64}/);
  });

  it('GET /blocks: every block exactly once, by blue score, both orders, in pages of any size', async () => {
    const expected = (
      node.store.db.prepare('SELECT hash, blue_score, id FROM blocks ORDER BY blue_score, id').raw().all() as [
        Buffer,
        number,
        number,
      ][]
    ).map(([hash]) => hash.toString('hex'));
    for (const [order, limit] of [
      ['desc', 7],
      ['asc', 100],
      ['asc', 1],
    ] as const) {
      const base = `/blocks?order=${order}&limit=${limit}`;
      const seen = await walk<BlockJson>(base, 'blocks');
      assert.deepEqual(
        seen.map((block) => block.hash),
        order === 'asc' ? expected : [...expected].reverse(),
      );
      if (limit === 7) {
        const sample = seen.find((block) => block.hash === dag.carolBlock);
        assert.deepEqual(sample, await handlers.getBlock({ hash: dag.carolBlock }));
      }
    }
    const first = await rest.get<RestBlocksPage>('/blocks');
    assert.equal(first.blocks.length, 25, 'default: 25, newest first');
    assert.equal(first.blocks[0]?.blueScore, Math.max(...first.blocks.map((block) => block.blueScore)));
    assert.ok(first.nextCursor);
    // Bad paging, each naming its parameter.
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'limit=-1', 'limit=', 'limit=1&limit=2']) {
      assert.match(await rest.error(`/blocks?${query}`, 400, 'BAD_PAGING'), /limit/);
    }
    assert.match(await rest.error('/blocks?order=up', 400, 'BAD_PAGING'), /order must be asc or desc/);
    for (const cursor of [
      'junk!',
      'bm90IGpzb24',
      Buffer.from('["b","desc",-1,0]').toString('base64url'),
      'x'.repeat(500),
    ])
      assert.match(await rest.error(`/blocks?cursor=${cursor}`, 400, 'BAD_PAGING'), /cursor/);
    assert.match(
      await rest.error(`/blocks?order=asc&cursor=${first.nextCursor}`, 400, 'BAD_PAGING'),
      /order=desc/,
      'a cursor continues its own order',
    );
    const utxoCursor = Buffer.from(JSON.stringify(['o', '00'.repeat(36)])).toString('base64url');
    assert.match(await rest.error(`/blocks?cursor=${utxoCursor}`, 400, 'BAD_PAGING'), /another listing/);
  });

  it('GET /transaction/id/{id} and /transaction/hash/{hash}: the explorer’s transaction, by ID or by hash', async () => {
    const locations = bruteForceLocations(node.consensus);
    assert.ok(locations.size > 100, `${locations.size} transactions stored`);
    let compared = 0;
    for (const [id, [first]] of locations) {
      const byId = await rest.get<TransactionJson>(`/transaction/id/${id}`);
      assert.deepEqual(byId, await handlers.getTransaction({ transactionId: id }));
      const tx = node.store.bodies.get((first as { block: BlockKey }).block)?.[
        (first as { position: number }).position
      ];
      assert.ok(tx);
      const hash = bytesToHex(transactionHash(tx));
      assert.deepEqual(await rest.get(`/transaction/hash/${hash}`), byId);
      if (++compared === 60) break;
    }
    const toBob = await rest.get<TransactionJson>(`/transaction/id/${idOf(dag.toBob)}`);
    assert.equal(toBob.status, 'accepted');
    assert.equal(toBob.inputs[0]?.address, addressOf(alice));
    assert.equal(toBob.inputs[0]?.amount, (40n * COIN).toString());
    assert.ok(toBob.confirmations > 0);
    const twice = await rest.get<TransactionJson>(`/transaction/hash/${bytesToHex(transactionHash(dag.twice))}`);
    assert.equal(twice.transactionId, idOf(dag.twice));
    assert.equal(twice.blocks.length, 2);
    const pending = await rest.get<TransactionJson>(`/transaction/id/${idOf(dag.unacceptedToDave)}`);
    assert.deepEqual([pending.status, pending.acceptingBlock, pending.confirmations], ['unaccepted', null, 0]);
    for (const path of ['/transaction/id/', '/transaction/hash/']) {
      assert.match(await rest.error(`${path}${'1'.repeat(65)}`, 400, 'BAD_HASH'), /must be 64 hex/);
      await rest.error(`${path}${'12'.repeat(32)}`, 404, 'NOT_FOUND');
    }
    // A transaction's ID is not its hash.
    await rest.error(`/transaction/hash/${idOf(dag.toBob)}`, 404, 'NOT_FOUND');
  });

  /** Dave's transactions as the listing must show them, worked out by brute force. */
  function expectedDaveListing(): { unaccepted: string[]; accepted: string[] } {
    const { consensus } = node;
    const script = scriptKeyHex(dave.script);
    const accepted = bruteForceHistory(
      { consensus, selectedChain: () => chainOf(consensus).slice(1) } as unknown as SimnetChain,
      [dave.script],
    ).map((row) => row.transactionId);
    const acceptance = bruteForceAcceptance(consensus);
    const locations = bruteForceLocations(consensus);
    const sink = consensus.sink();
    const { parents } = consensus.virtualState();
    const mergeset = allBlocks(consensus).filter(
      (block) =>
        block === sink ||
        (!consensus.isDagAncestorOf(block, sink) &&
          parents.some((parent) => parent === block || consensus.isDagAncestorOf(block, parent))),
    );
    const touchesDave = (tx: Transaction) =>
      tx.outputs.some((output) => scriptKeyHex(output.scriptPublicKey) === script) ||
      tx.inputs.some(({ previousOutpoint }) => {
        const [where] = locations.get(bytesToHex(previousOutpoint.transactionId)) ?? [];
        const spent =
          where && consensus.store.bodies.get(where.block)?.[where.position]?.outputs[previousOutpoint.index];
        return spent !== undefined && scriptKeyHex(spent.scriptPublicKey) === script;
      });
    const unaccepted = new Set<string>();
    for (const block of mergeset) {
      for (const tx of consensus.store.bodies.get(block) ?? []) {
        if (touchesDave(tx) && !acceptance.has(idOf(tx))) unaccepted.add(idOf(tx));
      }
    }
    return { unaccepted: [...unaccepted].sort(), accepted };
  }

  async function walk<T>(base: string, key: 'blocks' | 'transactions' | 'utxos'): Promise<T[]> {
    const items: T[] = [];
    let path = base;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 2_000, 'the walk ends');
      const page = await rest.get<Record<string, unknown> & { nextCursor: string | null }>(path);
      const got = page[key] as T[];
      items.push(...got);
      if (page.nextCursor === null) break;
      assert.ok(got.length > 0, 'a page with a next one is not empty');
      path = `${base}${base.includes('?') ? '&' : '?'}cursor=${page.nextCursor}`;
    }
    return items;
  }

  it('GET /transactions/address/{address}: unaccepted first, then accepted newest first; every page walk sees each once', async () => {
    const { unaccepted, accepted } = expectedDaveListing();
    assert.deepEqual(unaccepted, [idOf(dag.unacceptedFromDave), idOf(dag.unacceptedToDave)].sort());
    assert.equal(accepted.length, 13);
    assert.deepEqual(accepted.slice(0, 1), [idOf(dag.daveSpends)]);
    const address = addressOf(dave);
    for (const limit of [1, 2, 3, 5, 100]) {
      const listed = await walk<TransactionJson>(`/transactions/address/${address}?limit=${limit}`, 'transactions');
      assert.deepEqual(
        listed.map((tx) => tx.transactionId),
        [...unaccepted, ...accepted],
        `limit ${limit}`,
      );
      assert.deepEqual(
        listed.map((tx) => tx.status),
        [...unaccepted.map(() => 'unaccepted'), ...accepted.map(() => 'accepted')],
      );
      const acceptedOnly = await walk<TransactionJson>(
        `/transactions/address/${address}?acceptedOnly=true&limit=${limit}`,
        'transactions',
      );
      assert.deepEqual(
        acceptedOnly.map((tx) => tx.transactionId),
        accepted,
      );
    }
    // Each as GET /transaction/id shows it.
    const page = await rest.get<RestAddressTransactionsPage>(`/transactions/address/${address}?limit=100`);
    for (const tx of page.transactions)
      assert.deepEqual(tx, await handlers.getTransaction({ transactionId: tx.transactionId }));
    const spend = page.transactions.find((tx) => tx.transactionId === idOf(dag.daveSpends));
    assert.equal(spend?.inputs[0]?.address, address, 'an input carries the address it spends from');
    const defaults = await rest.get<RestAddressTransactionsPage>(`/transactions/address/${address}`);
    assert.equal(defaults.transactions.length, 15, 'default limit 25 holds all 15');
    assert.equal(defaults.nextCursor, null);
    assert.deepEqual(await rest.get<RestTransactionCount>(`/transactions/address/${address}/count`), { count: 15 });
    assert.deepEqual(await rest.get<RestTransactionCount>(`/transactions/address/${address}/count?acceptedOnly=true`), {
      count: 13,
    });
    // Alice, by brute force too (no unaccepted ones).
    const aliceListed = await walk<TransactionJson>(
      `/transactions/address/${addressOf(alice)}?limit=2`,
      'transactions',
    );
    const aliceExpected = bruteForceHistory(
      { consensus: node.consensus, selectedChain: () => chainOf(node.consensus).slice(1) } as unknown as SimnetChain,
      [alice.script],
    ).map((row) => row.transactionId);
    assert.deepEqual(
      aliceListed.map((tx) => tx.transactionId),
      aliceExpected,
    );
    // An address nothing touched.
    const nobody = addressOf(testKey('nobody'));
    assert.deepEqual(await rest.get(`/transactions/address/${nobody}`), { transactions: [], nextCursor: null });
    assert.deepEqual(await rest.get(`/transactions/address/${nobody}/count`), { count: 0 });
  });

  it('GET /transactions/address: bad addresses, paging and cursors are 400s naming the parameter', async () => {
    const address = addressOf(dave);
    const otherNetwork = encodeAddress(createAddress('kaspa', AddressVersion.PubKey, dave.publicKey));
    const flipped = `${address.slice(0, -1)}${address.endsWith('q') ? 'p' : 'q'}`;
    for (const path of ['/transactions/address/', '/utxos/address/']) {
      assert.match(await rest.error(`${path}${encodeURIComponent(otherNetwork)}`, 400, 'BAD_ADDRESS'), /^address: /);
      assert.match(await rest.error(`${path}${flipped}`, 400, 'BAD_ADDRESS'), /address:/);
      await rest.error(`${path}not-an-address`, 400, 'BAD_ADDRESS');
      await rest.error(`${path}${'x'.repeat(2_000)}`, 400, 'BAD_ADDRESS');
    }
    await rest.error(`/transactions/address/${otherNetwork}/count`, 400, 'BAD_ADDRESS');
    for (const query of [
      'limit=0',
      'limit=101',
      'acceptedOnly=yes',
      'cursor=%%%',
      'acceptedOnly=true&acceptedOnly=false',
    ])
      await rest.error(`/transactions/address/${address}?${query}`, 400, 'BAD_PAGING');
    await rest.error(`/transactions/address/${address}/count?acceptedOnly=1`, 400, 'BAD_PAGING');
    const first = await rest.get<RestAddressTransactionsPage>(`/transactions/address/${address}?limit=1`);
    assert.ok(first.nextCursor);
    assert.match(
      await rest.error(
        `/transactions/address/${address}?acceptedOnly=true&cursor=${first.nextCursor}`,
        400,
        'BAD_PAGING',
      ),
      /another listing/,
      'an unaccepted-part cursor does not continue an accepted-only listing',
    );
  });

  it('GET /transactions/block/{hash}: a block’s transactions in body order; 404 for an unknown or header-only block', async () => {
    const holding = dag.twiceBlocks[0];
    const reply = await rest.get<RestBlockTransactions>(`/transactions/block/${holding}`);
    const body = node.store.bodies.get(holding) ?? [];
    assert.deepEqual(
      reply.transactions.map((tx) => tx.transactionId),
      body.map(idOf),
    );
    for (const tx of reply.transactions)
      assert.deepEqual(tx, await handlers.getTransaction({ transactionId: tx.transactionId }));
    assert.equal(reply.transactions[0]?.isCoinbase, true);
    await rest.error(`/transactions/block/${'00'.repeat(32)}`, 404, 'NOT_FOUND');
    assert.match(await rest.error(`/transactions/block/${headerOnly}`, 404, 'NOT_FOUND'), /header only/);
    await rest.error('/transactions/block/123', 400, 'BAD_HASH');
  });

  it('GET /utxos/address/{address}: the virtual’s UTXO set, each output once across pages', async () => {
    const { daaScore } = node.consensus.virtualState();
    const expectedFor = (key: TestKey) =>
      [...virtualUtxoSet(node.consensus)]
        .filter(([, entry]) => scriptKeyHex(entry.scriptPublicKey) === scriptKeyHex(key.script))
        .map(([outpoint, entry]): RestUtxoJson => ({
          address: addressOf(key),
          outpoint,
          amount: entry.amount.toString(),
          scriptPublicKey: `0000${bytesToHex(key.script.script)}`,
          blockDaaScore: entry.blockDaaScore,
          isCoinbase: entry.isCoinbase,
          isSpendable: !entry.isCoinbase || entry.blockDaaScore + node.params.coinbaseMaturity <= daaScore,
        }))
        .sort((x, y) => (x.outpoint < y.outpoint ? -1 : 1));
    const byOutpoint = (x: RestUtxoJson, y: RestUtxoJson) => (x.outpoint < y.outpoint ? -1 : 1);
    const miner = testKey('miner');
    const minerUtxos = expectedFor(miner);
    assert.ok(minerUtxos.length > 200);
    assert.ok(minerUtxos.some((utxo) => !utxo.isSpendable) && minerUtxos.some((utxo) => utxo.isSpendable));
    for (const limit of [37, 1000]) {
      const listed = await walk<RestUtxoJson>(`/utxos/address/${addressOf(miner)}?limit=${limit}`, 'utxos');
      assert.equal(new Set(listed.map((utxo) => utxo.outpoint)).size, listed.length, 'no output twice');
      assert.deepEqual([...listed].sort(byOutpoint), minerUtxos);
    }
    // Dave: one output created by the virtual's mergeset, one the mergeset spent.
    const daveUtxos = expectedFor(dave);
    const created = outpointKey(transactionId(dag.unacceptedToDave), 0);
    const spent = outpointKey(transactionId(dag.toDave[5] as Transaction), 0);
    assert.ok(daveUtxos.some((utxo) => utxo.outpoint === created));
    assert.ok(!daveUtxos.some((utxo) => utxo.outpoint === spent));
    for (const limit of [1, 4, 100]) {
      const listed = await walk<RestUtxoJson>(`/utxos/address/${addressOf(dave)}?limit=${limit}`, 'utxos');
      assert.deepEqual([...listed].sort(byOutpoint), daveUtxos, `limit ${limit}`);
    }
    const ginaUtxos = expectedFor(gina);
    assert.equal(ginaUtxos.length, 3);
    for (const limit of [1, 2, 3]) {
      const listed = await walk<RestUtxoJson>(`/utxos/address/${addressOf(gina)}?limit=${limit}`, 'utxos');
      assert.deepEqual([...listed].sort(byOutpoint), ginaUtxos, `limit ${limit}`);
    }
    const page = await rest.get<RestUtxosPage>(`/utxos/address/${addressOf(dave)}`);
    assert.equal(page.nextCursor, null);
    assert.equal(page.utxos.length, daveUtxos.length);
    assert.deepEqual(await rest.get(`/utxos/address/${addressOf(testKey('nobody'))}`), { utxos: [], nextCursor: null });
    for (const query of ['limit=1001', 'limit=0', 'cursor=abc'])
      await rest.error(`/utxos/address/${addressOf(miner)}?${query}`, 400, 'BAD_PAGING');
  });

  it('GET /fee-estimates and /info: the JSON-RPC answers, in REST', async () => {
    assert.deepEqual(await rest.get('/fee-estimates'), await handlers.getFeeEstimate({}));
    const info = await rest.get<RestInfoJson>('/info');
    const core = await handlers.getInfo({});
    assert.deepEqual(
      { ...info, pastMedianTime: 0 },
      {
        ...(await handlers.getBlockDagInfo({})),
        pastMedianTime: 0,
        version: core.version,
        addressPrefix: 'dagsim',
        sinkBlueScore: core.sinkBlueScore,
        virtualBlueScore: core.virtualBlueScore,
        mempoolSize: core.mempoolSize,
        coinbaseMaturity: 100,
      },
    );
    assert.equal(info.sink, node.consensus.sink());
    const head = await rest.request('/info', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, undefined);
  });

  it('POST /transaction: needs the token and JSON; takes the hex wire encoding; 413 over 1 MiB; 422 names the rule broken', async () => {
    const hex = bytesToHex(encodeTransaction(dag.posted));
    const denied = await rest.postTransaction<RestErrorJson>({ transaction: hex }, { token: false });
    assert.deepEqual([denied.status, denied.body.errorCode], [401, 'UNAUTHORIZED']);
    const wrong = await rest.postTransaction<RestErrorJson>({ transaction: hex }, { token: 'f'.repeat(64) });
    assert.deepEqual([wrong.status, wrong.body.errorCode], [401, 'UNAUTHORIZED']);
    assert.equal(node.mempool.has(idOf(dag.posted)), false, 'nothing was submitted without the token');
    const auth = { authorization: `Bearer ${rest.token}` };
    for (const contentType of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const reply = await rest.request<RestErrorJson>('/transaction', {
        method: 'POST',
        body: JSON.stringify({ transaction: hex }),
        headers: { ...auth, ...(contentType ? { 'content-type': contentType } : {}) },
      });
      assert.deepEqual([reply.status, reply.body.errorCode], [415, 'UNSUPPORTED_MEDIA_TYPE'], String(contentType));
    }
    const huge = JSON.stringify({ transaction: 'ab'.repeat(1024 * 1024) });
    for (const chunked of [false, true]) {
      const reply = await rest.request<RestErrorJson>('/transaction', {
        method: 'POST',
        body: huge,
        chunked,
        headers: { ...auth, 'content-type': 'application/json' },
      });
      assert.deepEqual([reply.status, reply.body.errorCode], [413, 'PAYLOAD_TOO_LARGE'], `chunked: ${chunked}`);
    }
    for (const [body, code] of [
      ['{"transaction": ', 'BAD_BODY'],
      ['[1]', 'BAD_BODY'],
      ['null', 'BAD_BODY'],
      ['{"rawTransaction": "00"}', 'BAD_BODY'],
      ['{"transaction": "zz"}', 'BAD_TRANSACTION'],
      ['{"transaction": "0000"}', 'BAD_TRANSACTION'],
    ] as const) {
      const reply = await rest.request<RestErrorJson>('/transaction', {
        method: 'POST',
        body,
        headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      });
      assert.deepEqual([reply.status, reply.body.errorCode], [400, code], body);
    }
    const taken = await rest.postTransaction<RestSubmitTransactionResult>({ transaction: hex });
    assert.equal(taken.status, 200);
    assert.deepEqual(taken.body, { transactionId: idOf(dag.posted), status: 'accepted' });
    const pooled = await rest.get<TransactionJson>(`/transaction/id/${idOf(dag.posted)}`);
    assert.equal(pooled.status, 'mempool');
    await rest.error(`/transaction/hash/${bytesToHex(transactionHash(dag.posted))}`, 404, 'NOT_FOUND');
    const again = await rest.postTransaction<RestErrorJson>({ transaction: hex });
    assert.deepEqual([again.status, again.body.errorCode], [422, 'ALREADY_IN_POOL']);
    const conflict = await rest.postTransaction<RestErrorJson>({
      transaction: bytesToHex(encodeTransaction(dag.doubleSpend)),
    });
    assert.deepEqual([conflict.status, conflict.body.errorCode], [422, 'DOUBLE_SPEND']);
    assert.equal(node.mempool.has(idOf(dag.doubleSpend)), false);
  });

  it('answers unknown paths under its prefixes with 404, wrong methods with 405 and Allow; leaves /rpc alone', async () => {
    for (const path of [
      '/block',
      '/block/',
      '/blocks/count',
      '/transaction/id',
      '/transactions/x/y',
      '/utxos',
      '/info/more',
    ])
      assert.match(await rest.error(path, 404, 'NOT_FOUND'), /openapi\.json/, path);
    const cases = [
      ['POST', '/blocks', 'GET, HEAD'],
      ['DELETE', `/block/${node.consensus.sink()}`, 'GET, HEAD'],
      ['GET', '/transaction', 'POST'],
      ['PUT', '/info', 'GET, HEAD'],
    ] as const;
    for (const [method, path, allow] of cases) {
      const reply = await rest.request<RestErrorJson>(path, { method });
      assert.deepEqual([reply.status, reply.body.errorCode, reply.headers.allow], [405, 'METHOD_NOT_ALLOWED', allow]);
    }
    const rpc = await rest.request<{ result: { network: string } }>('/rpc', {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getInfo', params: {} }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rest.token}` },
    });
    assert.equal(rpc.body.result.network, node.params.name);
    assert.equal((await rest.request('/elsewhere')).status, 404, 'the RPC server answers what REST does not own');
  });

  it('serves an OpenAPI 3.1 document naming exactly the routes it serves; every reply so far matched it', async () => {
    const served = new RestApi(node, handlers).routes.map(({ method, path }) => `${method} ${path}`).sort();
    const document = await rest.get<typeof OPENAPI_DOCUMENT>('/openapi.json');
    assert.equal(document.openapi, '3.1.0');
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documented, served);
    // The server refuses and rate-limits REST paths by these prefixes before the routes see them.
    for (const route of served) assert.ok(isRestPath(route.split(' ')[1] as string), route);
    assert.match(JSON.stringify(document), /red block that lost a double spend/);
    assert.ok(rest.checked > 400, `${rest.checked} replies checked against the document`);
  });

  it('answers a failure of its own with a bare 500: no message, no stack, no path', async () => {
    const failing = new RestApi(node, {
      ...handlers,
      getFeeEstimate: async () => {
        throw new Error(`database at ${root}/secret.sqlite is gone`);
      },
    });
    const server = createServer((request, response) => {
      void failing.handle(request, response, new URL(request.url ?? '/', 'http://127.0.0.1'), { authorized: false });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/fee-estimates`);
      assert.equal(response.status, 500);
      assert.equal(await response.text(), '{"errorCode":"INTERNAL","errorMessage":"internal error"}');
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(
        warnings.some((message) => message.includes('secret.sqlite')),
        'the node logs what it does not say',
      );
    } finally {
      process.off('warning', onWarning);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
