/**
 * The proof of issue 8's APIs: a client exercises every JSON-RPC method (over HTTP and WebSocket),
 * every REST endpoint and every notification against a node holding a DAG mined on devnet with
 * real proof of work, bad input included for each (a 4xx or a typed error, the node unharmed).
 *
 * Why two networks: devnet's genesis difficulty asks ~200,000 kHeavyHash per block, ~1.3 s on one
 * core here (the node's own miner on two threads does ~1 block/s), and a coinbase matures only
 * after 100 DAA score: spendable devnet coins would take ~2 minutes of mining before the first
 * call. So the read-only methods, block templates, submitted blocks, the miner, peers, host and
 * the restored wallet run on a devnet node with an 11-block DAG (a fork and its merge included),
 * mined here with the miner's own nonce search; what needs mature coins (submitted transactions,
 * the mempool, the created wallet's sends) runs on a simnet node, same code, trivial proof of work.
 *
 * The method table is a Record over NodeMethod: a method added to the API without a proof case
 * here fails to compile.
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type {
  BlockAddedPayload,
  BlockJson,
  MethodParams,
  MethodResult,
  NodeMethod,
  NotificationMap,
  TransactionJson,
  UtxoByAddressJson,
} from '../../../../src-shared/api.ts';
import { RemoteError } from '../../../../src-shared/node-client.ts';
import type {
  RestAddressTransactionsPage,
  RestBlocksPage,
  RestBlockTransactions,
  RestErrorJson,
  RestInfoJson,
  RestTransactionCount,
  RestUtxosPage,
} from '../../../../src-shared/rest-api.ts';
import { addressToScriptPublicKey, decodeAddress } from '../../consensus/address.ts';
import { decodeBlock, encodeBlock } from '../../consensus/codec/block-codec.ts';
import { encodeTransaction } from '../../consensus/codec/tx-codec.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../../consensus/params/dagwallet-networks.ts';
import { checkProofOfWork } from '../../consensus/pow.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { LOOPBACK_LISTEN, until } from '../../test-support/p2p-nodes.ts';
import { signTransaction } from '../../test-support/signing.ts';
import { testAddress, testKey } from '../../test-support/test-keys.ts';
import { MAX_BODY_BYTES } from '../json-rpc/rpc-server.ts';
import type { SelectedParentChainJson, SelectedTipJson } from '../mqtt/mqtt-topics.ts';
import { scriptFromJson, scriptToJson } from '../script-json.ts';
import {
  listenMqtt,
  mineOnNode,
  type MqttListener,
  type ProofNode,
  postRpc,
  rawCall,
  rawHttp,
  restCall,
  type RestReply,
  solveProofOfWork,
  startProofNode,
} from './proof-support.ts';

const PASSWORD = 'the proof of the node API';
/** BIP39's all-zero-entropy 24-word phrase: a wallet to restore that nobody uses. */
const ABANDON_ART = `${'abandon '.repeat(23)}art`;
const MINER = testKey('miner');
const ALICE = testKey('alice');
const BOB = testKey('bob');
const DEVNET = DAGWALLET_NETWORKS.devnet;
const SIMNET = DAGWALLET_NETWORKS.simnet;
/** A well-formed hash no block or transaction has. */
const UNKNOWN_HASH = 'ab'.repeat(32);
/** Sompi the submitted transaction pays above its outputs: far above the minimum relay fee. */
const SPEND_FEE = 100_000n;

/** The devnet DAG the fixture mines: a selected chain with a fork whose losing side a later block merges. */
interface DevnetDag {
  /** The selected chain, oldest first: six blocks, the fork's winner, the merging block, two more. */
  chain: BlockKey[];
  /** The fork's other block: blue, off the chain, merged by `merge`. */
  sibling: BlockKey;
  merge: BlockKey;
  /** Every mined block, in the order it was submitted. */
  all: BlockKey[];
}

/** What the WebSocket client heard while the fixture mined, per event (utxosChanged: the devnet miner's address). */
type Heard = { [E in keyof NotificationMap]: NotificationMap[E][] };

interface Fixture {
  /** The devnet node (P2P on, not listening) every devnet case calls. */
  devnet: ProofNode;
  /** A second devnet node listening on loopback, for the peer methods. */
  peer: ProofNode;
  /** The simnet node with mature coins. */
  simnet: ProofNode;
  dag: DevnetDag;
  heard: Heard;
  /** Subscribed to every topic of the devnet node's embedded broker before the DAG was mined. */
  mqtt: MqttListener;
  minerDevnet: string;
  minerSimnet: string;
  aliceSimnet: string;
  /** Set by submitTransaction's good call: a pool transaction paying alice on simnet. */
  spend?: { id: string; tx: Transaction; coin: UtxoByAddressJson };
  wallet: { words: string[]; address?: string; sentId?: string };
}

let fx: Fixture;

const scriptOf = (address: string) => addressToScriptPublicKey(decodeAddress(address));
const scriptHexOf = (address: string) => scriptToJson(scriptOf(address));
const sumOf = (utxos: readonly { amount: string }[]) => utxos.reduce((sum, utxo) => sum + BigInt(utxo.amount), 0n);

const remote = (code: string) => (error: unknown) => {
  assert.ok(error instanceof RemoteError, `expected a RemoteError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return true;
};

/** An error message a client may see: words, no stack trace, no source file. */
function assertNoInternals(message: string): void {
  assert.doesNotMatch(message, /\n\s+at |node_modules|\.ts:\d+|\.js:\d+/, `leaks internals: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// The method table
// ---------------------------------------------------------------------------------------------

type Call<M extends NodeMethod> = (params: MethodParams<M>) => Promise<MethodResult<M>>;

/** Input the method must refuse with `code` (BAD_PARAMS, or the method's own typed error). */
interface BadInput {
  params: unknown;
  code: string;
}

interface MethodProof<M extends NodeMethod> {
  /** The node the case runs on. */
  on: 'devnet' | 'simnet';
  /** Calls the method as a client would and checks the answer means something. */
  good: (call: Call<M>) => Promise<void>;
  /** Refused input, evaluated after the good call (some refusals need what it made). */
  bad: () => BadInput[];
}

/** Every method gets this too: JSON-RPC params must be an object. */
const NOT_AN_OBJECT: BadInput = { params: 'not an object', code: 'BAD_PARAMS' };

async function devnetInfo() {
  return fx.devnet.rpc.call('getInfo', {});
}

const PROOFS: { [M in NodeMethod]: MethodProof<M> } = {
  // ---- the node and its DAG (devnet) ----
  getInfo: {
    on: 'devnet',
    async good(call) {
      const info = await call({});
      assert.equal(info.network, DEVNET.name);
      assert.equal(info.addressPrefix, 'dagdev');
      assert.equal(info.sink, fx.dag.chain.at(-1));
      assert.equal(info.blockCount, fx.dag.all.length + 1, 'the mined blocks and genesis');
      assert.equal(info.tipCount, 1);
      assert.equal(info.coinbaseMaturity, 100);
      assert.equal(info.mining.running, false);
    },
    bad: () => [],
  },
  getBlockDagInfo: {
    on: 'devnet',
    async good(call) {
      const dag = await call({});
      const info = await devnetInfo();
      assert.equal(dag.network, DEVNET.name);
      assert.equal(dag.blockCount, info.blockCount);
      assert.equal(dag.sink, info.sink);
      assert.deepEqual(dag.tipHashes, [info.sink]);
      assert.deepEqual(dag.virtualParentHashes, [info.sink]);
      assert.equal(dag.virtualDaaScore, info.virtualDaaScore);
      assert.ok(dag.difficulty > 0);
      assert.equal(dag.pruningPointHash, DEVNET.genesis.hash);
    },
    bad: () => [],
  },
  getSink: {
    on: 'devnet',
    async good(call) {
      assert.deepEqual(await call({}), { sink: fx.dag.chain.at(-1) });
    },
    bad: () => [],
  },
  getSinkBlueScore: {
    on: 'devnet',
    async good(call) {
      const { blueScore } = await call({});
      assert.equal(blueScore, (await devnetInfo()).sinkBlueScore);
      // Every chain block is one blue score above its selected parent; the merge adds the sibling.
      assert.equal(blueScore, fx.dag.chain.length + 1);
    },
    bad: () => [],
  },
  getBlock: {
    on: 'devnet',
    async good(call) {
      const sibling = await call({ hash: fx.dag.sibling });
      const forkParent = fx.dag.chain[5] as string;
      assert.equal(sibling.isChainBlock, false);
      assert.equal(sibling.color, 'blue');
      assert.equal(sibling.mergedBy, fx.dag.merge);
      assert.equal(sibling.selectedParent, forkParent);
      assert.deepEqual(sibling.parents, [forkParent]);
      assert.equal(sibling.transactions?.length, 1, 'its coinbase');
      const merge = await call({ hash: fx.dag.merge });
      assert.equal(merge.isChainBlock, true);
      assert.ok(merge.mergesetBlues.includes(fx.dag.sibling));
      assert.deepEqual(merge.parents.toSorted(), [fx.dag.sibling, fx.dag.chain[6]].toSorted());
      assert.ok(merge.children.includes(fx.dag.chain[8] as string));
      assert.equal(merge.utxoStatus, 'valid');
    },
    bad: () => [
      { params: { hash: 'not a hash' }, code: 'BAD_PARAMS' },
      { params: { hash: UNKNOWN_HASH.toUpperCase() }, code: 'BAD_PARAMS' },
      { params: {}, code: 'BAD_PARAMS' },
      { params: { hash: UNKNOWN_HASH }, code: 'NOT_FOUND' },
    ],
  },
  getBlocks: {
    on: 'devnet',
    async good(call) {
      const all = await call({ includeBlocks: true, limit: 1000 });
      assert.deepEqual(all.blockHashes.toSorted(), [DEVNET.genesis.hash, ...fx.dag.all].toSorted());
      assert.deepEqual(
        all.blocks.map((block) => block.hash),
        all.blockHashes,
      );
      for (let i = 1; i < all.blocks.length; i++)
        assert.ok((all.blocks[i] as { blueScore: number }).blueScore >= (all.blocks[i - 1]?.blueScore ?? 0));
      const page = await call({ lowHash: fx.dag.chain[7] as string, limit: 2 });
      assert.equal(page.blockHashes.length, 2);
      assert.equal(page.blockHashes[0], fx.dag.chain[7]);
      assert.deepEqual(page.blocks, [], 'no blocks unless asked for');
    },
    bad: () => [
      { params: { limit: 0 }, code: 'BAD_PARAMS' },
      { params: { limit: 1001 }, code: 'BAD_PARAMS' },
      { params: { lowHash: 'zz' }, code: 'BAD_PARAMS' },
      { params: { includeBlocks: 'yes' }, code: 'BAD_PARAMS' },
      { params: { lowHash: UNKNOWN_HASH }, code: 'NOT_FOUND' },
    ],
  },
  getHeaders: {
    on: 'devnet',
    async good(call) {
      const chain = fx.dag.chain;
      const down = await call({ startHash: chain.at(-1) as string, limit: 3 });
      assert.deepEqual(
        down.headers.map((header) => header.hash),
        chain.slice(-3).reverse(),
      );
      const up = await call({ startHash: chain[0] as string, limit: 3, isAscending: true });
      assert.deepEqual(
        up.headers.map((header) => header.hash),
        chain.slice(0, 3),
      );
      const [first] = up.headers;
      assert.equal(first?.parents[0], DEVNET.genesis.hash);
      assert.equal(first?.blueScore, 1);
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { startHash: fx.dag.merge, limit: 0 }, code: 'BAD_PARAMS' },
      { params: { startHash: fx.dag.merge, limit: 1001 }, code: 'BAD_PARAMS' },
      { params: { startHash: fx.dag.merge, isAscending: 1 }, code: 'BAD_PARAMS' },
      { params: { startHash: UNKNOWN_HASH }, code: 'NOT_FOUND' },
    ],
  },
  getVirtualChainFromBlock: {
    on: 'devnet',
    async good(call) {
      const forkParent = fx.dag.chain[5] as string;
      const moved = await call({ startHash: forkParent, includeAcceptedTransactionIds: true });
      assert.deepEqual(moved.removedChainBlockHashes, []);
      assert.deepEqual(moved.addedChainBlockHashes, fx.dag.chain.slice(6));
      assert.deepEqual(
        moved.acceptedTransactionIds.map((entry) => entry.acceptingBlockHash),
        moved.addedChainBlockHashes,
      );
      for (const { acceptingBlockHash, acceptedTransactionIds } of moved.acceptedTransactionIds) {
        const block = await fx.devnet.rpc.call('getBlock', { hash: acceptingBlockHash });
        assert.deepEqual(acceptedTransactionIds, block.acceptedTransactionIds);
        // Kaspa accepts the selected parent's coinbase only: the merge block's pays the sibling's miner.
        assert.equal(acceptedTransactionIds.length, 1);
      }
      // From the sibling (a block that was never on the chain the node reports): the chain goes back to the fork.
      const fromSibling = await call({ startHash: fx.dag.sibling });
      assert.deepEqual(fromSibling.removedChainBlockHashes, [fx.dag.sibling]);
      assert.deepEqual(fromSibling.addedChainBlockHashes, fx.dag.chain.slice(6));
      assert.deepEqual(fromSibling.acceptedTransactionIds, []);
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { startHash: 'x' }, code: 'BAD_PARAMS' },
      { params: { startHash: fx.dag.merge, includeAcceptedTransactionIds: 'yes' }, code: 'BAD_PARAMS' },
      { params: { startHash: UNKNOWN_HASH }, code: 'NOT_FOUND' },
    ],
  },
  getTransaction: {
    on: 'devnet',
    async good(call) {
      const [b2, b3] = [fx.dag.chain[1] as string, fx.dag.chain[2] as string];
      const block = await fx.devnet.rpc.call('getBlock', { hash: b2 });
      const coinbaseId = block.transactions?.[0]?.transactionId as string;
      const tx = await call({ transactionId: coinbaseId });
      assert.equal(tx.isCoinbase, true);
      assert.equal(tx.status, 'accepted');
      assert.deepEqual(tx.blocks, [b2]);
      assert.equal(tx.acceptingBlock, b3, 'the chain block whose selected parent holds it');
      const info = await devnetInfo();
      assert.equal(tx.confirmations, info.virtualBlueScore - (tx.acceptingBlueScore as number));
      assert.ok(tx.confirmations > 0);
      assert.equal(tx.fee, null);
    },
    bad: () => [
      { params: { transactionId: 42 }, code: 'BAD_PARAMS' },
      { params: { transactionId: UNKNOWN_HASH }, code: 'NOT_FOUND' },
    ],
  },
  getUtxosByScripts: {
    on: 'devnet',
    async good(call) {
      const script = scriptHexOf(fx.minerDevnet);
      const utxos = await call({ scripts: [script] });
      assert.ok(utxos.length >= fx.dag.chain.length - 1, `${utxos.length} coinbase outputs`);
      for (const utxo of utxos) {
        assert.equal(utxo.scriptPublicKey, script);
        assert.equal(utxo.isCoinbase, true);
      }
      const byAddress = await fx.devnet.rpc.call('getUtxosByAddresses', { addresses: [fx.minerDevnet] });
      assert.deepEqual(
        utxos.map((utxo) => utxo.outpoint).toSorted(),
        byAddress.map((utxo) => utxo.outpoint).toSorted(),
      );
    },
    bad: () => [
      { params: { scripts: 'x' }, code: 'BAD_PARAMS' },
      { params: { scripts: ['0000zz'] }, code: 'BAD_PARAMS' },
    ],
  },
  getHistory: {
    on: 'devnet',
    async good(call) {
      const rows = await call({ scripts: [scriptHexOf(fx.minerDevnet)], limit: 3 });
      assert.equal(rows.length, 3);
      for (const row of rows) {
        assert.equal(row.isCoinbase, true);
        assert.ok(BigInt(row.received) > 0n);
      }
      assert.ok((rows[0]?.acceptingBlueScore ?? 0) >= (rows[2]?.acceptingBlueScore ?? 0), 'newest first');
    },
    bad: () => [
      { params: { scripts: [scriptHexOf(fx.minerDevnet)], limit: 0 }, code: 'BAD_PARAMS' },
      { params: { scripts: [], limit: 'all' }, code: 'BAD_PARAMS' },
    ],
  },
  areScriptsUsed: {
    on: 'devnet',
    async good(call) {
      const bob = scriptToJson(BOB.script);
      assert.deepEqual(await call({ scripts: [scriptHexOf(fx.minerDevnet), bob] }), [true, false]);
    },
    bad: () => [{ params: { scripts: [7] }, code: 'BAD_PARAMS' }],
  },
  getUtxosByAddresses: {
    on: 'devnet',
    async good(call) {
      const utxos = await call({ addresses: [fx.minerDevnet, testAddress(BOB, DEVNET)] });
      assert.ok(utxos.length > 0);
      for (const utxo of utxos) {
        assert.equal(utxo.address, fx.minerDevnet);
        assert.equal(utxo.scriptPublicKey, scriptHexOf(fx.minerDevnet));
        assert.match(utxo.outpoint, /^[0-9a-f]{64}:\d+$/);
      }
    },
    bad: () => [
      { params: { addresses: 'dagdev:x' }, code: 'BAD_PARAMS' },
      { params: { addresses: ['dagdev:not-an-address'] }, code: 'BAD_PARAMS' },
      { params: { addresses: [fx.aliceSimnet] }, code: 'BAD_PARAMS' },
    ],
  },
  getBalanceByAddress: {
    on: 'devnet',
    async good(call) {
      const utxos = await fx.devnet.rpc.call('getUtxosByAddresses', { addresses: [fx.minerDevnet] });
      assert.deepEqual(await call({ address: fx.minerDevnet }), { balance: sumOf(utxos).toString() });
      assert.deepEqual(await call({ address: testAddress(BOB, DEVNET) }), { balance: '0' });
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { address: fx.aliceSimnet }, code: 'BAD_PARAMS' },
    ],
  },
  getBalancesByAddresses: {
    on: 'devnet',
    async good(call) {
      const { balance } = await fx.devnet.rpc.call('getBalanceByAddress', { address: fx.minerDevnet });
      const bob = testAddress(BOB, DEVNET);
      assert.deepEqual(await call({ addresses: [fx.minerDevnet, bob] }), [
        { address: fx.minerDevnet, balance },
        { address: bob, balance: '0' },
      ]);
    },
    bad: () => [
      { params: { addresses: [5] }, code: 'BAD_PARAMS' },
      {
        params: { addresses: ['kaspa:qqkqkzjvr7zwxxmjxjkmxxdwju9kjs6e9u82uh59z07vgaks6gg62v8707g73'] },
        code: 'BAD_PARAMS',
      },
    ],
  },
  getAddressInfo: {
    on: 'devnet',
    async good(call) {
      const { balance } = await fx.devnet.rpc.call('getBalanceByAddress', { address: fx.minerDevnet });
      const info = await call({ address: fx.minerDevnet, limit: 2 });
      assert.equal(info.address, fx.minerDevnet);
      assert.equal(info.balance, balance);
      assert.equal(info.utxos.length, 2);
      assert.ok(info.utxoCount >= 2);
      assert.equal(info.transactions.length, 2);
      // The history holds what chain blocks accepted; the UTXOs are the virtual's (the sink's coinbase
      // too), and the merge block's coinbase pays it twice (for the sibling as well).
      assert.ok(info.transactionCount >= 2 && info.transactionCount < info.utxoCount);
    },
    bad: () => [
      { params: { address: fx.aliceSimnet }, code: 'BAD_PARAMS' },
      { params: { address: fx.minerDevnet, limit: 0 }, code: 'BAD_PARAMS' },
    ],
  },
  getCoinSupply: {
    on: 'devnet',
    async good(call) {
      const supply = await call({});
      const { balance } = await fx.devnet.rpc.call('getBalanceByAddress', { address: fx.minerDevnet });
      assert.ok(BigInt(supply.circulatingSompi) >= BigInt(balance), 'at least what the miner holds');
      assert.ok(BigInt(supply.maxSompi) > BigInt(supply.circulatingSompi));
    },
    bad: () => [],
  },
  search: {
    on: 'devnet',
    async good(call) {
      const b3 = fx.dag.chain[2] as string;
      assert.deepEqual(await call({ query: b3.toUpperCase() }), { kind: 'block', id: b3 });
      const block = await fx.devnet.rpc.call('getBlock', { hash: b3 });
      const coinbase = block.transactions?.[0]?.transactionId as string;
      assert.deepEqual(await call({ query: coinbase }), { kind: 'transaction', id: coinbase });
      assert.deepEqual(await call({ query: ` ${fx.minerDevnet} ` }), { kind: 'address', id: fx.minerDevnet });
      assert.equal((await call({ query: UNKNOWN_HASH })).kind, 'none');
    },
    bad: () => [{ params: { query: 5 }, code: 'BAD_PARAMS' }],
  },
  getRecentBlocks: {
    on: 'devnet',
    async good(call) {
      const recent = await call({ limit: 3 });
      assert.deepEqual(
        recent.map((block) => block.hash),
        fx.dag.chain.slice(-3).reverse(),
      );
      assert.ok(recent.every((block) => block.isChainBlock && block.color === 'blue'));
    },
    bad: () => [
      { params: { limit: 0 }, code: 'BAD_PARAMS' },
      { params: { limit: 201 }, code: 'BAD_PARAMS' },
    ],
  },
  getDagBlocks: {
    on: 'devnet',
    async good(call) {
      const view = await call({});
      assert.equal(view.sink, fx.dag.chain.at(-1));
      const byHash = new Map(view.blocks.map((block) => [block.hash, block]));
      for (const hash of fx.dag.all) assert.ok(byHash.has(hash), `${hash} in the DAG view`);
      assert.equal(byHash.get(fx.dag.sibling)?.isChainBlock, false);
      assert.equal(byHash.get(fx.dag.merge)?.parents.length, 2);
    },
    bad: () => [{ params: { limit: 2001 }, code: 'BAD_PARAMS' }],
  },
  estimateNetworkHashesPerSecond: {
    on: 'devnet',
    async good(call) {
      const { hashesPerSecond } = await call({ windowSize: 10 });
      // Devnet blocks cost ~200,000 hashes each, and this DAG took seconds to mine.
      assert.ok(hashesPerSecond > 1000, `${hashesPerSecond} hashes per second`);
    },
    bad: () => [
      { params: { windowSize: 9 }, code: 'BAD_PARAMS' },
      { params: { windowSize: 10_001 }, code: 'BAD_PARAMS' },
    ],
  },
  getFeeEstimate: {
    on: 'devnet',
    async good(call) {
      const estimate = await call({});
      assert.ok(estimate.priorityBucket.feerate >= 1, 'at least the minimum relay fee rate');
      for (const bucket of [...estimate.normalBuckets, ...estimate.lowBuckets])
        assert.ok(bucket.feerate <= estimate.priorityBucket.feerate && bucket.estimatedSeconds >= 0);
    },
    bad: () => [],
  },

  // ---- mining (devnet: these add blocks) ----
  getBlockTemplate: {
    on: 'devnet',
    async good(call) {
      const { block, bits } = await call({ payAddress: fx.minerDevnet });
      const decoded = decodeBlock(Buffer.from(block, 'hex'));
      assert.equal(decoded.header.bits, bits);
      assert.equal(bits, DEVNET.genesis.bits, 'devnet keeps its genesis difficulty for the first blocks');
      assert.deepEqual(decoded.header.parents[0]?.map(bytesToHex), [(await devnetInfo()).sink]);
      const coinbaseOutputs = decoded.transactions[0]?.outputs ?? [];
      assert.ok(coinbaseOutputs.some((output) => scriptToJson(output.scriptPublicKey) === scriptHexOf(fx.minerDevnet)));
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { payAddress: fx.aliceSimnet }, code: 'BAD_ADDRESS' },
    ],
  },
  submitBlock: {
    on: 'devnet',
    async good(call) {
      const template = await fx.devnet.rpc.call('getBlockTemplate', { payAddress: fx.minerDevnet });
      const block = decodeBlock(Buffer.from(template.block, 'hex'));
      // An unsolved header is a rejected block, not an error: the node judged it.
      let unsolved = { ...block.header, nonce: 0n };
      while (checkProofOfWork(unsolved).valid) unsolved = { ...unsolved, nonce: unsolved.nonce + 1n };
      const refused = await call({ block: Buffer.from(encodeBlock({ ...block, header: unsolved })).toString('hex') });
      assert.equal(refused.status, 'rejected');
      assert.ok(refused.code, 'the rule it broke');
      const solved = Buffer.from(encodeBlock({ ...block, header: await solveProofOfWork(block.header) })).toString(
        'hex',
      );
      const accepted = await call({ block: solved });
      assert.equal(accepted.status, 'accepted');
      assert.equal(accepted.code, undefined);
      assert.equal((await devnetInfo()).sink, accepted.hash);
      assert.deepEqual(await call({ block: solved }), { hash: accepted.hash, status: 'known' });
    },
    bad: () => [
      { params: { block: 'zz' }, code: 'BAD_PARAMS' },
      { params: { block: '00' }, code: 'BAD_PARAMS' },
      { params: {}, code: 'BAD_PARAMS' },
    ],
  },
  stopMining: {
    on: 'devnet',
    async good(call) {
      const status = await call({});
      assert.equal(status.running, false);
      assert.equal(status.address, null);
    },
    bad: () => [],
  },
  startMining: {
    on: 'devnet',
    async good(call) {
      const before = (await devnetInfo()).mining.blocksFound;
      const status = await call({ address: fx.minerDevnet, threads: 1 });
      assert.equal(status.running, true);
      assert.equal(status.address, fx.minerDevnet);
      await until(
        'the node’s miner to find a devnet block',
        async () => ((await devnetInfo()).mining.blocksFound > before ? true : undefined),
        120_000,
      );
      const stopped = await fx.devnet.rpc.call('stopMining', {});
      assert.equal(stopped.running, false);
      assert.ok(stopped.blocksFound > before);
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { address: fx.minerDevnet, threads: 0 }, code: 'BAD_PARAMS' },
      { params: { address: fx.minerDevnet, threads: 1.5 }, code: 'BAD_PARAMS' },
      { params: { address: fx.aliceSimnet }, code: 'BAD_ADDRESS' },
    ],
  },

  // ---- transactions and the pool (simnet: mature coins) ----
  submitTransaction: {
    on: 'simnet',
    async good(call) {
      const { virtualDaaScore } = await fx.simnet.rpc.call('getInfo', {});
      const coins = await fx.simnet.rpc.call('getUtxosByAddresses', { addresses: [fx.minerSimnet] });
      const coin = coins
        .filter((utxo) => utxo.isCoinbase && utxo.blockDaaScore + SIMNET.coinbaseMaturity <= virtualDaaScore)
        .sort((x, y) => x.blockDaaScore - y.blockDaaScore)[0];
      assert.ok(coin, 'a mature coinbase');
      const tx = spendOf(coin, BigInt(coin.amount) - SPEND_FEE);
      const result = await call({ transaction: bytesToHex(encodeTransaction(tx)) });
      assert.equal(result.status, 'accepted');
      assert.equal(fx.simnet.node.mempool.has(result.transactionId), true);
      fx.spend = { id: result.transactionId, tx, coin };
    },
    bad: () => {
      const spend = fx.spend as NonNullable<Fixture['spend']>;
      const otherSpend = spendOf(spend.coin, BigInt(spend.coin.amount) - 2n * SPEND_FEE);
      return [
        { params: { transaction: 'zz' }, code: 'BAD_PARAMS' },
        { params: { transaction: '00' }, code: 'BAD_PARAMS' },
        { params: { transaction: bytesToHex(encodeTransaction(spend.tx)) }, code: 'ALREADY_IN_POOL' },
        { params: { transaction: bytesToHex(encodeTransaction(otherSpend)) }, code: 'DOUBLE_SPEND' },
      ];
    },
  },
  getMempoolEntries: {
    on: 'simnet',
    async good(call) {
      const spend = fx.spend as NonNullable<Fixture['spend']>;
      const all = await call({});
      const entry = all.find((each) => each.transactionId === spend.id);
      assert.equal(entry?.fee, SPEND_FEE.toString());
      assert.deepEqual(entry?.spends, [spend.coin.outpoint]);
      assert.deepEqual(
        (await call({ scripts: [scriptToJson(ALICE.script)] })).map((each) => each.transactionId),
        [spend.id],
      );
      assert.deepEqual(await call({ scripts: [scriptToJson(BOB.script)] }), []);
    },
    bad: () => [{ params: { scripts: 'x' }, code: 'BAD_PARAMS' }],
  },
  getMempoolEntry: {
    on: 'simnet',
    async good(call) {
      const spend = fx.spend as NonNullable<Fixture['spend']>;
      const entry = await call({ transactionId: spend.id });
      assert.equal(entry.transactionId, spend.id);
      assert.equal(entry.isOrphan, false);
      assert.equal(entry.fee, SPEND_FEE.toString());
      assert.deepEqual(
        entry.outputs.map((output) => output.scriptPublicKey),
        [scriptToJson(ALICE.script)],
      );
    },
    bad: () => [
      { params: { transactionId: 'zz' }, code: 'BAD_PARAMS' },
      { params: { transactionId: UNKNOWN_HASH, includeOrphanPool: 'yes' }, code: 'BAD_PARAMS' },
      { params: { transactionId: UNKNOWN_HASH }, code: 'NOT_FOUND' },
    ],
  },

  // ---- peers (devnet, a second devnet node on loopback) ----
  addPeer: {
    on: 'devnet',
    async good(call) {
      assert.deepEqual(await call({ address: peerAddress() }), { added: true });
      await until('the peer to connect', async () =>
        (await fx.devnet.rpc.call('getConnectedPeerInfo', {})).length === 1 ? true : undefined,
      );
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { address: 'not a multiaddr' }, code: 'BAD_ADDRESS' },
      { params: { address: '/ip4/127.0.0.1/udp/1' }, code: 'BAD_ADDRESS' },
    ],
  },
  getConnectedPeerInfo: {
    on: 'devnet',
    async good(call) {
      const [peer, ...more] = await call({});
      assert.deepEqual(more, []);
      assert.equal(peer?.peerId, fx.peer.node.p2p?.peerId);
      assert.equal(peer?.direction, 'outbound');
      assert.match(peer?.userAgent ?? '', /dagwallet/);
    },
    bad: () => [],
  },
  ban: {
    on: 'devnet',
    async good(call) {
      const peerId = fx.peer.node.p2p?.peerId as string;
      const ban = await call({ peerId, reason: 'the proof', durationMs: 60_000 });
      assert.equal(ban.peerId, peerId);
      assert.equal(ban.reason, 'the proof');
      assert.equal(ban.expiresAt - ban.bannedAt, 60_000);
      await until('the banned peer to be gone', async () =>
        (await fx.devnet.rpc.call('getConnectedPeerInfo', {})).length === 0 ? true : undefined,
      );
    },
    bad: () => [
      { params: { peerId: '' }, code: 'BAD_PARAMS' },
      { params: { peerId: 'x', durationMs: 0 }, code: 'BAD_PARAMS' },
    ],
  },
  getPeerAddresses: {
    on: 'devnet',
    async good(call) {
      const peers = await call({});
      assert.deepEqual(peers.listen, [], 'the devnet node does not listen');
      assert.ok(peers.known >= 1, 'the added peer');
      assert.deepEqual(
        peers.bans.map((ban) => ban.peerId),
        [fx.peer.node.p2p?.peerId],
      );
    },
    bad: () => [],
  },
  unban: {
    on: 'devnet',
    async good(call) {
      assert.deepEqual(await call({ target: fx.peer.node.p2p?.peerId as string }), { removed: true });
      assert.deepEqual((await fx.devnet.rpc.call('getPeerAddresses', {})).bans, []);
      assert.deepEqual(await call({ target: fx.peer.node.p2p?.peerId as string }), { removed: false });
    },
    bad: () => [{ params: { target: '' }, code: 'BAD_PARAMS' }],
  },

  // ---- the host (devnet) ----
  getLogs: {
    on: 'devnet',
    async good(call) {
      const lines = await call({ limit: 5 });
      assert.equal(lines.length, 5);
      for (let i = 1; i < lines.length; i++) assert.ok((lines[i]?.seq ?? 0) > (lines[i - 1]?.seq ?? 0));
      const last = lines.at(-1)?.seq as number;
      assert.ok((await call({ afterSeq: last })).every((line) => line.seq > last));
    },
    bad: () => [
      { params: { limit: 0 }, code: 'BAD_PARAMS' },
      { params: { afterSeq: -1 }, code: 'BAD_PARAMS' },
    ],
  },
  getSettings: {
    on: 'devnet',
    async good(call) {
      const settings = await call({});
      assert.equal(settings.network, 'devnet');
      assert.equal(settings.dataDir, fx.devnet.node.config.dataDir);
      assert.ok(settings.networks.includes('devnet') && settings.cpuCount >= 1);
    },
    bad: () => [],
  },
  updateSettings: {
    on: 'devnet',
    async good(call) {
      const saved = await call({ outboundPeers: 4 });
      assert.equal(saved.outboundPeers, 4);
      assert.equal(saved.restartRequired, true);
      assert.equal((await fx.devnet.rpc.call('getSettings', {})).outboundPeers, 4);
    },
    bad: () => [
      { params: { bogus: 1 }, code: 'BAD_PARAMS' },
      { params: { rpcPort: 70_000 }, code: 'BAD_PARAMS' },
      { params: { network: 'moonnet' }, code: 'BAD_PARAMS' },
    ],
  },
  getStorageInfo: {
    on: 'devnet',
    async good(call) {
      const own = await call({});
      assert.equal(own.dataDir, fx.devnet.node.config.dataDir);
      assert.ok(own.freeBytes > 0 && own.totalBytes >= own.freeBytes);
      assert.ok(own.storeBytes > 0);
      assert.equal((await call({ path: tmpdir() })).storeBytes, 0);
    },
    bad: () => [
      { params: { path: 'relative/folder' }, code: 'BAD_PARAMS' },
      { params: { path: 5 }, code: 'BAD_PARAMS' },
    ],
  },

  // ---- the wallet (created on simnet, where it can be funded; restored on devnet) ----
  walletStatus: {
    on: 'simnet',
    async good(call) {
      const status = await call({});
      assert.equal(status.state, 'none');
      assert.equal(status.network, SIMNET.name);
      assert.equal(status.receiveAddress, null);
    },
    bad: () => [],
  },
  walletNewMnemonic: {
    on: 'simnet',
    async good(call) {
      const { words } = await call({});
      assert.equal(words.length, 24);
      fx.wallet.words = words;
    },
    bad: () => [],
  },
  walletCreate: {
    on: 'simnet',
    async good(call) {
      const words = fx.wallet.words;
      const wrong = [{ position: 2, word: words[1] === 'zoo' ? 'abandon' : 'zoo' }];
      await assert.rejects(call({ password: PASSWORD, quiz: wrong }), remote('QUIZ_MISMATCH'));
      const quiz = [3, 11, 20].map((position) => ({ position, word: words[position - 1] as string }));
      const status = await call({ password: PASSWORD, quiz });
      assert.equal(status.state, 'unlocked');
      assert.match(status.receiveAddress ?? '', /^dagsim:/);
    },
    bad: () => [
      { params: { password: PASSWORD, quiz: 'abc' }, code: 'BAD_PARAMS' },
      { params: { password: PASSWORD, quiz: [{ position: 0, word: 'a' }] }, code: 'BAD_PARAMS' },
      { params: { password: PASSWORD, quiz: [] }, code: 'WALLET_EXISTS' },
    ],
  },
  walletLock: {
    on: 'simnet',
    async good(call) {
      assert.equal((await call({})).state, 'locked');
      await assert.rejects(fx.simnet.rpc.call('walletBalance', {}), remote('WALLET_LOCKED'));
    },
    bad: () => [],
  },
  walletUnlock: {
    on: 'simnet',
    async good(call) {
      await assert.rejects(call({ password: 'not it' }), remote('WRONG_PASSWORD'));
      assert.equal((await call({ password: PASSWORD })).state, 'unlocked');
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { password: 7 }, code: 'BAD_PARAMS' },
      { params: { password: 'x'.repeat(1025) }, code: 'BAD_PARAMS' },
    ],
  },
  walletReceiveAddress: {
    on: 'simnet',
    async good(call) {
      const { address, index } = await call({});
      assert.equal(index, 0);
      assert.equal((await fx.simnet.rpc.call('walletStatus', {})).receiveAddress, address);
      fx.wallet.address = address;
      // Fund it: coinbases to the address, buried past maturity.
      const payTo = scriptOf(address);
      for (let i = 0; i < SIMNET.coinbaseMaturity + 3; i++) await mineOnNode(fx.simnet.node, { payTo });
    },
    bad: () => [{ params: { fresh: 'yes' }, code: 'BAD_PARAMS' }],
  },
  walletBalance: {
    on: 'simnet',
    async good(call) {
      const balance = await call({});
      assert.ok(BigInt(balance.spendable) > 0n);
      assert.ok(BigInt(balance.immature) > 0n);
      assert.equal(
        BigInt(balance.total),
        BigInt(balance.spendable) + BigInt(balance.immature) + BigInt(balance.pending),
      );
    },
    bad: () => [],
  },
  checkAddress: {
    on: 'simnet',
    async good(call) {
      assert.deepEqual(await call({ address: fx.aliceSimnet }), {
        valid: true,
        address: fx.aliceSimnet,
        kind: 'p2pk-schnorr',
      });
      const other = await call({ address: fx.minerDevnet });
      assert.ok(!other.valid && other.code === 'WRONG_NETWORK');
    },
    bad: () => [
      { params: { address: 5 }, code: 'BAD_PARAMS' },
      { params: {}, code: 'BAD_PARAMS' },
    ],
  },
  walletPlanSend: {
    on: 'simnet',
    async good(call) {
      const plan = await call({ to: fx.aliceSimnet, amount: '100000000' });
      assert.equal(plan.to, fx.aliceSimnet);
      assert.equal(plan.amount, '100000000');
      assert.equal(BigInt(plan.total), 100_000_000n + BigInt(plan.fee));
      assert.ok(BigInt(plan.fee) > 0n);
    },
    bad: () => [
      { params: { to: fx.aliceSimnet, amount: '-1' }, code: 'BAD_PARAMS' },
      { params: { to: fx.aliceSimnet, amount: 100 }, code: 'BAD_PARAMS' },
      { params: { to: fx.aliceSimnet, amount: '100000000', feeRate: 0 }, code: 'BAD_PARAMS' },
      { params: { to: fx.aliceSimnet, amount: '0' }, code: 'AMOUNT_TOO_SMALL' },
      { params: { to: fx.minerDevnet, amount: '100000000' }, code: 'BAD_ADDRESS' },
    ],
  },
  walletSend: {
    on: 'simnet',
    async good(call) {
      const sent = await call({ to: fx.aliceSimnet, amount: '100000000', password: PASSWORD });
      assert.equal(sent.transactionIds.length, 1);
      assert.equal(sent.amount, '100000000');
      const [id] = sent.transactionIds as [string];
      assert.ok(fx.simnet.node.mempool.has(id));
      fx.wallet.sentId = id;
    },
    bad: () => [
      { params: { to: fx.aliceSimnet, amount: '100000000' }, code: 'BAD_PARAMS' },
      { params: { to: fx.aliceSimnet, amount: '100000000', password: 'not it' }, code: 'WRONG_PASSWORD' },
    ],
  },
  walletHistory: {
    on: 'simnet',
    async good(call) {
      const [latest] = await call({ limit: 5 });
      assert.equal(latest?.transactionId, fx.wallet.sentId);
      assert.equal(latest?.status, 'pending');
      assert.equal(latest?.kind, 'send');
      const confirmed = await call({ limit: 500 });
      assert.ok(confirmed.some((entry) => entry.kind === 'coinbase' && entry.status === 'confirmed'));
    },
    bad: () => [
      { params: { limit: 0 }, code: 'BAD_PARAMS' },
      { params: { limit: '5' }, code: 'BAD_PARAMS' },
    ],
  },
  walletHistoryCsv: {
    on: 'simnet',
    async good(call) {
      const { csv, fileName } = await call({});
      const history = await fx.simnet.rpc.call('walletHistory', { limit: 500 });
      const confirmed = history.filter((entry) => entry.status === 'confirmed');
      assert.ok(confirmed.length > 0);
      for (const entry of confirmed) assert.ok(csv.includes(entry.transactionId), 'every confirmed transaction');
      assert.match(fileName, /\.csv$/);
    },
    bad: () => [],
  },
  walletRevealMnemonic: {
    on: 'simnet',
    async good(call) {
      assert.deepEqual(await call({ password: PASSWORD }), { words: fx.wallet.words });
    },
    bad: () => [
      { params: {}, code: 'BAD_PARAMS' },
      { params: { password: 'not it' }, code: 'WRONG_PASSWORD' },
    ],
  },
  walletChangePassword: {
    on: 'simnet',
    async good(call) {
      // The last use of the simnet wallet's password: the old one is refused from now on.
      assert.deepEqual(await call({ oldPassword: PASSWORD, newPassword: `${PASSWORD}!` }), { changed: true });
      await assert.rejects(
        fx.simnet.rpc.call('walletRevealMnemonic', { password: PASSWORD }),
        remote('WRONG_PASSWORD'),
      );
    },
    bad: () => [
      { params: { oldPassword: PASSWORD }, code: 'BAD_PARAMS' },
      { params: { oldPassword: 'not it', newPassword: 'other' }, code: 'WRONG_PASSWORD' },
    ],
  },
  walletRestore: {
    on: 'devnet',
    async good(call) {
      const status = await call({ words: ABANDON_ART, password: PASSWORD });
      assert.equal(status.state, 'unlocked');
      assert.equal(status.network, DEVNET.name);
      assert.match(status.receiveAddress ?? '', /^dagdev:/);
    },
    bad: () => [
      { params: { words: 5, password: PASSWORD }, code: 'BAD_PARAMS' },
      { params: { words: ABANDON_ART, password: PASSWORD, bip39Passphrase: 1 }, code: 'BAD_PARAMS' },
      { params: { words: ABANDON_ART, password: PASSWORD }, code: 'WALLET_EXISTS' },
    ],
  },

  // ---- last: it stops the devnet node ----
  shutDown: {
    on: 'devnet',
    async good(call) {
      const closed = new Promise<void>((resolve) => fx.devnet.node.events.on('closed', () => resolve()));
      assert.deepEqual(await call({}), { shuttingDown: true });
      await closed;
      await assert.rejects(
        fx.devnet.rpc.call('getInfo', {}),
        (error) => error instanceof Error && 'code' in error && error.code === 'NODE_UNREACHABLE',
      );
    },
    bad: () => [],
  },
};

function spendOf(coin: UtxoByAddressJson, toAlice: bigint): Transaction {
  return signTransaction(
    [
      {
        outpoint: coin.outpoint as `${string}:${number}`,
        entry: {
          amount: BigInt(coin.amount),
          scriptPublicKey: scriptFromJson(coin.scriptPublicKey),
          blockDaaScore: coin.blockDaaScore,
          isCoinbase: coin.isCoinbase,
        },
        secretKey: MINER.secretKey,
      },
    ],
    [{ value: toAlice, scriptPublicKey: ALICE.script }],
  );
}

function peerAddress(): string {
  const address = fx.peer.node.p2p?.listenAddresses[0];
  assert.ok(address, 'the peer listens');
  return address;
}

/** What "unharmed" compares: the node answers, and its DAG and pool are as they were. */
async function snapshot(target: ProofNode) {
  const info = await target.rpc.call('getInfo', {});
  return { sink: info.sink, blockCount: info.blockCount, mempoolSize: info.mempoolSize };
}

/** The bad input over HTTP POST /rpc (and over WebSocket too, as a spot check): a typed refusal, no internals. */
async function assertRefused(target: ProofNode, method: NodeMethod, input: BadInput, overWs: boolean): Promise<void> {
  const what = `${method}(${JSON.stringify(input.params)})`;
  const reply = await rawCall(target, method, input.params);
  assert.equal(reply.status, 200, `${what}: JSON-RPC errors travel in a 200 reply`);
  assert.equal(reply.result, undefined, `${what} must be refused, got ${JSON.stringify(reply.result)}`);
  assert.equal(reply.error?.data.code, input.code, `${what}: ${reply.error?.message}`);
  // JSON-RPC's invalid params, or its server-error range for a rule of the node's.
  assert.equal(reply.error?.code, input.code === 'BAD_PARAMS' ? -32602 : -32000, what);
  assertNoInternals(reply.error?.message ?? '');
  if (!overWs) return;
  await assert.rejects(
    target.ws.call(method, input.params as never),
    (error) => remote(input.code)(error),
    `${what} over WebSocket`,
  );
}

// ---------------------------------------------------------------------------------------------
// The REST endpoints
// ---------------------------------------------------------------------------------------------

/** A REST request the API must refuse with `status` and `errorCode` (path and query as sent). */
interface RestBad {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  token?: boolean;
  status: number;
  code: string;
}

interface RestProof {
  on: 'devnet' | 'simnet';
  good: (target: ProofNode) => Promise<void>;
  bad: () => RestBad[];
}

/** GET and check a 200 with JSON. */
async function restGet<T>(target: ProofNode, path: string): Promise<T> {
  const reply = await restCall<T>(target, 'GET', path);
  assert.equal(reply.status, 200, `GET ${path}: ${JSON.stringify(reply.body)}`);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(reply.headers.get('cache-control'), 'no-store');
  return reply.body;
}

/** Every page of a cursor listing: `path` is the first page's, `items` picks a page's rows. */
async function allPages<P extends { nextCursor: string | null }, T>(
  target: ProofNode,
  path: string,
  items: (page: P) => T[],
): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let pages = 0;
  for (let cursor: string | null | undefined; cursor !== null;) {
    const join = path.includes('?') ? '&' : '?';
    const page = await restGet<P>(
      target,
      cursor === undefined ? path : `${path}${join}cursor=${encodeURIComponent(cursor)}`,
    );
    rows.push(...items(page));
    cursor = page.nextCursor;
    assert.ok(++pages < 1000, 'paging ends');
  }
  return { rows, pages };
}

const REST_PROOFS: Record<string, RestProof> = {
  'GET /block/{hash}': {
    on: 'devnet',
    async good(target) {
      const block = await restGet<BlockJson>(target, `/block/${fx.dag.sibling}`);
      assert.deepEqual(block, await target.rpc.call('getBlock', { hash: fx.dag.sibling }));
      assert.equal(block.isChainBlock, false);
      assert.equal(block.mergedBy, fx.dag.merge);
      // Either case of hex names the same block.
      assert.equal((await restGet<BlockJson>(target, `/block/${fx.dag.merge.toUpperCase()}`)).hash, fx.dag.merge);
    },
    bad: () => [
      { path: '/block/xyz', status: 400, code: 'BAD_HASH' },
      { path: `/block/${UNKNOWN_HASH}00`, status: 400, code: 'BAD_HASH' },
      { path: `/block/${'g'.repeat(64)}`, status: 400, code: 'BAD_HASH' },
      { path: `/block/${UNKNOWN_HASH}`, status: 404, code: 'NOT_FOUND' },
    ],
  },
  'GET /blocks': {
    on: 'devnet',
    async good(target) {
      const { blockHashes } = await target.rpc.call('getBlocks', { limit: 1000 });
      const ascending = await allPages<RestBlocksPage, BlockJson>(
        target,
        '/blocks?order=asc&limit=4',
        (page) => page.blocks,
      );
      assert.deepEqual(
        ascending.rows.map((block) => block.hash).toSorted(),
        blockHashes.toSorted(),
        'every block once',
      );
      assert.equal(ascending.pages, Math.ceil(blockHashes.length / 4), 'a page per four blocks');
      assert.equal(ascending.rows[0]?.hash, DEVNET.genesis.hash);
      for (let i = 1; i < ascending.rows.length; i++)
        assert.ok((ascending.rows[i]?.blueScore ?? 0) >= (ascending.rows[i - 1]?.blueScore ?? 0));
      const newest = await restGet<RestBlocksPage>(target, '/blocks?limit=1');
      assert.equal(newest.blocks[0]?.hash, (await target.rpc.call('getInfo', {})).sink);
      assert.equal(typeof newest.nextCursor, 'string');
    },
    bad: () => [
      { path: '/blocks?limit=0', status: 400, code: 'BAD_PAGING' },
      { path: '/blocks?limit=101', status: 400, code: 'BAD_PAGING' },
      { path: '/blocks?limit=ten', status: 400, code: 'BAD_PAGING' },
      { path: '/blocks?limit=5&limit=6', status: 400, code: 'BAD_PAGING' },
      { path: '/blocks?order=sideways', status: 400, code: 'BAD_PAGING' },
      { path: '/blocks?cursor=not-a-cursor', status: 400, code: 'BAD_PAGING' },
      { path: `/blocks?cursor=${'A'.repeat(500)}`, status: 400, code: 'BAD_PAGING' },
    ],
  },
  'GET /transaction/id/{id}': {
    on: 'devnet',
    async good(target) {
      const coinbase = await coinbaseOf(target, fx.dag.chain[1] as string);
      const tx = await restGet<TransactionJson>(target, `/transaction/id/${coinbase}`);
      assert.deepEqual(tx, await target.rpc.call('getTransaction', { transactionId: coinbase }));
      assert.equal(tx.status, 'accepted');
      assert.equal(tx.acceptingBlock, fx.dag.chain[2]);
      const info = await restGet<RestInfoJson>(target, '/info');
      assert.equal(tx.confirmations, info.virtualBlueScore - (tx.acceptingBlueScore as number));
    },
    bad: () => [
      { path: '/transaction/id/12', status: 400, code: 'BAD_HASH' },
      { path: `/transaction/id/${UNKNOWN_HASH}`, status: 404, code: 'NOT_FOUND' },
    ],
  },
  'GET /transaction/hash/{hash}': {
    on: 'devnet',
    async good(target) {
      const coinbase = await coinbaseOf(target, fx.dag.chain[3] as string);
      const byId = await restGet<TransactionJson>(target, `/transaction/id/${coinbase}`);
      assert.deepEqual(await restGet<TransactionJson>(target, `/transaction/hash/${byId.hash}`), byId);
    },
    bad: () => [
      { path: '/transaction/hash/%zz', status: 400, code: 'BAD_HASH' },
      { path: `/transaction/hash/${UNKNOWN_HASH}`, status: 404, code: 'NOT_FOUND' },
    ],
  },
  'GET /transactions/address/{address}': {
    on: 'devnet',
    async good(target) {
      const path = `/transactions/address/${fx.minerDevnet}`;
      const listed = await allPages<RestAddressTransactionsPage, TransactionJson>(
        target,
        `${path}?limit=3`,
        (page) => page.transactions,
      );
      const ids = listed.rows.map((tx) => tx.transactionId);
      assert.equal(new Set(ids).size, ids.length, 'no transaction twice across pages');
      const { count } = await restGet<RestTransactionCount>(target, `${path}/count`);
      assert.equal(ids.length, count);
      assert.ok(listed.pages >= 2, 'it took more than a page');
      const history = await target.rpc.call('getHistory', { scripts: [scriptHexOf(fx.minerDevnet)] });
      const acceptedOnly = await allPages<RestAddressTransactionsPage, TransactionJson>(
        target,
        `${path}?acceptedOnly=true&limit=100`,
        (page) => page.transactions,
      );
      assert.deepEqual(
        acceptedOnly.rows.map((tx) => tx.transactionId),
        [...new Set(history.map((row) => row.transactionId))],
        'the accepted ones, newest first, as the history lists them',
      );
      for (const tx of acceptedOnly.rows) {
        assert.equal(tx.status, 'accepted');
        assert.ok(tx.confirmations >= 1 && tx.acceptingBlock !== null);
      }
    },
    bad: () => [
      { path: '/transactions/address/dagdev:nope', status: 400, code: 'BAD_ADDRESS' },
      { path: `/transactions/address/${fx.aliceSimnet}`, status: 400, code: 'BAD_ADDRESS' },
      { path: `/transactions/address/${fx.minerDevnet}?limit=0`, status: 400, code: 'BAD_PAGING' },
      { path: `/transactions/address/${fx.minerDevnet}?limit=101`, status: 400, code: 'BAD_PAGING' },
      { path: `/transactions/address/${fx.minerDevnet}?cursor=xyz`, status: 400, code: 'BAD_PAGING' },
      { path: `/transactions/address/${fx.minerDevnet}?acceptedOnly=maybe`, status: 400, code: 'BAD_PAGING' },
    ],
  },
  'GET /transactions/address/{address}/count': {
    on: 'devnet',
    async good(target) {
      const path = `/transactions/address/${fx.minerDevnet}/count`;
      const { transactionCount } = await target.rpc.call('getAddressInfo', { address: fx.minerDevnet });
      assert.deepEqual(await restGet<RestTransactionCount>(target, `${path}?acceptedOnly=true`), {
        count: transactionCount,
      });
      const bob = testAddress(BOB, DEVNET);
      assert.deepEqual(await restGet<RestTransactionCount>(target, `/transactions/address/${bob}/count`), { count: 0 });
    },
    bad: () => [
      { path: '/transactions/address/nope/count', status: 400, code: 'BAD_ADDRESS' },
      { path: `/transactions/address/${fx.minerDevnet}/count?acceptedOnly=1`, status: 400, code: 'BAD_PAGING' },
    ],
  },
  'GET /transactions/block/{hash}': {
    on: 'devnet',
    async good(target) {
      const { transactions } = await restGet<RestBlockTransactions>(target, `/transactions/block/${fx.dag.sibling}`);
      assert.equal(transactions.length, 1);
      const [coinbase] = transactions as [TransactionJson];
      assert.equal(coinbase.isCoinbase, true);
      assert.deepEqual(coinbase.blocks, [fx.dag.sibling]);
      assert.equal(coinbase.status, 'unaccepted', 'Kaspa accepts the coinbase of a chain block’s selected parent only');
      assert.deepEqual(coinbase, await target.rpc.call('getTransaction', { transactionId: coinbase.transactionId }));
    },
    bad: () => [
      { path: '/transactions/block/abc', status: 400, code: 'BAD_HASH' },
      { path: `/transactions/block/${UNKNOWN_HASH}`, status: 404, code: 'NOT_FOUND' },
    ],
  },
  'GET /utxos/address/{address}': {
    on: 'devnet',
    async good(target) {
      const listed = await allPages<RestUtxosPage, RestUtxosPage['utxos'][number]>(
        target,
        `/utxos/address/${fx.minerDevnet}?limit=3`,
        (page) => page.utxos,
      );
      const byRpc = await target.rpc.call('getUtxosByAddresses', { addresses: [fx.minerDevnet] });
      assert.deepEqual(
        listed.rows.map((utxo) => utxo.outpoint).toSorted(),
        byRpc.map((utxo) => utxo.outpoint).toSorted(),
      );
      assert.ok(listed.pages >= 3);
      // A devnet coinbase needs 100 DAA score to mature: none of these can be spent yet.
      assert.ok(listed.rows.every((utxo) => utxo.isCoinbase && !utxo.isSpendable));
      assert.equal(
        sumOf(listed.rows).toString(),
        (await target.rpc.call('getBalanceByAddress', { address: fx.minerDevnet })).balance,
      );
    },
    bad: () => [
      {
        path: '/utxos/address/kaspa:qqkqkzjvr7zwxxmjxjkmxxdwju9kjs6e9u82uh59z07vgaks6gg62v8707g73',
        status: 400,
        code: 'BAD_ADDRESS',
      },
      { path: `/utxos/address/${fx.minerDevnet}?limit=1001`, status: 400, code: 'BAD_PAGING' },
      { path: `/utxos/address/${fx.minerDevnet}?cursor=${'x'.repeat(40)}`, status: 400, code: 'BAD_PAGING' },
    ],
  },
  'GET /fee-estimates': {
    on: 'devnet',
    async good(target) {
      assert.deepEqual(await restGet(target, '/fee-estimates'), await target.rpc.call('getFeeEstimate', {}));
    },
    bad: () => [{ method: 'POST', path: '/fee-estimates', status: 405, code: 'METHOD_NOT_ALLOWED' }],
  },
  'GET /info': {
    on: 'devnet',
    async good(target) {
      const info = await restGet<RestInfoJson>(target, '/info');
      const rpc = await target.rpc.call('getInfo', {});
      assert.equal(info.network, DEVNET.name);
      assert.equal(info.sink, rpc.sink);
      assert.equal(info.blockCount, rpc.blockCount);
      assert.equal(info.virtualBlueScore, rpc.virtualBlueScore);
      assert.equal(info.addressPrefix, 'dagdev');
      assert.equal(info.coinbaseMaturity, 100);
    },
    bad: () => [{ method: 'DELETE', path: '/info', status: 405, code: 'METHOD_NOT_ALLOWED' }],
  },
  'POST /transaction': {
    on: 'simnet',
    async good(target) {
      const coin = await matureMinerCoin(target, fx.spend?.coin.outpoint);
      const tx = spendOf(coin, BigInt(coin.amount) - SPEND_FEE);
      const reply = await restCall<{ transactionId: string; status: string }>(target, 'POST', '/transaction', {
        token: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ transaction: bytesToHex(encodeTransaction(tx)) }),
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.status, 'accepted');
      assert.equal(
        (await restGet<TransactionJson>(target, `/transaction/id/${reply.body.transactionId}`)).status,
        'mempool',
      );
      restSpend = { tx, coin };
    },
    bad: () => {
      const { tx, coin } = restSpend as NonNullable<typeof restSpend>;
      const post = (body: string, extra: Partial<RestBad> = {}): RestBad => ({
        method: 'POST',
        path: '/transaction',
        body,
        token: true,
        headers: { 'content-type': 'application/json' },
        status: 400,
        code: 'BAD_BODY',
        ...extra,
      });
      const hex = (t: Transaction) => JSON.stringify({ transaction: bytesToHex(encodeTransaction(t)) });
      return [
        post(hex(tx), { token: false, status: 401, code: 'UNAUTHORIZED' }),
        post(hex(tx), {
          headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
          token: false,
          status: 401,
          code: 'UNAUTHORIZED',
        }),
        post(hex(tx), { headers: { 'content-type': 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
        post('{"transaction": '),
        post('["00"]'),
        post('{"transaction": 5}'),
        post('{"transaction": "zz"}', { code: 'BAD_TRANSACTION' }),
        post('{"transaction": "0000"}', { code: 'BAD_TRANSACTION' }),
        post(JSON.stringify({ transaction: '00'.repeat(600_000) }), { status: 413, code: 'PAYLOAD_TOO_LARGE' }),
        post(hex(tx), { status: 422, code: 'ALREADY_IN_POOL' }),
        post(hex(spendOf(coin, BigInt(coin.amount) - 3n * SPEND_FEE)), { status: 422, code: 'DOUBLE_SPEND' }),
        { method: 'GET', path: '/transaction', status: 405, code: 'METHOD_NOT_ALLOWED' },
      ];
    },
  },
  'GET /openapi.json': {
    on: 'devnet',
    async good(target) {
      const document = await restGet<OpenApiDocument>(target, '/openapi.json');
      assert.equal(document.openapi, '3.1.0');
      assert.ok(Object.keys(document.paths).length >= 12);
    },
    bad: () => [{ method: 'PUT', path: '/openapi.json', body: '{}', status: 405, code: 'METHOD_NOT_ALLOWED' }],
  },
};

/** Set by POST /transaction's good call: its transaction and the coin it spends. */
let restSpend: { tx: Transaction; coin: UtxoByAddressJson } | undefined;

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

/** The coinbase transaction of a block, by ID. */
async function coinbaseOf(target: ProofNode, block: string): Promise<string> {
  const { transactions } = await target.rpc.call('getBlock', { hash: block });
  return transactions?.[0]?.transactionId as string;
}

/** The oldest mature coinbase output paying the simnet miner, other than `except`. */
async function matureMinerCoin(target: ProofNode, except?: string): Promise<UtxoByAddressJson> {
  const { virtualDaaScore } = await target.rpc.call('getInfo', {});
  const coins = await target.rpc.call('getUtxosByAddresses', { addresses: [fx.minerSimnet] });
  const coin = coins
    .filter((utxo) => utxo.isCoinbase && utxo.blockDaaScore + SIMNET.coinbaseMaturity <= virtualDaaScore)
    .filter((utxo) => utxo.outpoint !== except)
    .sort((x, y) => x.blockDaaScore - y.blockDaaScore || (x.outpoint < y.outpoint ? -1 : 1))[0];
  assert.ok(coin, 'a mature coinbase');
  return coin;
}

/** The refusal as the API must give it: the status, {errorCode, errorMessage} and nothing of the node's insides. */
function assertRestRefusal(reply: RestReply, bad: RestBad, documented: Set<number> | undefined): void {
  const what = `${bad.method ?? 'GET'} ${bad.path.slice(0, 120)}`;
  assert.equal(reply.status, bad.status, `${what}: ${JSON.stringify(reply.body)}`);
  const body = reply.body as RestErrorJson;
  assert.deepEqual(Object.keys(body).toSorted(), ['errorCode', 'errorMessage'], what);
  assert.equal(body.errorCode, bad.code, `${what}: ${body.errorMessage}`);
  assert.ok(body.errorMessage.length > 0);
  assertNoInternals(body.errorMessage);
  for (const each of [fx.devnet, fx.simnet])
    assert.ok(!body.errorMessage.includes(each.node.dir), `${what} names the node's folder`);
  if (documented && bad.status !== 405)
    assert.ok(documented.has(bad.status), `${what}: ${bad.status} is not in the OpenAPI document's responses`);
}

// ---------------------------------------------------------------------------------------------
// The fixture
// ---------------------------------------------------------------------------------------------

/** Eleven devnet blocks: six on a chain, a fork of two, the block that merges them, two more. */
async function mineDevnetDag(target: ProofNode, payTo = MINER.script): Promise<DevnetDag> {
  const node = target.node;
  const all: BlockKey[] = [];
  const mine = async (parents?: BlockKey[], extraData?: string) => {
    const hash = await mineOnNode(node, { payTo, parents, extraData });
    all.push(hash);
    return hash;
  };
  for (let i = 0; i < 6; i++) await mine();
  const forkParent = all.at(-1) as BlockKey;
  // Different coinbase text, or the two would carry the very same coinbase transaction.
  const left = await mine([forkParent], 'left');
  const right = await mine([forkParent], 'right');
  const merge = await mine();
  const chosen = node.consensus.ghostdagData(merge)?.selectedParent as BlockKey;
  const sibling = chosen === left ? right : left;
  await mine();
  await mine();
  return { chain: [...all.slice(0, 6), chosen, merge, ...all.slice(9)], sibling, merge, all };
}

/** Subscribes the node's WebSocket client to the DAG's events; resolves once the node confirmed each. */
async function listen(target: ProofNode, address: string): Promise<Heard> {
  const heard = {
    blockAdded: [],
    virtualChainChanged: [],
    sinkBlueScoreChanged: [],
    virtualDaaScoreChanged: [],
    utxosChanged: [],
  } as unknown as Heard;
  const events = ['blockAdded', 'virtualChainChanged', 'sinkBlueScoreChanged', 'virtualDaaScoreChanged'] as const;
  await Promise.all([
    ...events.map((event) => target.ws.subscribe(event, (payload) => (heard[event] as unknown[]).push(payload)).ready),
    target.ws.subscribe('utxosChanged', (change) => heard.utxosChanged.push(change), { addresses: [address] }).ready,
  ]);
  return heard;
}

describe('the node API proof (devnet DAG, simnet coins)', { timeout: 300_000 }, () => {
  before(async () => {
    const devnet = await startProofNode('devnet', { p2p: true, mqtt: true });
    const peer = await startProofNode('devnet', { p2p: true, listen: [LOOPBACK_LISTEN], rpc: false });
    const simnet = await startProofNode('simnet');
    fx = {
      devnet,
      peer,
      simnet,
      dag: { chain: [], sibling: '', merge: '', all: [] },
      heard: await listen(devnet, testAddress(MINER, DEVNET)),
      mqtt: await listenMqtt(devnet.mqttUrl as string, ['dag/#', 'transactions/#']),
      minerDevnet: testAddress(MINER, DEVNET),
      minerSimnet: testAddress(MINER, SIMNET),
      aliceSimnet: testAddress(ALICE, SIMNET),
      wallet: { words: [] },
    };
    fx.dag = await mineDevnetDag(devnet);
    // Simnet: coinbases to the miner, the oldest past maturity.
    for (let i = 0; i < SIMNET.coinbaseMaturity + 5; i++) await mineOnNode(simnet.node, { payTo: MINER.script });
  });

  after(async () => {
    await fx?.mqtt?.close();
    for (const each of [fx?.devnet, fx?.peer, fx?.simnet]) await each?.close();
  });

  it('WebSocket subscribers heard the devnet DAG being mined', async () => {
    const { heard, dag } = fx;
    await until('every blockAdded', () => (heard.blockAdded.length >= dag.all.length ? true : undefined), 10_000);
    assert.deepEqual(
      heard.blockAdded.map((payload: BlockAddedPayload) => payload.hash),
      dag.all,
    );
    const merge = heard.blockAdded[8] as BlockAddedPayload;
    assert.equal(merge.parents.length, 2);
    assert.equal(merge.transactionCount, 1);
    const info = await devnetInfo();
    await until('the final scores', () =>
      heard.sinkBlueScoreChanged.at(-1)?.sinkBlueScore === info.sinkBlueScore &&
      heard.virtualDaaScoreChanged.at(-1)?.virtualDaaScore === info.virtualDaaScore
        ? true
        : undefined,
    );
    const added = heard.virtualChainChanged.flatMap((change) => change.added);
    const removed = heard.virtualChainChanged.flatMap((change) => change.removed);
    // The fork's first block joined the chain; if the second won, the first left it again.
    for (const hash of dag.chain) assert.ok(added.includes(hash), `${hash} joined the chain`);
    assert.ok(removed.every((hash) => hash === dag.sibling));
  });

  it('utxosChanged told the miner’s address of every coinbase output it gained', async () => {
    const utxos = await fx.devnet.rpc.call('getUtxosByAddresses', { addresses: [fx.minerDevnet] });
    const expected = utxos.map((utxo) => utxo.outpoint).toSorted();
    const held = (): string[] => {
      const outpoints = new Set<string>();
      // An output in both lists was re-stamped (a reorganisation moved its DAA score): removed, then added again.
      for (const { added, removed } of fx.heard.utxosChanged) {
        for (const utxo of removed) outpoints.delete(utxo.outpoint);
        for (const utxo of added) outpoints.add(utxo.outpoint);
      }
      return [...outpoints].toSorted();
    };
    await until('the notified outputs to add up to the address’s', () =>
      held().join() === expected.join() ? true : undefined,
    );
    for (const { added } of fx.heard.utxosChanged)
      for (const utxo of added) assert.equal(utxo.address, fx.minerDevnet, 'only the watched address');
  });

  it('MQTT subscribers received Kasparov’s topics for the devnet DAG, in order', async () => {
    const { mqtt, dag } = fx;
    const sink = dag.chain.at(-1) as string;
    await until('the last selected tip over MQTT', () =>
      (mqtt.on('dag/selected-tip').at(-1) as SelectedTipJson | undefined)?.blockHash === sink ? true : undefined,
    );
    const blocks = mqtt.on('dag/blocks') as BlockJson[];
    assert.deepEqual(
      blocks.map((block) => block.hash),
      dag.all,
    );
    assert.equal(blocks[8]?.parents.length, 2, 'the merge block, as the explorer shows it');
    const tip = mqtt.on('dag/selected-tip').at(-1) as SelectedTipJson;
    assert.equal(tip.blueScore, (await devnetInfo()).sinkBlueScore);
    const chains = mqtt.on('dag/selected-parent-chain') as SelectedParentChainJson[];
    const joined = chains.flatMap((chain) => chain.addedBlocks.map((block) => block.hash));
    for (const hash of dag.chain) assert.ok(joined.includes(hash), `${hash} joined the chain`);
    // Per address: included (a block holds it), accepted (a chain block accepted it); what was
    // accepted and not unaccepted since is the address's history.
    const ids = (topic: string) => (mqtt.on(topic) as TransactionJson[]).map((tx) => tx.transactionId);
    const included = ids(`transactions/${fx.minerDevnet}`);
    const accepted = ids(`transactions/accepted/${fx.minerDevnet}`);
    const unaccepted = ids(`transactions/unaccepted/${fx.minerDevnet}`);
    const stillAccepted = [...accepted];
    for (const id of unaccepted) stillAccepted.splice(stillAccepted.indexOf(id), 1);
    const history = await fx.devnet.rpc.call('getHistory', { scripts: [scriptHexOf(fx.minerDevnet)] });
    assert.deepEqual(stillAccepted.toSorted(), [...new Set(history.map((row) => row.transactionId))].toSorted());
    for (const id of accepted) assert.ok(included.includes(id), 'included before accepted');
  });

  it('WebSocket and MQTT refuse bad subscriptions and client publishes; the node is unharmed', async () => {
    const before = await snapshot(fx.devnet);
    const ws = fx.devnet.ws;
    await assert.rejects(ws.call('subscribe' as NodeMethod, { event: 'noSuchEvent' } as never), remote('BAD_PARAMS'));
    await assert.rejects(
      ws.call('subscribe' as NodeMethod, { event: 'blockAdded', addresses: [fx.minerDevnet] } as never),
      remote('BAD_PARAMS'),
    );
    await assert.rejects(ws.call('subscribe' as NodeMethod, { event: 'utxosChanged' } as never), remote('BAD_PARAMS'));
    for (const addresses of [['dagdev:junk'], [fx.aliceSimnet], 'not a list'])
      await assert.rejects(
        ws.subscribe('utxosChanged', () => {}, { addresses: addresses as string[] }).ready,
        remote('BAD_PARAMS'),
        JSON.stringify(addresses),
      );
    // MQTT: only the node publishes; a client that tries is cut off, and nobody hears it.
    const intruder = await listenMqtt(fx.devnet.mqttUrl as string, ['dag/#']);
    const cutOff = new Promise<void>((resolve) => intruder.client.once('close', () => resolve()));
    intruder.client.publish('dag/blocks', JSON.stringify({ hash: UNKNOWN_HASH }), { qos: 1 });
    await cutOff;
    await intruder.close();
    assert.equal(fx.devnet.node.mqtt?.refusedPublishes, 1);
    const fake = fx.mqtt.messages.filter((message) => (message.payload as { hash?: string }).hash === UNKNOWN_HASH);
    assert.deepEqual(fake, []);
    assert.equal(fx.mqtt.client.connected, true, 'the honest subscriber stays connected');
    assert.deepEqual(await snapshot(fx.devnet), before);
  });

  describe('JSON-RPC: every method, good and bad, over HTTP and WebSocket', () => {
    const methods = Object.keys(PROOFS) as NodeMethod[];
    assert.equal(methods.at(-1), 'shutDown', 'shutDown runs last');
    for (const method of methods.slice(0, -1)) {
      it(method, async () => {
        const proof = PROOFS[method] as MethodProof<NodeMethod>;
        const target = fx[proof.on];
        const call: Call<NodeMethod> = (params) => target.rpc.call(method, params as never);
        await proof.good(call);
        const before = await snapshot(target);
        const bad = proof.bad();
        for (const [i, input] of [NOT_AN_OBJECT, ...bad].entries()) await assertRefused(target, method, input, i < 2);
        assert.deepEqual(await snapshot(target), before, 'the node is unharmed');
      });
    }
  });

  it('JSON-RPC: malformed requests are refused with the protocol’s codes', async () => {
    const target = fx.devnet;
    const before = await snapshot(target);
    // The same methods over WebSocket answer as over HTTP.
    assert.deepEqual(await target.ws.call('getBlockDagInfo', {}), await target.rpc.call('getBlockDagInfo', {}));
    const hash = fx.dag.sibling;
    assert.deepEqual(await target.ws.call('getBlock', { hash }), await target.rpc.call('getBlock', { hash }));
    const parse = await postRpc(target, '{"jsonrpc": "2.0", "method": ');
    assert.equal(parse.error?.code, -32700);
    for (const body of [[], 42, { jsonrpc: '1.0', id: 1, method: 'getInfo' }, { jsonrpc: '2.0', id: 1, method: 7 }]) {
      assert.equal((await postRpc(target, body)).error?.code, -32600, JSON.stringify(body));
    }
    for (const method of ['getNothing', 'constructor', '__proto__', 'toString']) {
      const reply = await rawCall(target, method, {});
      assert.equal(reply.error?.code, -32601, method);
      assert.equal(reply.error?.data.code, 'UNKNOWN_METHOD');
    }
    const noToken = await postRpc(target, { jsonrpc: '2.0', id: 1, method: 'getInfo' }, {});
    assert.equal(noToken.status, 401);
    const wrongToken = await postRpc(
      target,
      { jsonrpc: '2.0', id: 1, method: 'getInfo' },
      { authorization: 'Bearer x' },
    );
    assert.equal(wrongToken.status, 401);
    const host = new URL(target.base).host;
    const getInfo = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getInfo' });
    const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
    // Another site's page (its Origin), and a DNS-rebinding page (its Host), even holding the token.
    const foreignPage = await rawHttp(target, {
      method: 'POST',
      path: '/rpc',
      headers: { ...headers, host, origin: 'http://evil.example' },
      body: getInfo,
    });
    assert.equal(foreignPage.status, 403);
    const rebinding = await rawHttp(target, {
      method: 'POST',
      path: '/rpc',
      headers: { ...headers, host: `evil.example:${new URL(target.base).port}` },
      body: getInfo,
    });
    assert.equal(rebinding.status, 403);
    const tooLarge = await postRpc(target, `{"pad": "${'x'.repeat(MAX_BODY_BYTES)}"}`);
    assert.equal(tooLarge.status, 413);
    assert.deepEqual(await snapshot(target), before);
  });

  describe('REST: every endpoint in /openapi.json, good and bad', () => {
    let document: OpenApiDocument;

    before(async () => {
      document = await restGet<OpenApiDocument>(fx.devnet, '/openapi.json');
    });

    it('has a proof for every path and method the OpenAPI document lists, and no other', () => {
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      assert.deepEqual(documented.toSorted(), Object.keys(REST_PROOFS).toSorted());
    });

    for (const [route, proof] of Object.entries(REST_PROOFS)) {
      it(route, async () => {
        const target = fx[proof.on];
        await proof.good(target);
        const [method, path] = route.split(' ') as [string, string];
        const responses = document.paths[path]?.[method.toLowerCase()]?.responses;
        const documented = responses && new Set(Object.keys(responses).map(Number));
        assert.ok(documented?.has(200), `${route}: 200 documented`);
        const before = await snapshot(target);
        for (const bad of proof.bad()) {
          const reply = await restCall(target, bad.method ?? 'GET', bad.path, bad);
          assertRestRefusal(reply, bad, documented);
        }
        assert.deepEqual(await snapshot(target), before, 'the node is unharmed');
      });
    }

    it('refuses other sites’ pages and DNS rebinding with 403 {errorCode, errorMessage}', async () => {
      const host = new URL(fx.devnet.base).host;
      const refused: Record<string, string>[] = [{ host, origin: 'http://evil.example' }, { host: 'rebound.example' }];
      for (const headers of refused) {
        const reply = await rawHttp(fx.devnet, { method: 'GET', path: '/info', headers });
        assert.equal(reply.status, 403, JSON.stringify(headers));
        assert.deepEqual(Object.keys(reply.body as object).toSorted(), ['errorCode', 'errorMessage']);
      }
      // The node's own page may call.
      const own = await rawHttp(fx.devnet, { method: 'GET', path: '/info', headers: { host, origin: fx.devnet.base } });
      assert.equal(own.status, 200);
    });

    it('answers paths it does not have with 404 {errorCode, errorMessage}', async () => {
      for (const path of [
        '/block',
        '/block/',
        '/blocks/extra',
        '/transactions/address',
        `/transaction/id/${UNKNOWN_HASH}/x`,
      ]) {
        const reply = await restCall(fx.devnet, 'GET', path);
        assertRestRefusal(reply, { path, status: 404, code: 'NOT_FOUND' }, undefined);
      }
    });
  });

  it('shutDown: refuses bad input, then stops the node after answering', async () => {
    const proof = PROOFS.shutDown;
    const target = fx.devnet;
    const before = await snapshot(target);
    for (const input of [NOT_AN_OBJECT, ...proof.bad()]) await assertRefused(target, 'shutDown', input, true);
    assert.deepEqual(await snapshot(target), before, 'the node is unharmed');
    await proof.good((params) => target.rpc.call('shutDown', params));
  });
});
