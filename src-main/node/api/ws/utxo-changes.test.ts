import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UtxoByAddressJson } from '../../../../src-shared/api.ts';
import { networkDir, resolveConfig } from '../../config/config.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction } from '../../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../../consensus/params/dagwallet-networks.ts';
import { bytesEqual } from '../../encoding/hex.ts';
import { DagwalletNode } from '../../node.ts';
import { signTransaction } from '../../test-support/signing.ts';
import { SimnetChain, virtualUtxoSet } from '../../test-support/simnet-chain.ts';
import { BURN_SCRIPT, mineSimnetBlock } from '../../test-support/simnet.ts';
import { type TestKey, testAddress, testKey } from '../../test-support/test-keys.ts';
import { ApiError } from '../api-error.ts';
import { scriptToJson } from '../script-json.ts';
import { UtxoChangeFeed, type UtxosChangedPayload, type UtxoWatcher } from './utxo-changes.ts';

const miner = testKey('miner');
const alice = testKey('alice');
const bob = testKey('bob');
const carol = testKey('carol');
const KAS = 100_000_000n;

/** A watcher of some keys and everything it heard. */
interface Recorded {
  keys: TestKey[];
  watcher: UtxoWatcher;
  heard: UtxosChangedPayload[];
}

/** `keys`' outputs in the virtual's UTXO set by brute force (every stored row through the virtual's diff), as JSON. */
function bruteForce(node: DagwalletNode, keys: readonly TestKey[]): Map<string, UtxoByAddressJson> {
  const found = new Map<string, UtxoByAddressJson>();
  for (const [outpoint, entry] of virtualUtxoSet(node.consensus)) {
    const owner = keys.find(
      (key) =>
        key.script.version === entry.scriptPublicKey.version &&
        bytesEqual(key.script.script, entry.scriptPublicKey.script),
    );
    if (!owner) continue;
    found.set(outpoint, {
      address: testAddress(owner, node.params),
      outpoint,
      amount: entry.amount.toString(),
      scriptPublicKey: scriptToJson(entry.scriptPublicKey),
      blockDaaScore: entry.blockDaaScore,
      isCoinbase: entry.isCoinbase,
    });
  }
  return found;
}

/** What is in `a` and not, the same, in `b`; sorted by outpoint. */
function minus(a: Map<string, UtxoByAddressJson>, b: Map<string, UtxoByAddressJson>): UtxoByAddressJson[] {
  return [...a.values()]
    .filter((utxo) => JSON.stringify(b.get(utxo.outpoint)) !== JSON.stringify(utxo))
    .sort((x, y) => (x.outpoint < y.outpoint ? -1 : 1));
}

function sorted(utxos: UtxoByAddressJson[]): UtxoByAddressJson[] {
  return [...utxos].sort((x, y) => (x.outpoint < y.outpoint ? -1 : 1));
}

describe('utxosChanged: the virtual UTXO set of watched addresses, against brute force', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-utxos-changed-'));
  let node: DagwalletNode;
  let feed: UtxoChangeFeed;
  const recorded: Recorded[] = [];

  const watch = (keys: TestKey[]): Recorded => {
    const heard: UtxosChangedPayload[] = [];
    const watcher = feed.watchUtxos((change) => heard.push(change));
    watcher.add(keys.map((key) => testAddress(key, node.params)));
    const made = { keys, watcher, heard };
    recorded.push(made);
    return made;
  };

  /** Mines a block on `parents` (default: the virtual's) and has the node import it; its hash. */
  const mine = async (
    options: { payTo?: ScriptPublicKey; parents?: BlockKey[]; transactions?: Transaction[] } = {},
  ) => {
    const outcome = await node.submitBlock(mineSimnetBlock(node.consensus, options), 'local');
    assert.equal(outcome.status, 'accepted');
    assert.equal(outcome.status === 'accepted' && outcome.utxo.status, 'valid');
    return outcome.hash;
  };

  /**
   * Runs `action` (blocks imported) and checks that each watcher heard exactly what brute force
   * says changed among its own addresses: added what is there now and was not, removed what was
   * there and is not.
   */
  const step = async (action: () => Promise<unknown>) => {
    // Blocks imported before the step are the feed's to settle first.
    await new Promise((resolve) => setImmediate(resolve));
    const before = recorded.map(({ keys }) => bruteForce(node, keys));
    for (const each of recorded) each.heard.length = 0;
    await action();
    // The feed looks once per turn of the event loop, after the import's events.
    await new Promise((resolve) => setImmediate(resolve));
    recorded.forEach(({ keys, heard }, i) => {
      const now = bruteForce(node, keys);
      const was = before[i] as Map<string, UtxoByAddressJson>;
      assert.deepEqual(sorted(heard.flatMap((change) => change.added)), minus(now, was), `added, watcher ${i}`);
      assert.deepEqual(sorted(heard.flatMap((change) => change.removed)), minus(was, now), `removed, watcher ${i}`);
      for (const change of heard) assert.ok(change.added.length + change.removed.length > 0, 'never an empty one');
    });
    return recorded.map(({ heard }) => heard.flatMap((change) => [...change.added, ...change.removed]).length);
  };

  before(async () => {
    // A funded prefix, mined on the node's own store; then the node opens it.
    const config = resolveConfig({ network: 'simnet', dataDir: root, listen: [], mdns: false });
    mkdirSync(networkDir(config), { recursive: true });
    const chain = SimnetChain.open({ path: join(networkDir(config), 'consensus.sqlite') });
    chain.mineChain(chain.params.coinbaseMaturity + 5, { payTo: miner.script });
    chain.close();
    node = await DagwalletNode.start(config, { rpc: false, p2p: false, version: 'test' });
    feed = new UtxoChangeFeed(node);
  });

  after(async () => {
    feed.close();
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('follows mining, a payment and two reorganisations exactly, each watcher its own addresses', async () => {
    const everyone = watch([miner, alice, bob, carol]);
    const aliceOnly = watch([alice]);
    assert.equal(feed.watchedCount, 4);

    // Coinbases: a block's reward is paid by the block that merges it.
    await step(() => mine({ payTo: alice.script }));
    const [, forAlice] = await step(() => mine({ payTo: BURN_SCRIPT }));
    assert.ok((forAlice ?? 0) > 0, "alice's reward arrived");

    // A payment: the miner's oldest mature coin pays bob, the change goes back.
    const { daaScore } = node.consensus.virtualState();
    const coin = node.index
      .utxosByScripts([miner.script])
      .filter(({ entry }) => entry.isCoinbase && entry.blockDaaScore + node.params.coinbaseMaturity <= daaScore)
      .sort((x, y) => x.entry.blockDaaScore - y.entry.blockDaaScore || (x.outpoint < y.outpoint ? -1 : 1))[0];
    assert.ok(coin, 'a mature coin');
    const spend = { outpoint: coin.outpoint, entry: coin.entry, secretKey: miner.secretKey };
    const toBob = signTransaction(
      [spend],
      [
        { value: 5n * KAS, scriptPublicKey: bob.script },
        { value: coin.entry.amount - 5n * KAS - 5_000n, scriptPublicKey: miner.script },
      ],
    );
    const fork = node.consensus.sink();
    const paid = await mine({ payTo: BURN_SCRIPT, parents: [fork], transactions: [toBob] });
    assert.equal(node.consensus.sink(), paid);
    const bobLater = watch([bob]); // starts from now: hears nothing of the payment above
    assert.ok(bruteForce(node, [bob]).size > 0, 'bob was paid');

    // Reorganisation: a heavier branch from before the payment spends the same coin to carol.
    // (One block per step: the feed looks after each, so a step's changes are one block's.)
    const toCarol = signTransaction([spend], [{ value: coin.entry.amount - 5_000n, scriptPublicKey: carol.script }]);
    let rival = '';
    const heardAway = await step(async () => {
      rival = await mine({ payTo: BURN_SCRIPT, parents: [fork], transactions: [toCarol] });
    });
    const heardAway2 = await step(() => mine({ payTo: BURN_SCRIPT, parents: [rival] }));
    assert.notEqual(node.consensus.sink(), paid);
    assert.equal(bruteForce(node, [bob]).size, 0, "bob's coin left with the payment's chain");
    assert.ok(bruteForce(node, [carol]).size > 0, 'carol has the coin now');
    assert.ok((heardAway[2] ?? 0) + (heardAway2[2] ?? 0) > 0, 'the late watcher heard bob lose it');

    // And back: the first branch grows heavier; the virtual merges the rival, whose spend now conflicts.
    let back = '';
    const heardBack = await step(async () => {
      back = await mine({ payTo: BURN_SCRIPT, parents: [paid] });
    });
    const heardBack2 = await step(() => mine({ payTo: BURN_SCRIPT, parents: [back] }));
    assert.ok(bruteForce(node, [bob]).size > 0, 'bob has his coin again');
    assert.equal(bruteForce(node, [carol]).size, 0);
    assert.ok((heardBack[2] ?? 0) + (heardBack2[2] ?? 0) > 0, 'the late watcher heard bob get it back');

    // Carol paid and then left alone: her coinbase arrives one block later.
    await step(() => mine({ payTo: carol.script }));
    await step(() => mine({ payTo: BURN_SCRIPT }));

    for (const each of [everyone, aliceOnly, bobLater]) each.watcher.close();
    assert.equal(feed.watchedCount, 0);
    recorded.length = 0;
  });

  it('checks addresses: this network only, each named when bad, all or nothing, bounded', () => {
    const watcher = feed.watchUtxos(() => {}, { maxAddresses: 2 });
    const simnet = (key: TestKey) => testAddress(key, node.params);
    const refused = (addresses: unknown, message: RegExp) =>
      assert.throws(
        () => watcher.add(addresses),
        (error) => error instanceof ApiError && error.code === 'BAD_PARAMS' && message.test(error.message),
      );
    refused('not a list', /list of addresses/);
    refused([simnet(alice), 'dagsim:qqq'], /addresses\[1\] \('dagsim:qqq'\)/);
    refused([simnet(alice), testAddress(bob, DAGWALLET_NETWORKS.devnet)], /addresses\[1\].*not an address of this/);
    refused([42], /addresses\[0\] must be an address/);
    refused([simnet(alice), simnet(bob), simnet(carol)], /at most 2/);
    assert.equal(watcher.size, 0, 'nothing of a refused list was added');
    assert.equal(watcher.add([simnet(alice), simnet(alice)]), 1, 'the same address counts once');
    assert.equal(watcher.add([simnet(alice), simnet(bob)]), 2, 'and so does one already watched');
    refused([simnet(carol)], /this would make 3/);
    assert.equal(watcher.remove([simnet(alice), simnet(carol), 7]), 1, 'unwatched ones are ignored');
    assert.equal(watcher.remove(), 0);
    watcher.close();
    assert.equal(feed.watchedCount, 0);
  });
});
