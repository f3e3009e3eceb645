import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BlockJson } from '../../../src-shared/api.ts';
import { encodeAddress, scriptPublicKeyToAddress } from '../consensus/address.ts';
import { networkDir, resolveConfig } from '../config/config.ts';
import { transactionHash, transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import { isCoinbase, type ScriptPublicKey, type Transaction } from '../consensus/model/transaction.ts';
import { parseOutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { bytesToHex } from '../encoding/hex.ts';
import {
  alice,
  allBlocks,
  bob,
  bruteForceAcceptance,
  bruteForceMerges,
  chainOf,
  type ExplorerDag,
  mineExplorerDag,
} from '../index/transaction-brute-force.ts';
import { DagwalletNode } from '../node.ts';
import { signTransaction } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { testKey } from '../test-support/test-keys.ts';
import { ApiError } from './api-error.ts';
import { type ApiHandlers, nodeApiHandlers } from './node-api-handlers.ts';

const miner = testKey('miner');
const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));
const wrong = (value: unknown) => value as never;

const rejectsWith = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  assert.rejects(promise, (error) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
const badParams = (promise: Promise<unknown>, message?: RegExp) => rejectsWith(promise, 'BAD_PARAMS', message);

describe('explorer API on a simnet node with a branching DAG', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-explorer-api-'));
  let node: DagwalletNode;
  let api: ApiHandlers;
  let dag: ExplorerDag;
  /** A payment waiting in the pool. */
  let pooled: Transaction;
  const addressOf = (script: ScriptPublicKey) =>
    encodeAddress(
      scriptPublicKeyToAddress(script, node.params.addressPrefix) as NonNullable<
        ReturnType<typeof scriptPublicKeyToAddress>
      >,
    );

  before(async () => {
    // The DAG is built on the node's own store file, then the node opens it: its indexes catch up.
    const config = resolveConfig({ network: 'simnet', dataDir: root });
    mkdirSync(networkDir(config), { recursive: true });
    const chain = SimnetChain.open({ path: join(networkDir(config), 'consensus.sqlite') });
    dag = mineExplorerDag(chain);
    chain.close();
    node = await DagwalletNode.start(config, { rpc: false, p2p: false });
    api = nodeApiHandlers(node);
    const { daaScore } = node.consensus.virtualState();
    const coin = node.index
      .utxosByScripts([miner.script])
      .filter(({ entry }) => entry.isCoinbase && entry.blockDaaScore + node.params.coinbaseMaturity <= daaScore)
      .sort((x, y) => x.entry.blockDaaScore - y.entry.blockDaaScore)[0];
    assert.ok(coin);
    pooled = signTransaction(
      [{ outpoint: parseOutpointKey(coin.outpoint), entry: coin.entry, secretKey: miner.secretKey }],
      [
        { value: 5n * 100_000_000n, scriptPublicKey: bob.script },
        { value: coin.entry.amount - 5n * 100_000_000n - 5_000n, scriptPublicKey: miner.script },
      ],
    );
    assert.equal(node.submitTransaction(pooled).status, 'accepted');
  });
  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** What getBlock must say, worked out from consensus and brute force. */
  function expectedBlock(block: BlockKey): BlockJson {
    const { consensus } = node;
    const header = consensus.header(block);
    const ghostdag = consensus.ghostdagData(block);
    assert.ok(header && ghostdag);
    const merge = bruteForceMerges(consensus).get(block);
    const onChain = chainOf(consensus).includes(block);
    const body = consensus.store.bodies.get(block);
    const parentsOf = (b: BlockKey) => (consensus.header(b)?.parents[0] ?? []).map(bytesToHex);
    return {
      hash: block,
      version: header.version,
      parents: parentsOf(block),
      children: allBlocks(consensus)
        .filter((child) => parentsOf(child).includes(block))
        .sort(
          (x, y) =>
            (consensus.header(x)?.daaScore as number) - (consensus.header(y)?.daaScore as number) || (x < y ? -1 : 1),
        ),
      hashMerkleRoot: bytesToHex(header.hashMerkleRoot),
      acceptedIdMerkleRoot: bytesToHex(header.acceptedIdMerkleRoot),
      utxoCommitment: bytesToHex(header.utxoCommitment),
      timestamp: header.timestamp,
      bits: header.bits,
      nonce: header.nonce.toString(),
      daaScore: header.daaScore,
      blueScore: header.blueScore,
      blueWork: header.blueWork.toString(16),
      pruningPoint: bytesToHex(header.pruningPoint),
      selectedParent: block === consensus.genesis ? null : ghostdag.selectedParent,
      mergesetBlues: ghostdag.mergesetBlues,
      mergesetReds: ghostdag.mergesetReds,
      isChainBlock: onChain,
      color: merge?.color ?? 'unmerged',
      mergedBy: merge?.mergedBy ?? null,
      confirmations: Math.max(0, consensus.virtualState().blueScore - header.blueScore),
      transactions:
        body?.map((tx) => ({
          transactionId: idOf(tx),
          isCoinbase: isCoinbase(tx),
          inputCount: tx.inputs.length,
          outputCount: tx.outputs.length,
          outputTotal: tx.outputs.reduce((sum, o) => sum + o.value, 0n).toString(),
        })) ?? null,
      acceptedTransactionIds: onChain ? consensus.acceptedTransactions(block).map(idOf) : [],
      utxoStatus: consensus.utxoState(block)?.status ?? 'unknown',
    };
  }

  it('getBlock: chain, genesis, red, merged-sibling and stale blocks as consensus colors and links them', async () => {
    const { consensus } = node;
    const sink = await api.getBlock({ hash: consensus.sink() });
    assert.deepEqual(sink, expectedBlock(consensus.sink()));
    assert.equal(sink.isChainBlock, true);
    assert.equal(sink.color, 'blue');
    assert.equal(sink.mergedBy, sink.hash);
    assert.ok(sink.acceptedTransactionIds.length > 0);
    assert.ok(sink.confirmations >= 1);

    const genesis = await api.getBlock({ hash: consensus.genesis });
    assert.deepEqual(genesis, expectedBlock(consensus.genesis));
    assert.equal(genesis.selectedParent, null);
    assert.ok(genesis.children.length > 0);

    const red = await api.getBlock({ hash: dag.carolBlock });
    assert.deepEqual(red, expectedBlock(dag.carolBlock));
    assert.equal(red.color, 'red');
    assert.equal(red.isChainBlock, false);
    assert.ok(red.mergedBy && consensus.ghostdagData(red.mergedBy)?.mergesetReds.includes(red.hash));
    assert.deepEqual(red.acceptedTransactionIds, [], 'a block off the chain accepts nothing');
    assert.ok(red.transactions?.some((tx) => tx.transactionId === idOf(dag.toCarol)));

    const sibling = dag.mergedSiblings.find((block) => !chainOf(consensus).includes(block)) as BlockKey;
    const merged = await api.getBlock({ hash: sibling });
    assert.deepEqual(merged, expectedBlock(sibling));
    assert.deepEqual([merged.color, merged.isChainBlock], ['blue', false]);

    const stale = await api.getBlock({ hash: dag.stale });
    assert.deepEqual(stale, expectedBlock(dag.stale));
    assert.deepEqual([stale.color, stale.mergedBy, stale.children], ['unmerged', null, []]);

    for (const block of [...dag.twiceBlocks, ...dag.sideBranch.slice(0, 3), chainOf(consensus)[50] as BlockKey]) {
      assert.deepEqual(await api.getBlock({ hash: block }), expectedBlock(block));
    }
  });

  it('getTransaction: an accepted spend with its inputs resolved and its fee, a red block’s, a coinbase, one in two blocks, a pooled one', async () => {
    const { consensus } = node;
    const accepted = bruteForceAcceptance(consensus);
    const toBob = await api.getTransaction({ transactionId: idOf(dag.toBob) });
    const acceptance = accepted.get(idOf(dag.toBob));
    assert.ok(acceptance);
    assert.deepEqual(toBob.inputs, [
      {
        previousOutpoint: `${idOf(dag.toAlice)}:0`,
        signatureScript: bytesToHex(dag.toBob.inputs[0]?.signatureScript as Uint8Array),
        sequence: dag.toBob.inputs[0]?.sequence.toString(),
        amount: (40n * 100_000_000n).toString(),
        address: addressOf(alice.script),
      },
    ]);
    assert.deepEqual(toBob.outputs, [
      {
        index: 0,
        amount: (40n * 100_000_000n - 3_000n).toString(),
        scriptPublicKey: `0000${bytesToHex(bob.script.script)}`,
        address: addressOf(bob.script),
      },
    ]);
    assert.equal(toBob.fee, '3000');
    assert.equal(toBob.hash, bytesToHex(transactionHash(dag.toBob)));
    assert.equal(toBob.mass, transactionMass(dag.toBob, node.params));
    assert.equal(toBob.status, 'accepted');
    assert.equal(toBob.acceptingBlock, acceptance.acceptingBlock);
    assert.equal(toBob.acceptingBlueScore, acceptance.acceptingBlueScore);
    assert.equal(toBob.confirmations, consensus.virtualState().blueScore - acceptance.acceptingBlueScore);
    assert.equal(toBob.blocks.length, 1);
    assert.equal(toBob.isCoinbase, false);

    const toAlice = await api.getTransaction({ transactionId: idOf(dag.toAlice) });
    assert.equal(toAlice.inputs[0]?.address, addressOf(miner.script), 'a coinbase output spent');
    assert.equal(toAlice.fee, '2000');

    const toCarol = await api.getTransaction({ transactionId: idOf(dag.toCarol) });
    assert.deepEqual([toCarol.status, toCarol.blocks], ['accepted', [dag.carolBlock]]);
    assert.equal(toCarol.acceptingBlock, accepted.get(idOf(dag.toCarol))?.acceptingBlock);

    const twice = await api.getTransaction({ transactionId: idOf(dag.twice) });
    assert.deepEqual(new Set(twice.blocks), new Set(dag.twiceBlocks));
    assert.equal(twice.status, 'accepted');

    const coinbase = consensus.store.bodies.get(consensus.sink())?.[0] as Transaction;
    const sinkCoinbase = await api.getTransaction({ transactionId: idOf(coinbase) });
    assert.deepEqual(
      [sinkCoinbase.isCoinbase, sinkCoinbase.fee, sinkCoinbase.inputs, sinkCoinbase.mass, sinkCoinbase.status],
      [true, null, [], 0, 'unaccepted'],
      'the sink’s coinbase waits for the next chain block',
    );
    assert.equal(sinkCoinbase.payload, bytesToHex(coinbase.payload));
    assert.equal(sinkCoinbase.subnetworkId, bytesToHex(coinbase.subnetworkId));

    const inPool = await api.getTransaction({ transactionId: idOf(pooled) });
    const entry = node.mempool.get(idOf(pooled));
    assert.ok(entry);
    assert.deepEqual(
      [inPool.status, inPool.fee, inPool.mass, inPool.blocks, inPool.acceptingBlock, inPool.confirmations],
      ['mempool', entry.fee.toString(), entry.mass, [], null, 0],
    );
    assert.equal(inPool.inputs[0]?.address, addressOf(miner.script));
  });

  it('getTransaction and getBlock refuse malformed ids and say NOT_FOUND for unknown ones', async () => {
    await rejectsWith(api.getBlock({ hash: 'ab'.repeat(32) }), 'NOT_FOUND', /no block/);
    await rejectsWith(api.getTransaction({ transactionId: 'ab'.repeat(32) }), 'NOT_FOUND', /no transaction/);
    for (const value of ['AB'.repeat(32), 'ab', 42, undefined, `${'ab'.repeat(32)} `]) {
      await badParams(api.getBlock(wrong({ hash: value })), /64 lowercase hex/);
      await badParams(api.getTransaction(wrong({ transactionId: value })), /64 lowercase hex/);
    }
    await badParams(api.getBlock(wrong('x')));
  });

  it('getAddressInfo: balance and UTXOs largest first from the index, history newest first with confirmations', async () => {
    const { consensus } = node;
    const virtualBlueScore = consensus.virtualState().blueScore;
    for (const key of [alice, bob, miner]) {
      const address = addressOf(key.script);
      const info = await api.getAddressInfo({ address, limit: 7 });
      const utxos = node.index.utxosByScripts([key.script]);
      const history = node.index.history([key.script]);
      assert.equal(info.address, address);
      assert.equal(info.balance, utxos.reduce((sum, u) => sum + u.entry.amount, 0n).toString());
      assert.equal(info.utxoCount, utxos.length);
      assert.equal(info.utxos.length, Math.min(7, utxos.length));
      for (let i = 1; i < info.utxos.length; i++)
        assert.ok(BigInt(info.utxos[i - 1]?.amount as string) >= BigInt(info.utxos[i]?.amount as string));
      const largest = utxos.reduce((max, u) => (u.entry.amount > max ? u.entry.amount : max), 0n);
      if (utxos.length > 0) assert.equal(info.utxos[0]?.amount, largest.toString());
      const largestFirst = [...utxos].sort((x, y) =>
        x.entry.amount !== y.entry.amount
          ? x.entry.amount > y.entry.amount
            ? -1
            : 1
          : x.outpoint < y.outpoint
            ? -1
            : 1,
      );
      for (const limit of [1, 7, 1_000]) {
        assert.deepEqual(
          (await api.getAddressInfo({ address, limit })).utxos,
          largestFirst.slice(0, limit).map(({ outpoint, entry }) => ({
            outpoint,
            amount: entry.amount.toString(),
            blockDaaScore: entry.blockDaaScore,
            isCoinbase: entry.isCoinbase,
          })),
          `limit ${limit}`,
        );
      }
      assert.equal(info.transactionCount, history.length);
      assert.deepEqual(
        info.transactions,
        history.slice(0, 7).map((row) => ({
          transactionId: row.transactionId,
          acceptingBlock: row.acceptingBlock,
          acceptingBlueScore: row.acceptingBlueScore,
          timestamp: row.timestamp,
          received: row.received.toString(),
          sent: row.sent.toString(),
          confirmations: virtualBlueScore - row.acceptingBlueScore,
        })),
      );
    }
    const aliceInfo = await api.getAddressInfo({ address: addressOf(alice.script) });
    assert.ok(
      aliceInfo.transactions.some(
        (tx) => tx.transactionId === idOf(dag.toBob) && tx.sent === (40n * 100_000_000n).toString(),
      ),
    );
    const miners = await api.getAddressInfo({ address: addressOf(miner.script) });
    assert.ok(miners.transactionCount > 100 && miners.transactions.length === 100, 'the default limit is 100');
  });

  it('getAddressInfo refuses a bad address with the reason in words, and bad limits', async () => {
    const address = addressOf(alice.script);
    await badParams(
      api.getAddressInfo({ address: address.slice(0, -1) + (address.endsWith('q') ? 'p' : 'q') }),
      /typo/,
    );
    await badParams(
      api.getAddressInfo({ address: 'kaspa:qqkqkzjvr7zwxxmjxjkmxxdwju9kjs6e9u82uh59z07vgaks6gg62v8707g73' }),
      /Kaspa mainnet.*dagwallet simnet/,
    );
    await badParams(api.getAddressInfo({ address: 'nonsense' }), /network name/);
    await badParams(api.getAddressInfo(wrong({ address: 7 })));
    await badParams(api.getAddressInfo({ address, limit: 0 }), /limit/);
    await badParams(api.getAddressInfo({ address, limit: 1_001 }), /limit/);
    await badParams(api.getAddressInfo({ address, limit: 2.5 }), /limit/);
  });

  it('search: a block, a transaction (stored or pooled), an address, or none with a reason', async () => {
    const { consensus } = node;
    const sink = consensus.sink();
    assert.deepEqual(await api.search({ query: sink }), { kind: 'block', id: sink });
    assert.deepEqual(await api.search({ query: ` ${sink.toUpperCase()} ` }), { kind: 'block', id: sink });
    assert.deepEqual(await api.search({ query: idOf(dag.toBob) }), { kind: 'transaction', id: idOf(dag.toBob) });
    assert.deepEqual(await api.search({ query: idOf(pooled) }), { kind: 'transaction', id: idOf(pooled) });
    const address = addressOf(alice.script);
    assert.deepEqual(await api.search({ query: address }), { kind: 'address', id: address });
    const none = async (query: string, reason: RegExp) => {
      const result = await api.search({ query });
      assert.equal(result.kind, 'none');
      assert.match((result as { reason: string }).reason, reason);
    };
    await none('ab'.repeat(32), /No block or transaction/);
    await none('abc123', /64 hex characters; this has 6/);
    await none('hello there', /dagsim:/);
    await none('', /Type a block hash/);
    await none('kaspa:qqkqkzjvr7zwxxmjxjkmxxdwju9kjs6e9u82uh59z07vgaks6gg62v8707g73', /Kaspa mainnet/);
    await none(`${address}x`, /./);
    await badParams(api.search(wrong({ query: 12 })));
    await badParams(api.search(wrong({ query: 'x'.repeat(1_001) })));
  });

  it('getRecentBlocks: newest first by DAA score, as consensus and the chain color them', async () => {
    const { consensus } = node;
    const merges = bruteForceMerges(consensus);
    const chain = new Set(chainOf(consensus));
    const recent = await api.getRecentBlocks({});
    assert.equal(recent.length, 50);
    const top = allBlocks(consensus)
      .map((block) => consensus.header(block)?.daaScore as number)
      .sort((x, y) => y - x);
    assert.deepEqual(
      recent.map((block) => block.daaScore),
      top.slice(0, 50),
    );
    for (const block of recent) {
      const header = consensus.header(block.hash);
      assert.deepEqual(block, {
        hash: block.hash,
        timestamp: header?.timestamp,
        daaScore: header?.daaScore,
        blueScore: header?.blueScore,
        transactionCount: consensus.store.bodies.get(block.hash)?.length,
        isChainBlock: chain.has(block.hash),
        color: merges.get(block.hash)?.color ?? 'unmerged',
      });
    }
    assert.equal((await api.getRecentBlocks({ limit: 3 })).length, 3);
    assert.equal((await api.getRecentBlocks({ limit: 200 })).length, 200);
    await badParams(api.getRecentBlocks({ limit: 201 }), /1 to 200/);
    await badParams(api.getRecentBlocks({ limit: 0 }));
    await badParams(api.getRecentBlocks(wrong({ limit: '5' })));
  });

  it('getDagBlocks: the most recent blocks oldest first, with parents, selected parent, chain and color', async (t) => {
    const { consensus } = node;
    const merges = bruteForceMerges(consensus);
    const chain = new Set(chainOf(consensus));
    const everything = allBlocks(consensus);
    const { sink, blocks } = await api.getDagBlocks({});
    assert.equal(sink, consensus.sink());
    assert.equal(blocks.length, everything.length, 'fewer blocks than the default limit: all of them');
    assert.equal(blocks[0]?.hash, consensus.genesis);
    for (const [i, block] of blocks.entries()) {
      if (i > 0) assert.ok((blocks[i - 1]?.daaScore as number) <= block.daaScore, 'oldest first');
      const header = consensus.header(block.hash);
      const ghostdag = consensus.ghostdagData(block.hash);
      assert.deepEqual(block, {
        hash: block.hash,
        daaScore: header?.daaScore,
        blueScore: ghostdag?.blueScore,
        timestamp: header?.timestamp,
        parents: (header?.parents[0] ?? []).map(bytesToHex),
        selectedParent: block.hash === consensus.genesis ? null : ghostdag?.selectedParent,
        isChainBlock: chain.has(block.hash),
        color: merges.get(block.hash)?.color ?? 'unmerged',
      });
    }
    assert.ok(blocks.some((block) => block.color === 'red'));
    assert.ok(blocks.some((block) => block.hash === dag.stale && block.color === 'unmerged'));
    const last = await api.getDagBlocks({ limit: 40 });
    assert.deepEqual(last.blocks, blocks.slice(-40));
    const start = performance.now();
    await api.getDagBlocks({ limit: 1_000 });
    t.diagnostic(`getDagBlocks of ${blocks.length} blocks: ${(performance.now() - start).toFixed(1)} ms`);
    await badParams(api.getDagBlocks({ limit: 2_001 }), /2,000/);
    await badParams(api.getDagBlocks({ limit: -1 }));
  });

  it('estimateNetworkHashesPerSecond: blue work over time across the heaviest blocks below the virtual', async () => {
    const { consensus } = node;
    // The window by brute force: the sink and its past but genesis, heaviest `size` by (blue work, hash).
    const past = allBlocks(consensus).filter(
      (block) =>
        block !== consensus.genesis &&
        (block === consensus.sink() || consensus.isDagAncestorOf(block, consensus.sink())),
    );
    const byWeight = past
      .map((block) => ({
        block,
        work: consensus.ghostdagData(block)?.blueWork as bigint,
        time: consensus.header(block)?.timestamp as number,
      }))
      .sort((x, y) => (x.work !== y.work ? (x.work > y.work ? -1 : 1) : x.block > y.block ? -1 : 1));
    const expected = (size: number) => {
      const window = byWeight.slice(0, size);
      const works = window.map((b) => b.work);
      const times = window.map((b) => b.time);
      const maxWork = works.reduce((a, b) => (a > b ? a : b));
      const minWork = works.reduce((a, b) => (a < b ? a : b));
      return Number(((maxWork - minWork) * 1000n) / BigInt(Math.max(...times) - Math.min(...times)));
    };
    const { hashesPerSecond } = await api.estimateNetworkHashesPerSecond({});
    assert.equal(hashesPerSecond, expected(1_000));
    assert.ok(hashesPerSecond > 0);
    assert.equal((await api.estimateNetworkHashesPerSecond({ windowSize: 10 })).hashesPerSecond, expected(10));
    assert.equal((await api.estimateNetworkHashesPerSecond({ windowSize: 100 })).hashesPerSecond, expected(100));
    await badParams(api.estimateNetworkHashesPerSecond({ windowSize: 9 }), /10 to 10,000/);
    await badParams(api.estimateNetworkHashesPerSecond({ windowSize: 10_001 }));
  });

  it('a block stored as a header alone: no transactions, never on the chain, unmerged', async () => {
    const { consensus } = node;
    const block = mineSimnetBlock(consensus, { parents: [consensus.sink()], timestamp: Date.now() });
    const { hash } = consensus.insertHeader(block.header);
    const json = await api.getBlock({ hash });
    assert.deepEqual(
      [json.transactions, json.utxoStatus, json.color, json.isChainBlock, json.acceptedTransactionIds],
      [null, 'unknown', 'unmerged', false, []],
    );
    const dagBlock = (await api.getDagBlocks({ limit: 5 })).blocks.find((b) => b.hash === hash);
    assert.deepEqual([dagBlock?.color, dagBlock?.isChainBlock], ['unmerged', false]);
    const summary = (await api.getRecentBlocks({ limit: 5 })).find((b) => b.hash === hash);
    assert.equal(summary?.transactionCount, 0);
  });
});

describe('explorer API on a young DAG', () => {
  it('estimateNetworkHashesPerSecond says in words that the DAG is too young', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dagwallet-explorer-young-'));
    const node = await DagwalletNode.start(resolveConfig({ network: 'simnet', dataDir: root }), {
      rpc: false,
      p2p: false,
    });
    try {
      const api = nodeApiHandlers(node);
      await rejectsWith(
        api.estimateNetworkHashesPerSecond({}),
        'NOT_ENOUGH_DATA',
        /too young.*: 0 blocks beyond genesis/,
      );
      const block = mineSimnetBlock(node.consensus);
      assert.equal((await node.submitBlock(block)).status, 'accepted');
      await rejectsWith(api.estimateNetworkHashesPerSecond({}), 'NOT_ENOUGH_DATA', /1 block beyond/);
      const genesisBlock = await api.getBlock({ hash: node.consensus.genesis });
      assert.deepEqual(
        [genesisBlock.isChainBlock, genesisBlock.color, genesisBlock.confirmations > 0],
        [true, 'blue', true],
      );
      assert.deepEqual((await api.getDagBlocks({})).blocks.length, 2);
    } finally {
      await node.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
