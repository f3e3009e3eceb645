/**
 * Test support: what every NodeClient transport (WebSocket now, Electron IPC later) must do,
 * checked against a real simnet node. A transport's test file calls runNodeClientContract with
 * a way to connect a client to a running node.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BlockAddedPayload, NotificationMap, UtxoByAddressJson } from '../../../src-shared/api.ts';
import {
  type NodeClient,
  NodeClientError,
  type NodeClientErrorCode,
  type NodeClientState,
  RemoteError,
} from '../../../src-shared/node-client.ts';
import type { BlockWithBody } from '../chain/block-import-queue.ts';
import { resolveConfig } from '../config/config.ts';
import { directParents } from '../consensus/model/header.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { DagwalletNode } from '../node.ts';
import type { ScriptPublicKey } from '../consensus/model/transaction.ts';
import { scriptToJson } from '../api/script-json.ts';
import { until } from './p2p-nodes.ts';
import { BURN_SCRIPT, mineSimnetBlock, openSimnet } from './simnet.ts';
import { testAddress, testKey } from './test-keys.ts';

export interface NodeClientContractOptions {
  /** Starts a node with this transport's server (default: startContractNode). */
  startNode?: () => Promise<DagwalletNode>;
  /** The transport's notification window: a burst may take one coalesced notification per window (default 100). */
  notificationWindowMs?: number;
}

/** A simnet node with the local API on a free port, no P2P listening, whose folder goes when it closes. */
export async function startContractNode(): Promise<DagwalletNode> {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-client-'));
  try {
    const node = await DagwalletNode.start(
      resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0, listen: [], mdns: false }),
      { version: 'test' },
    );
    node.events.on('closed', () => rmSync(root, { recursive: true, force: true }));
    return node;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function byOutpoint(a: UtxoByAddressJson, b: UtxoByAddressJson): number {
  return a.outpoint < b.outpoint ? -1 : a.outpoint > b.outpoint ? 1 : 0;
}

function isClientError(code: NodeClientErrorCode): (error: unknown) => boolean {
  return (error) => error instanceof NodeClientError && error.code === code;
}

function isRemoteError(code: string): (error: unknown) => boolean {
  return (error) => error instanceof RemoteError && error.code === code;
}

/** Mines one block on the node's virtual and submits it as the node's own; its hash once accepted. */
async function addBlock(node: DagwalletNode): Promise<string> {
  const outcome = await node.submitBlock(mineSimnetBlock(node.consensus), 'local');
  assert.equal(outcome.status, 'accepted');
  return outcome.hash;
}

function stateWithin(client: NodeClient, wanted: NodeClientState, ms = 10_000): Promise<void> {
  return until(`the client to be ${wanted}`, () => (client.state === wanted ? true : undefined), ms).then(() => {});
}

/**
 * Registers the contract's tests. `makeClient` connects a client of the transport under test to
 * `node` (open, or opening); the contract closes every client and node it made.
 */
export function runNodeClientContract(
  transport: string,
  makeClient: (node: DagwalletNode) => Promise<NodeClient>,
  options: NodeClientContractOptions = {},
): void {
  const startNode = options.startNode ?? startContractNode;
  const windowMs = options.notificationWindowMs ?? 100;

  describe(`NodeClient contract: ${transport}`, () => {
    const clients: NodeClient[] = [];
    const nodes: DagwalletNode[] = [];
    let node: DagwalletNode;

    async function client(on = node): Promise<NodeClient> {
      const made = await makeClient(on);
      clients.push(made);
      await stateWithin(made, 'open');
      return made;
    }

    async function freshNode(): Promise<DagwalletNode> {
      const started = await startNode();
      nodes.push(started);
      return started;
    }

    before(async () => {
      node = await freshNode();
    });

    after(async () => {
      for (const each of clients) each.close();
      for (const each of nodes) await each.close();
    });

    it('answers calls with the node state', async () => {
      const c = await client();
      const info = await c.call('getInfo', {});
      assert.equal(info.network, node.params.name);
      assert.equal(info.sink, node.consensus.sink());
      assert.equal(info.blockCount, node.consensus.blockCount());
    });

    it('turns the node refusing a call into a RemoteError with its code, and keeps serving', async () => {
      const c = await client();
      await assert.rejects(
        c.call('getHistory', { scripts: 'not a list' as unknown as string[] }),
        isRemoteError('BAD_PARAMS'),
      );
      await assert.rejects(c.call('submitBlock', { block: 'zz' }), isRemoteError('BAD_PARAMS'));
      await assert.rejects(
        c.call('constructor' as 'getInfo', {} as Record<string, never>),
        isRemoteError('UNKNOWN_METHOD'),
      );
      assert.equal((await c.call('getInfo', {})).network, node.params.name);
    });

    it('delivers blockAdded in order, with the header fields, and the latest sink blue score', async () => {
      const c = await client();
      const added: BlockAddedPayload[] = [];
      const scores: number[] = [];
      const subscriptions = [
        c.subscribe('blockAdded', (payload) => added.push(payload)),
        c.subscribe('sinkBlueScoreChanged', ({ sinkBlueScore }) => scores.push(sinkBlueScore)),
      ];
      await Promise.all(subscriptions.map((subscription) => subscription.ready));
      const hashes: string[] = [];
      const blocks: BlockWithBody[] = [];
      for (let i = 0; i < 5; i++) {
        const block = mineSimnetBlock(node.consensus);
        const outcome = await node.submitBlock(block, 'local');
        assert.equal(outcome.status, 'accepted');
        hashes.push(outcome.hash);
        blocks.push(block);
      }
      await until('five blockAdded notifications', () => (added.length >= 5 ? true : undefined), 10_000);
      assert.deepEqual(
        added.map((payload) => payload.hash),
        hashes,
      );
      const header = (blocks[4] as BlockWithBody).header;
      assert.deepEqual(added[4], {
        hash: hashes[4],
        blueScore: header.blueScore,
        daaScore: header.daaScore,
        timestamp: header.timestamp,
        parents: directParents(header).map(bytesToHex),
        transactionCount: (blocks[4] as BlockWithBody).transactions.length,
      });
      const sinkBlueScore = (await c.call('getInfo', {})).sinkBlueScore;
      await until('the final sink blue score', () => (scores.at(-1) === sinkBlueScore ? true : undefined), 10_000);
      for (let i = 1; i < scores.length; i++) assert.ok((scores[i] as number) > (scores[i - 1] as number));
      for (const unsubscribe of subscriptions) unsubscribe();
    });

    it('stops a listener once unsubscribed, and keeps the event for the listeners still there', async () => {
      const c = await client();
      const first: string[] = [];
      const second: string[] = [];
      const chain: string[] = [];
      const unsubscribeFirst = c.subscribe('blockAdded', ({ hash }) => first.push(hash));
      const unsubscribeSecond = c.subscribe('blockAdded', ({ hash }) => second.push(hash));
      const unsubscribeChain = c.subscribe('virtualChainChanged', ({ added }) => chain.push(...added));
      await Promise.all([unsubscribeFirst.ready, unsubscribeSecond.ready, unsubscribeChain.ready]);
      const one = await addBlock(node);
      await until('both listeners to hear of the block', () => (first.length && second.length ? true : undefined));
      unsubscribeFirst();
      const two = await addBlock(node);
      await until('the remaining listener', () => (second.length === 2 ? true : undefined), 10_000);
      unsubscribeSecond();
      const three = await addBlock(node);
      // The chain notification of the third block comes in the same window as any blockAdded would.
      await until('the chain to reach the third block', () => (chain.includes(three) ? true : undefined), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2 * windowMs));
      assert.deepEqual(first, [one]);
      assert.deepEqual(second, [one, two]);
      assert.deepEqual(chain.slice(-3), [one, two, three], 'each block extended the selected chain');
      unsubscribeChain();
    });

    it('coalesces a burst of 300 blocks to a handful of sinkBlueScoreChanged, the last with the final score', async () => {
      // Mined beforehand on a scratch copy of simnet, so the node takes all 300 as fast as it can.
      const scratch = openSimnet();
      const blocks: BlockWithBody[] = [];
      try {
        for (let i = 0; i < 300; i++) {
          const block = mineSimnetBlock(scratch.consensus);
          scratch.consensus.insertBlock(block.header, block.transactions);
          blocks.push(block);
        }
      } finally {
        scratch.close();
      }
      const burstNode = await freshNode();
      const c = await client(burstNode);
      const added: string[] = [];
      const scores: number[] = [];
      const subscriptions = [
        c.subscribe('blockAdded', ({ hash }) => added.push(hash)),
        c.subscribe('sinkBlueScoreChanged', ({ sinkBlueScore }) => scores.push(sinkBlueScore)),
      ];
      await Promise.all(subscriptions.map((subscription) => subscription.ready));
      const started = performance.now();
      const outcomes = await Promise.all(blocks.map((block) => burstNode.submitBlock(block, 'local')));
      const elapsed = performance.now() - started;
      assert.ok(outcomes.every((outcome) => outcome.status === 'accepted'));
      const finalScore = burstNode.consensus.ghostdagData(burstNode.consensus.sink())?.blueScore;
      assert.equal(finalScore, 300);
      await until('the final score', () => (scores.at(-1) === finalScore ? true : undefined), 10_000);
      await until('all 300 blocks', () => (added.length === 300 ? true : undefined), 10_000);
      assert.deepEqual(
        added,
        outcomes.map((outcome) => outcome.hash),
      );
      const windows = Math.ceil(elapsed / windowMs) + 2;
      assert.ok(
        scores.length <= windows,
        `${scores.length} sinkBlueScoreChanged for a ${Math.round(elapsed)} ms burst (at most ${windows})`,
      );
      assert.ok(scores.length < 30, `${scores.length} sinkBlueScoreChanged is not a handful`);
    });

    it('delivers utxosChanged of the named addresses only, each listener its own, until it unsubscribes', async () => {
      const c = await client();
      const [alice, bob] = [testKey('contract-alice'), testKey('contract-bob')];
      const [aliceAddress, bobAddress] = [testAddress(alice, node.params), testAddress(bob, node.params)];
      type Change = NotificationMap['utxosChanged'];
      const forAlice: Change[] = [];
      const forBoth: Change[] = [];
      const aliceOnly = c.subscribe('utxosChanged', (change) => forAlice.push(change), { addresses: [aliceAddress] });
      const both = c.subscribe('utxosChanged', (change) => forBoth.push(change), {
        addresses: [aliceAddress, bobAddress],
      });
      await Promise.all([aliceOnly.ready, both.ready]);
      /** What the address index holds for `script` now, as utxosChanged reports it, by outpoint. */
      const utxosOf = (script: ScriptPublicKey, address: string): UtxoByAddressJson[] =>
        node.index
          .utxosByScripts([script])
          .map(({ outpoint, entry }) => ({
            address,
            outpoint,
            amount: entry.amount.toString(),
            scriptPublicKey: scriptToJson(entry.scriptPublicKey),
            blockDaaScore: entry.blockDaaScore,
            isCoinbase: entry.isCoinbase,
          }))
          .sort(byOutpoint);
      const added = (changes: Change[]) => changes.flatMap((change) => change.added).sort(byOutpoint);
      const removed = (changes: Change[]) => changes.flatMap((change) => change.removed);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      // A block's reward is paid by the block that merges it: one more block after each.
      const mine = async (...payees: ScriptPublicKey[]) => {
        for (const payTo of payees) await node.submitBlock(mineSimnetBlock(node.consensus, { payTo }), 'local');
      };

      await mine(bob.script, alice.script, BURN_SCRIPT);
      const aliceCoins = utxosOf(alice.script, aliceAddress);
      const bobCoins = utxosOf(bob.script, bobAddress);
      assert.ok(aliceCoins.length > 0 && bobCoins.length > 0, 'both were paid');
      const bothCoins = () => [...utxosOf(alice.script, aliceAddress), ...bobCoins].sort(byOutpoint);
      await until('both coins', () => (same(added(forBoth), bothCoins()) ? true : undefined), 10_000);
      await until("alice's coins", () => (same(added(forAlice), aliceCoins) ? true : undefined), 10_000);
      // A bad address refuses its own listener only.
      await assert.rejects(
        c.subscribe('utxosChanged', () => {}, { addresses: ['not an address'] }).ready,
        isRemoteError('BAD_PARAMS'),
      );
      aliceOnly();
      await mine(alice.script, BURN_SCRIPT);
      assert.ok(utxosOf(alice.script, aliceAddress).length > aliceCoins.length, 'alice was paid again');
      await until("alice's new coins", () => (same(added(forBoth), bothCoins()) ? true : undefined), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2 * windowMs));
      assert.deepEqual(added(forAlice), aliceCoins, 'nothing after unsubscribing, and never bob');
      assert.deepEqual(added(forBoth), bothCoins());
      assert.deepEqual([...removed(forAlice), ...removed(forBoth)], [], 'coinbase outputs, none spent');
      both();
    });

    it('rejects a pending call with NODE_CLOSED when the node shuts down, and closes without reconnecting', async () => {
      const doomed = await freshNode();
      const c = await client(doomed);
      const states: NodeClientState[] = [];
      c.onStateChange((state) => states.push(state));
      const subscription = c.subscribe('blockAdded', () => {});
      await subscription.ready;
      const pending = c.call('getInfo', {});
      const outcome = pending.then(
        () => 'answered',
        (error: unknown) => error,
      );
      await doomed.close();
      assert.ok(isClientError('NODE_CLOSED')(await outcome), 'the pending call fails with NODE_CLOSED');
      await stateWithin(c, 'closed');
      assert.deepEqual(states, ['closed']);
      await assert.rejects(c.call('getInfo', {}), isClientError('NODE_CLOSED'));
      await assert.rejects(c.subscribe('blockAdded', () => {}).ready, isClientError('NODE_CLOSED'));
    });

    it('close() rejects pending and later calls with CLIENT_CLOSED', async () => {
      const c = await client();
      const states: NodeClientState[] = [];
      c.onStateChange((state) => states.push(state));
      const pending = c.call('getInfo', {});
      c.close();
      await assert.rejects(pending, isClientError('CLIENT_CLOSED'));
      await assert.rejects(c.call('getInfo', {}), isClientError('CLIENT_CLOSED'));
      assert.equal(c.state, 'closed');
      assert.deepEqual(states, ['closed']);
      c.close(); // twice is harmless
    });
  });
}
