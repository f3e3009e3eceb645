import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocketNodeClient } from '../../../src-shared/node-client.ts';
import { networkDir, resolveConfig } from '../config/config.ts';
import { compactToTarget } from '../consensus/difficulty/compact.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction } from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { calcBlockSubsidy, SECONDS_PER_MONTH, SUBSIDY_BY_MONTH_TABLE } from '../consensus/subsidy.ts';
import { parseOutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { bytesEqual, bytesToHex } from '../encoding/hex.ts';
import {
  alice,
  allBlocks,
  bob,
  carol,
  chainOf,
  type ExplorerDag,
  mineExplorerDag,
} from '../index/transaction-brute-force.ts';
import { DagwalletNode } from '../node.ts';
import { until } from '../test-support/p2p-nodes.ts';
import { outputOf, signTransaction } from '../test-support/signing.ts';
import { SimnetChain, virtualUtxoSet } from '../test-support/simnet-chain.ts';
import { mineSimnetBlock } from '../test-support/simnet.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';
import { ApiError } from './api-error.ts';
import { maxSompi, subsidyScheduleSum } from './coin-supply.ts';
import { DAG_API_LIMITS } from './dag-api-handlers.ts';
import { RpcClient } from './json-rpc/rpc-client.ts';
import { type ApiHandlers, nodeApiHandlers } from './node-api-handlers.ts';
import { connectToNode, ENDPOINT_FILE, type NodeEndpoint } from './node-endpoint.ts';

const miner = testKey('miner');
const stranger = testKey('nobody pays me');
const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));
/** A value of the wrong type, past the compiler. */
const wrong = (value: unknown) => value as never;
const devnetAddress = (key: typeof miner) => testAddress(key, DAGWALLET_NETWORKS.devnet);

const rejectsWith = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  assert.rejects(promise, (error) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
const badParams = (promise: Promise<unknown>, message?: RegExp) => rejectsWith(promise, 'BAD_PARAMS', message);
const notFound = (promise: Promise<unknown>, message?: RegExp) => rejectsWith(promise, 'NOT_FOUND', message);

const sameScript = (a: ScriptPublicKey, b: ScriptPublicKey) =>
  a.version === b.version && bytesEqual(a.script, b.script);

/** A fresh data folder and a simnet node on it (no P2P; the API over HTTP only when asked). */
async function freshNode(rpc = false): Promise<{ node: DagwalletNode; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-dag-api-'));
  const node = await DagwalletNode.start(
    resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false }),
    { rpc, p2p: false, version: 'test' },
  );
  return { node, root };
}

async function addBlock(node: DagwalletNode, parents?: BlockKey[]): Promise<BlockKey> {
  const outcome = await node.submitBlock(mineSimnetBlock(node.consensus, parents ? { parents } : {}), 'local');
  assert.equal(outcome.status, 'accepted');
  return outcome.hash;
}

describe('Kaspa RPC methods on a simnet node with a branching DAG', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-dag-api-'));
  let node: DagwalletNode;
  let api: ApiHandlers;
  let dag: ExplorerDag;
  /** A payment waiting in the pool. */
  let pooled: Transaction;
  /** A payment spending an output nobody has seen: it waits in the orphan pool. */
  let orphan: Transaction;
  /** A block whose header alone the node holds. */
  let headerOnly: BlockKey;

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
    const coins = node.index
      .utxosByScripts([miner.script])
      .filter(({ entry }) => entry.isCoinbase && entry.blockDaaScore + node.params.coinbaseMaturity <= daaScore)
      .sort((x, y) => x.entry.blockDaaScore - y.entry.blockDaaScore || (x.outpoint < y.outpoint ? -1 : 1));
    const [first, second] = coins;
    assert.ok(first && second);
    const spend = (coin: typeof first, to: ScriptPublicKey, value: bigint, fee: bigint) =>
      signTransaction(
        [{ outpoint: parseOutpointKey(coin.outpoint), entry: coin.entry, secretKey: miner.secretKey }],
        [
          { value, scriptPublicKey: to },
          { value: coin.entry.amount - value - fee, scriptPublicKey: miner.script },
        ],
      );
    pooled = spend(first, bob.script, 5n * 100_000_000n, 5_000n);
    assert.equal(node.submitTransaction(pooled).status, 'accepted');
    const unseenParent = spend(second, alice.script, 7n * 100_000_000n, 4_000n);
    orphan = signTransaction(
      [{ ...outputOf(unseenParent, 0), secretKey: alice.secretKey }],
      [{ value: 7n * 100_000_000n - 3_000n, scriptPublicKey: carol.script }],
    );
    assert.equal(node.submitTransaction(orphan).status, 'orphan');
    // A header without its body: counted as a header, listed by getBlocks, not a block with a body.
    const block = mineSimnetBlock(node.consensus, { parents: [node.consensus.sink()] });
    headerOnly = node.consensus.insertHeader(block.header).hash;
  });
  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Every stored block in (blue score, hash) order, by brute force. */
  const dagOrder = (): BlockKey[] =>
    allBlocks(node.consensus)
      .map((block) => ({ block, blueScore: node.consensus.header(block)?.blueScore as number }))
      .sort((x, y) => x.blueScore - y.blueScore || (x.block < y.block ? -1 : x.block > y.block ? 1 : 0))
      .map(({ block }) => block);

  it('getBlockDagInfo: counts, tips, difficulty and the virtual, as consensus and brute force say', async () => {
    const { consensus } = node;
    const info = await api.getBlockDagInfo({});
    const blocks = allBlocks(consensus);
    const withBodies = blocks.filter((block) => consensus.store.bodies.has(block));
    assert.equal(info.network, 'dagwallet-simnet');
    assert.equal(info.headerCount, blocks.length);
    assert.equal(info.blockCount, withBodies.length);
    assert.equal(info.headerCount, info.blockCount + 1, 'the header-only block counts as a header only');
    const parentsOf = (block: BlockKey) => (consensus.header(block)?.parents[0] ?? []).map(bytesToHex);
    const childless = blocks.filter((block) => !blocks.some((child) => parentsOf(child).includes(block)));
    assert.deepEqual([...info.tipHashes].sort(), childless.sort());
    assert.ok(info.tipHashes.includes(headerOnly) && info.tipHashes.includes(dag.stale));
    assert.equal(info.sink, chainOf(consensus).at(-1));
    // Difficulty ratio in exact arithmetic: powMax over the sink's target, to 12 digits.
    const sinkBits = consensus.header(info.sink)?.bits as number;
    const scaled = (node.params.powMax * 10n ** 12n) / compactToTarget(sinkBits);
    assert.ok(Math.abs(info.difficulty - Number(scaled) / 1e12) < 1e-9, `${info.difficulty}`);
    const virtual = consensus.virtualState();
    assert.deepEqual(info.virtualParentHashes, virtual.parents);
    assert.equal(info.virtualParentHashes[0], info.sink);
    assert.equal(info.virtualDaaScore, virtual.daaScore);
    assert.equal(info.pastMedianTime, virtual.pastMedianTime);
    assert.ok(info.pastMedianTime <= (consensus.header(info.sink)?.timestamp as number));
    assert.equal(info.pruningPointHash, consensus.genesis, 'a young simnet DAG still points at genesis');
    await badParams(api.getBlockDagInfo(wrong('all')), /params must be an object/);
    await badParams(api.getBlockDagInfo(wrong([1])), /params must be an object/);
    assert.equal((await api.getBlockDagInfo(wrong({ verbose: true }))).sink, info.sink, 'unknown fields are ignored');
  });

  it('getBlocks: the DAG in (blue score, hash) order, paged by handing the last hash back', async () => {
    const order = dagOrder();
    const first = await api.getBlocks({});
    assert.deepEqual(first.blockHashes, order.slice(0, 100));
    assert.equal(first.blockHashes[0], node.consensus.genesis);
    assert.deepEqual(first.blocks, []);
    // Paging: each page starts with the last hash of the one before (lowHash is inclusive).
    const seen: BlockKey[] = [];
    let lowHash: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { blockHashes } = await api.getBlocks(lowHash === undefined ? { limit: 37 } : { lowHash, limit: 37 });
      if (lowHash !== undefined) assert.equal(blockHashes[0], lowHash);
      seen.push(...(lowHash === undefined ? blockHashes : blockHashes.slice(1)));
      if (blockHashes.length < 37) break;
      lowHash = blockHashes.at(-1);
    }
    assert.deepEqual(seen, order);
    assert.ok(seen.includes(headerOnly) && seen.includes(dag.carolBlock));
    // From the middle of the DAG, with the blocks themselves.
    const middle = order[150] as BlockKey;
    const withBlocks = await api.getBlocks({ lowHash: middle, includeBlocks: true, limit: 5 });
    assert.deepEqual(withBlocks.blockHashes, order.slice(150, 155));
    assert.deepEqual(
      withBlocks.blocks,
      await Promise.all(withBlocks.blockHashes.map((hash) => api.getBlock({ hash }))),
    );
    const last = await api.getBlocks({ lowHash: headerOnly, includeBlocks: true, limit: 1_000 });
    const headerOnlyJson = last.blocks.find((block) => block.hash === headerOnly);
    assert.ok(headerOnlyJson);
    assert.equal(headerOnlyJson.transactions, null, 'no body: no transactions');
    assert.equal((await api.getBlocks({ limit: 1_000 })).blockHashes.length, Math.min(1_000, order.length));

    await badParams(api.getBlocks({ lowHash: 'ab' }), /lowHash must be 64 lowercase hex/);
    await badParams(api.getBlocks({ lowHash: node.consensus.genesis.toUpperCase() }), /lowercase/);
    await badParams(api.getBlocks({ lowHash: wrong(7) }), /lowHash/);
    await notFound(api.getBlocks({ lowHash: 'ab'.repeat(32) }), /lowHash: no block/);
    for (const limit of [0, 1_001, 2.5, -1, Number.NaN])
      await badParams(api.getBlocks({ limit }), /limit must be a whole number from 1 to 1,000/);
    await badParams(api.getBlocks({ limit: wrong('5') }), /limit/);
    await badParams(api.getBlocks({ includeBlocks: wrong('yes') }), /includeBlocks must be true or false/);
    await badParams(api.getBlocks(wrong('genesis')), /params must be an object/);
  });

  it('getHeaders: down the selected parent chain from any block, up the selected chain from a chain block', async () => {
    const { consensus } = node;
    const chain = chainOf(consensus);
    const expectHeader = (hash: BlockKey) => {
      const header = consensus.header(hash);
      assert.ok(header);
      return {
        hash,
        version: header.version,
        parents: (header.parents[0] ?? []).map(bytesToHex),
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
      };
    };
    const sink = chain.at(-1) as BlockKey;
    const down = await api.getHeaders({ startHash: sink, limit: 10 });
    assert.deepEqual(down.headers, chain.slice(-10).reverse().map(expectHeader));
    assert.equal((await api.getHeaders({ startHash: sink })).headers.length, 100, 'default limit');
    const all = await api.getHeaders({ startHash: sink, limit: 1_000 });
    assert.deepEqual(
      all.headers.map((header) => header.hash),
      chain.slice(-1_000).reverse(),
      'down to genesis, then no further',
    );
    assert.deepEqual((await api.getHeaders({ startHash: consensus.genesis })).headers, [
      expectHeader(consensus.genesis),
    ]);
    // From a block off the chain: its own selected parent chain.
    const staleChain: BlockKey[] = [];
    for (let block = dag.stale; staleChain.length < 4;) {
      staleChain.push(block);
      block = consensus.ghostdagData(block)?.selectedParent as BlockKey;
    }
    assert.deepEqual(
      (await api.getHeaders({ startHash: dag.stale, limit: 4 })).headers.map((header) => header.hash),
      staleChain,
    );
    const up = await api.getHeaders({ startHash: chain[20] as BlockKey, limit: 7, isAscending: true });
    assert.deepEqual(up.headers, chain.slice(20, 27).map(expectHeader));
    const top = await api.getHeaders({ startHash: chain.at(-3) as BlockKey, isAscending: true });
    assert.deepEqual(
      top.headers.map((header) => header.hash),
      chain.slice(-3),
      'up to the sink',
    );
    assert.equal((await api.getHeaders({ startHash: headerOnly, limit: 1 })).headers[0]?.hash, headerOnly);

    await badParams(api.getHeaders({ startHash: dag.stale, isAscending: true }), /not on the selected chain/);
    await badParams(api.getHeaders(wrong({})), /startHash must be 64 lowercase hex/);
    await badParams(api.getHeaders({ startHash: 'zz'.repeat(32) }), /startHash/);
    await notFound(api.getHeaders({ startHash: 'cd'.repeat(32) }), /startHash: no block/);
    await badParams(api.getHeaders({ startHash: sink, limit: 1_001 }), /limit/);
    await badParams(api.getHeaders({ startHash: sink, limit: 0 }), /limit/);
    await badParams(api.getHeaders({ startHash: sink, isAscending: wrong(1) }), /isAscending must be true or false/);
  });

  it('getMempoolEntry: a pool transaction, an orphan when asked for, NOT_FOUND otherwise', async () => {
    const id = idOf(pooled);
    const entry = await api.getMempoolEntry({ transactionId: id });
    const inPool = node.mempool.get(id);
    assert.ok(inPool);
    assert.deepEqual(entry, {
      transactionId: id,
      fee: '5000',
      mass: inPool.mass,
      spends: pooled.inputs.map(
        (input) => `${bytesToHex(input.previousOutpoint.transactionId)}:${input.previousOutpoint.index}`,
      ),
      outputs: pooled.outputs.map((output, index) => ({
        index,
        amount: output.value.toString(),
        scriptPublicKey: `0000${bytesToHex(output.scriptPublicKey.script)}`,
      })),
      isOrphan: false,
    });
    const orphanId = idOf(orphan);
    await notFound(api.getMempoolEntry({ transactionId: orphanId }), /not in the mempool|no transaction/);
    await notFound(api.getMempoolEntry({ transactionId: orphanId, includeOrphanPool: false }));
    const waiting = await api.getMempoolEntry({ transactionId: orphanId, includeOrphanPool: true });
    assert.equal(waiting.isOrphan, true);
    assert.equal(waiting.transactionId, orphanId);
    assert.equal(waiting.fee, '0', 'unknown until its parent comes');
    assert.deepEqual(waiting.spends, [
      `${bytesToHex(orphan.inputs[0]?.previousOutpoint.transactionId as Uint8Array)}:0`,
    ]);
    assert.equal(waiting.outputs[0]?.amount, (7n * 100_000_000n - 3_000n).toString());
    assert.equal((await api.getMempoolEntry({ transactionId: id, includeOrphanPool: true })).isOrphan, false);

    await notFound(api.getMempoolEntry({ transactionId: 'ef'.repeat(32), includeOrphanPool: true }), /orphan pool/);
    const accepted = idOf(dag.toAlice);
    await notFound(api.getMempoolEntry({ transactionId: accepted }), /mempool/);
    await badParams(api.getMempoolEntry({ transactionId: 'xyz' }), /transactionId must be 64 lowercase hex/);
    await badParams(api.getMempoolEntry(wrong({})), /transactionId/);
    await badParams(api.getMempoolEntry({ transactionId: id, includeOrphanPool: wrong('yes') }), /includeOrphanPool/);
  });

  it('getVirtualChainFromBlock: from genesis, from the sink, from a block off the chain', async () => {
    const { consensus } = node;
    const chain = chainOf(consensus);
    const fromGenesis = await api.getVirtualChainFromBlock({
      startHash: consensus.genesis,
      includeAcceptedTransactionIds: true,
    });
    assert.deepEqual(fromGenesis.removedChainBlockHashes, []);
    assert.deepEqual(fromGenesis.addedChainBlockHashes, chain.slice(1));
    assert.deepEqual(
      fromGenesis.acceptedTransactionIds,
      chain.slice(1).map((block) => ({
        acceptingBlockHash: block,
        acceptedTransactionIds: consensus.acceptedTransactions(block).map(idOf),
      })),
    );
    const acceptedToBob = fromGenesis.acceptedTransactionIds.find((each) =>
      each.acceptedTransactionIds.includes(idOf(dag.toBob)),
    );
    assert.ok(acceptedToBob, 'a payment shows under the chain block that accepted it');
    const withoutIds = await api.getVirtualChainFromBlock({ startHash: consensus.genesis });
    assert.deepEqual(withoutIds.addedChainBlockHashes, chain.slice(1));
    assert.deepEqual(withoutIds.acceptedTransactionIds, []);
    const fromSink = await api.getVirtualChainFromBlock({ startHash: chain.at(-1) as BlockKey });
    assert.deepEqual(fromSink, { removedChainBlockHashes: [], addedChainBlockHashes: [], acceptedTransactionIds: [] });
    const fromMiddle = await api.getVirtualChainFromBlock({ startHash: chain[100] as BlockKey });
    assert.deepEqual(fromMiddle.addedChainBlockHashes, chain.slice(101));

    // A block that never was on the chain: down its own chain to where it meets the current one.
    const onChain = new Set(chain);
    const expectedRemoved: BlockKey[] = [];
    let common = dag.stale;
    while (!onChain.has(common)) {
      expectedRemoved.push(common);
      common = consensus.ghostdagData(common)?.selectedParent as BlockKey;
    }
    const fromStale = await api.getVirtualChainFromBlock({ startHash: dag.stale });
    assert.deepEqual(fromStale.removedChainBlockHashes, expectedRemoved);
    assert.ok(fromStale.removedChainBlockHashes.includes(dag.stale));
    assert.deepEqual(fromStale.addedChainBlockHashes, chain.slice(chain.indexOf(common) + 1));
    const fromSide = await api.getVirtualChainFromBlock({ startHash: dag.sideBranch.at(-1) as BlockKey });
    assert.deepEqual(fromSide.removedChainBlockHashes, [...dag.sideBranch].reverse(), 'the red side branch');
    const fromHeaderOnly = await api.getVirtualChainFromBlock({ startHash: headerOnly });
    assert.deepEqual(fromHeaderOnly.removedChainBlockHashes, [headerOnly]);
    assert.deepEqual(fromHeaderOnly.addedChainBlockHashes, []);

    await badParams(api.getVirtualChainFromBlock({ startHash: 'g'.repeat(64) }), /startHash must be 64 lowercase hex/);
    await badParams(api.getVirtualChainFromBlock(wrong({ startHash: 12 })), /startHash/);
    await notFound(api.getVirtualChainFromBlock({ startHash: '12'.repeat(32) }), /no block/);
    await badParams(
      api.getVirtualChainFromBlock({ startHash: consensus.genesis, includeAcceptedTransactionIds: wrong(1) }),
      /includeAcceptedTransactionIds must be true or false/,
    );
  });

  it('getSink and getSinkBlueScore', async () => {
    const sink = chainOf(node.consensus).at(-1) as BlockKey;
    assert.deepEqual(await api.getSink({}), { sink });
    assert.deepEqual(await api.getSinkBlueScore({}), { blueScore: node.consensus.header(sink)?.blueScore });
    await badParams(api.getSink(wrong(1)), /params must be an object/);
    await badParams(api.getSinkBlueScore(wrong('x')), /params must be an object/);
  });

  /** The virtual's outputs paying `script`, by brute force over the whole UTXO set. */
  const bruteForceUtxos = (script: ScriptPublicKey) =>
    [...virtualUtxoSet(node.consensus)].filter(([, entry]) => sameScript(entry.scriptPublicKey, script));

  it('getUtxosByAddresses and the balances: the virtual UTXO set paying each address', async () => {
    const keys = [miner, alice, bob, carol, stranger];
    const addresses = keys.map((key) => testAddress(key));
    const utxos = await api.getUtxosByAddresses({ addresses });
    for (const [i, key] of keys.entries()) {
      const expected = bruteForceUtxos(key.script)
        .map(([outpoint, entry]) => ({
          address: addresses[i],
          outpoint,
          amount: entry.amount.toString(),
          scriptPublicKey: `0000${bytesToHex(key.script.script)}`,
          blockDaaScore: entry.blockDaaScore,
          isCoinbase: entry.isCoinbase,
        }))
        .sort((x, y) => x.blockDaaScore - y.blockDaaScore || (x.outpoint < y.outpoint ? -1 : 1));
      assert.deepEqual(
        utxos.filter((utxo) => utxo.address === addresses[i]),
        expected,
        `outputs paying ${addresses[i]}`,
      );
    }
    assert.ok(
      utxos.some((utxo) => utxo.address === addresses[3]),
      'carol was paid in the red side branch',
    );
    assert.ok(!utxos.some((utxo) => utxo.address === addresses[4]));
    // Grouped in the order asked.
    const order = [...new Set(utxos.map((utxo) => utxo.address))];
    assert.deepEqual(
      order,
      addresses.filter((address) => order.includes(address)),
    );
    assert.deepEqual(await api.getUtxosByAddresses({ addresses: [] }), []);
    const twice = await api.getUtxosByAddresses({ addresses: [addresses[1] as string, addresses[1] as string] });
    assert.equal(twice.length, bruteForceUtxos(alice.script).length, 'an address asked twice is listed once');

    const balance = (key: typeof miner) =>
      bruteForceUtxos(key.script)
        .reduce((sum, [, entry]) => sum + entry.amount, 0n)
        .toString();
    for (const key of keys)
      assert.deepEqual(await api.getBalanceByAddress({ address: testAddress(key) }), { balance: balance(key) });
    assert.equal((await api.getBalanceByAddress({ address: testAddress(stranger) })).balance, '0');
    assert.deepEqual(await api.getBalancesByAddresses({ addresses: [...addresses, addresses[0] as string] }), [
      ...keys.map((key, i) => ({ address: addresses[i], balance: balance(key) })),
      { address: addresses[0], balance: balance(miner) },
    ]);
    assert.ok(BigInt(balance(miner)) > 0n);
  });

  it('address methods refuse other networks, bad checksums, junk and too many addresses, naming the address', async () => {
    const good = testAddress(alice);
    const devnet = devnetAddress(alice);
    const typo = `${good.slice(0, -1)}${good.endsWith('q') ? 'p' : 'q'}`;
    const methods = [
      (address: string) => api.getBalanceByAddress({ address }),
      (address: string) => api.getUtxosByAddresses({ addresses: [good, address] }),
      (address: string) => api.getBalancesByAddresses({ addresses: [good, address] }),
    ];
    for (const call of methods) {
      await badParams(call(devnet), new RegExp(`"${devnet}".*dagdev.*dagsim`));
      await badParams(call(typo), new RegExp(`"${typo}".*check does not match`));
      await badParams(call('kaspa'), /"kaspa".*network name and a colon/);
      await badParams(call(''), /empty/);
      await badParams(call('x'.repeat(201)), /at most 200 characters/);
      await badParams(call(wrong(42)), /must be an address/);
    }
    await badParams(api.getUtxosByAddresses({ addresses: [good, typo] }), /addresses\[1\]/);
    await badParams(api.getBalanceByAddress({ address: typo }), /^address "/);
    const tooMany = Array<string>(DAG_API_LIMITS.addresses + 1).fill(good);
    await badParams(api.getUtxosByAddresses({ addresses: tooMany }), /at most 10,000 addresses/);
    await badParams(api.getBalancesByAddresses({ addresses: tooMany }), /at most 10,000 addresses/);
    assert.equal(
      (await api.getBalancesByAddresses({ addresses: tooMany.slice(1) })).length,
      DAG_API_LIMITS.addresses,
      'the cap itself is allowed',
    );
    await badParams(api.getUtxosByAddresses(wrong({ addresses: good })), /addresses must be a list/);
    await badParams(api.getBalancesByAddresses(wrong({})), /addresses must be a list/);
    await badParams(api.getBalanceByAddress(wrong({})), /address must be an address/);
  });

  it('getCoinSupply: circulating is the virtual UTXO set summed; max is the schedule summed', async () => {
    const { consensus } = node;
    const bruteForce = [...virtualUtxoSet(consensus).values()].reduce((sum, entry) => sum + entry.amount, 0n);
    const supply = await api.getCoinSupply({});
    assert.equal(supply.circulatingSompi, bruteForce.toString());
    assert.ok(bruteForce > 0n);
    // The virtual diff matters: the sink's own coinbase is not in the stored set yet.
    assert.ok(consensus.virtualState().diff.toAdd.size > 0);
    // Independently: the flat phase from DAA score 1 (genesis's reward is never paid), then every
    // month of the table in full.
    const months = SUBSIDY_BY_MONTH_TABLE.reduce((sum, subsidy) => sum + subsidy * BigInt(SECONDS_PER_MONTH), 0n);
    const flat = BigInt(node.params.deflationaryPhaseDaaScore - 1) * node.params.preDeflationaryPhaseBaseSubsidy;
    assert.equal(supply.maxSompi, (flat + months).toString());
    const genesisCoinbase = consensus.store.bodies.get(consensus.genesis)?.[0] as Transaction;
    assert.equal(genesisCoinbase.outputs.length, 0, 'genesis creates nothing');
    // Kaspa's figure: about 28.4 billion KAS here, under rusty-kaspa's 29 billion bound.
    const kas = Number(BigInt(supply.maxSompi) / 100_000_000n);
    assert.ok(kas > 28.3e9 && kas < 29e9, `${kas} KAS`);
    assert.ok(BigInt(supply.circulatingSompi) < BigInt(supply.maxSompi));
    await badParams(api.getCoinSupply(wrong(true)), /params must be an object/);
  });

  it('getFeeEstimate: finite, ordered buckets at or above the minimum relay rate', async () => {
    const estimate = await api.getFeeEstimate({});
    const buckets = [estimate.priorityBucket, ...estimate.normalBuckets, ...estimate.lowBuckets];
    assert.equal(estimate.normalBuckets.length, 2);
    assert.equal(estimate.lowBuckets.length, 1);
    for (const bucket of buckets) {
      assert.ok(Number.isFinite(bucket.feerate) && bucket.feerate >= 1, JSON.stringify(bucket));
      assert.ok(Number.isFinite(bucket.estimatedSeconds) && bucket.estimatedSeconds >= 0, JSON.stringify(bucket));
    }
    for (let i = 1; i < buckets.length; i++) {
      assert.ok((buckets[i - 1]?.feerate as number) >= (buckets[i]?.feerate as number));
      assert.ok((buckets[i - 1]?.estimatedSeconds as number) <= (buckets[i]?.estimatedSeconds as number));
    }
    // One small payment fits the next block whatever it pays: the minimum rate is enough.
    assert.equal(estimate.priorityBucket.feerate, 1);
    JSON.stringify(estimate); // no bigint, no cycle
    await badParams(api.getFeeEstimate(wrong('now')), /params must be an object/);
  });
});

describe('getVirtualChainFromBlock across a reorganisation', () => {
  let node: DagwalletNode;
  let root: string;
  before(async () => ({ node, root } = await freshNode()));
  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the blocks that left the chain in removed, newest first, and the new chain in added', async () => {
    const api = nodeApiHandlers(node);
    const { consensus } = node;
    for (let i = 0; i < 8; i++) await addBlock(node);
    const fork = chainOf(consensus).at(-4) as BlockKey;
    const oldChainAbove = chainOf(consensus).slice(-3);
    const oldSink = consensus.sink();
    // A heavier branch from the fork point: the selected chain moves over to it.
    const side: BlockKey[] = [];
    for (let i = 0; i < 6; i++) side.push(await addBlock(node, [side.at(-1) ?? fork]));
    assert.equal(consensus.sink(), side.at(-1), 'the side branch became the selected chain');
    const moved = await api.getVirtualChainFromBlock({ startHash: oldSink, includeAcceptedTransactionIds: true });
    assert.deepEqual(moved.removedChainBlockHashes, [...oldChainAbove].reverse());
    assert.equal(moved.removedChainBlockHashes[0], oldSink);
    assert.deepEqual(moved.addedChainBlockHashes, side);
    assert.deepEqual(
      moved.acceptedTransactionIds.map((each) => each.acceptingBlockHash),
      side,
    );
    for (const each of moved.acceptedTransactionIds)
      assert.deepEqual(each.acceptedTransactionIds, consensus.acceptedTransactions(each.acceptingBlockHash).map(idOf));
    // From a block in the middle of the abandoned stretch: only what lies below it left.
    const fromMiddle = await api.getVirtualChainFromBlock({ startHash: oldChainAbove[0] as BlockKey });
    assert.deepEqual(fromMiddle.removedChainBlockHashes, [oldChainAbove[0]]);
    assert.deepEqual(fromMiddle.addedChainBlockHashes, side);
    // Merging the old branch back does not put it on the chain again.
    const merger = await addBlock(node, [side.at(-1) as BlockKey, oldSink]);
    const after = await api.getVirtualChainFromBlock({ startHash: oldSink });
    assert.deepEqual(after.removedChainBlockHashes, [...oldChainAbove].reverse());
    assert.deepEqual(after.addedChainBlockHashes, [...side, merger]);
  });
});

describe('subsidyScheduleSum against a block-by-block sum', () => {
  const params = DAGWALLET_NETWORKS.simnet;
  const bruteForce = (from: number, to: number) => {
    let sum = 0n;
    for (let d = from; d < to; d++) sum += calcBlockSubsidy(d, params);
    return sum;
  };
  const phase = params.deflationaryPhaseDaaScore;

  it('matches over stretches across the phase change and month boundaries', () => {
    const cases: [number, number][] = [
      [0, 1_000],
      [1, 2],
      [phase - 500, phase + 500],
      [phase + SECONDS_PER_MONTH - 10, phase + SECONDS_PER_MONTH + 10],
      [phase + 3 * SECONDS_PER_MONTH - 1_000, phase + 5 * SECONDS_PER_MONTH + 1_000],
      [phase + 424 * SECONDS_PER_MONTH + 7, phase + 426 * SECONDS_PER_MONTH + 1_000],
      [phase, phase],
      [100, 50],
    ];
    for (const [from, to] of cases)
      assert.equal(subsidyScheduleSum(params, from, to), bruteForce(from, to), `${from}..${to}`);
  });

  it('sums to the end of the schedule, and nothing is paid after it', () => {
    const end = phase + (SUBSIDY_BY_MONTH_TABLE.length - 1) * SECONDS_PER_MONTH;
    assert.equal(calcBlockSubsidy(end, params), 0n);
    assert.ok(calcBlockSubsidy(end - 1, params) > 0n);
    assert.equal(subsidyScheduleSum(params, end), 0n);
    assert.equal(subsidyScheduleSum(params, end - 1_000), bruteForce(end - 1_000, end));
    assert.equal(
      subsidyScheduleSum(params, 1),
      subsidyScheduleSum(params, 1, phase + 100) + subsidyScheduleSum(params, phase + 100),
    );
    assert.throws(() => subsidyScheduleSum(params, -1), RangeError);
  });

  it('maxSompi: one subsidy per DAA score after genesis, whose own reward is never paid', () => {
    assert.equal(maxSompi(params), subsidyScheduleSum(params, 1));
    const devnet = DAGWALLET_NETWORKS.devnet;
    assert.equal(maxSompi(devnet), subsidyScheduleSum(devnet, devnet.genesis.daaScore + 1));
  });
});

describe('shutDown', () => {
  it('in process: answers, then the node closes itself when nobody owns its stop', async () => {
    const { node, root } = await freshNode();
    try {
      const closed = new Promise<void>((resolve) => node.events.on('closed', () => resolve()));
      const api = nodeApiHandlers(node);
      assert.deepEqual(await api.shutDown({}), { shuttingDown: true });
      assert.deepEqual(await api.shutDown(wrong({ now: true })), { shuttingDown: true }, 'asking twice is harmless');
      await closed;
      await badParams(api.shutDown(wrong('x')), /params must be an object/);
    } finally {
      await node.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('in process: the owner of the node hears of it, once, and stops it its own way', async () => {
    const { node, root } = await freshNode();
    try {
      let heard = 0;
      const stop = new Promise<void>((resolve) =>
        node.onShutdownRequested(() => {
          heard++;
          resolve();
        }),
      );
      const api = nodeApiHandlers(node);
      await api.shutDown({});
      await api.shutDown({});
      await stop;
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(heard, 1);
      assert.ok(node.consensus.sink(), "still open: closing is the owner's call");
    } finally {
      await node.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('over HTTP and WebSocket: the reply arrives, then the node stops and its endpoint file goes', async () => {
    for (const transport of ['http', 'ws'] as const) {
      const { node, root } = await freshNode(true);
      try {
        const closed = new Promise<void>((resolve) => node.events.on('closed', () => resolve()));
        const endpoint = join(node.dir, ENDPOINT_FILE);
        assert.ok(existsSync(endpoint));
        if (transport === 'http') {
          const client = connectToNode(node.dir);
          assert.ok(client instanceof RpcClient);
          assert.deepEqual(await client.call('shutDown', {}), { shuttingDown: true });
        } else {
          const { token } = JSON.parse(readFileSync(endpoint, 'utf8')) as NodeEndpoint;
          const client = await WebSocketNodeClient.connect(node.wsUrl as string, token);
          try {
            assert.deepEqual(await client.call('shutDown', {}), { shuttingDown: true });
          } finally {
            client.close();
          }
        }
        await closed;
        assert.equal(existsSync(endpoint), false, transport);
      } finally {
        await node.close();
        rmSync(root, { recursive: true, force: true });
      }
    }
  });

  it('through the CLI: `dagwallet node` runs its normal stop path and exits 0', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dagwallet-dag-api-cli-'));
    const main = new URL('../../cli/main.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, [
      main,
      'node',
      '--network',
      'simnet',
      '--data-dir',
      root,
      '--rpc-port',
      '0',
      '--mqtt-port',
      '0',
      '--no-listen',
      '--no-mdns',
    ]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const dir = join(root, 'simnet');
      await until('the node to serve its API', () => (existsSync(join(dir, ENDPOINT_FILE)) ? true : undefined), 60_000);
      assert.deepEqual(await connectToNode(dir).call('shutDown', {}), { shuttingDown: true });
      assert.equal(await exited, 0, output);
      assert.match(output, /shutDown called through the API/);
      assert.match(output, /node stopped/);
      assert.equal(existsSync(join(dir, ENDPOINT_FILE)), false);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    }
  });
});
