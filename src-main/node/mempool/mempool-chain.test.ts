import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import type { ChainChangedEvent } from '../consensus/chain-changed.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { bytesToHex } from '../encoding/hex.ts';
import type { Consensus } from '../consensus/consensus.ts';
import { type MempoolChain, type MempoolChange, Mempool, type MempoolRemovalReason } from './mempool.ts';
import type { MempoolOptions } from './mempool-options.ts';
import { outputOf, signTransaction, type SpendableOutput } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';

/**
 * The pool following a real simnet chain: blocks mined from its own templates, blocks carrying
 * transactions it never saw, and reorganisations, each reported by Consensus.onChainChanged
 * straight into handleChainChanged.
 */
const OTHER_KEY = testKey('other');
const OTHER = OTHER_KEY.script;
const chains: SimnetChain[] = [];
after(() => chains.forEach((chain) => chain.close()));

const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));

/**
 * How the pool sees consensus: all of it, or without the virtual's UTXO diff (then every chain
 * change re-checks every pool transaction instead of only the spenders of what the chain spent).
 */
type View = 'consensus' | 'without-diff';

function chainView(consensus: Consensus, view: View): MempoolChain {
  if (view === 'consensus') return consensus;
  return {
    params: consensus.params,
    virtualState: () => {
      const { daaScore, pastMedianTime, utxo } = consensus.virtualState();
      return { daaScore, pastMedianTime, utxo };
    },
    acceptedTransactions: (block) => consensus.acceptedTransactions(block),
  };
}

/** A funded chain and a pool; with `follow` (the default) the pool hears of every chain change. */
function setup(options: Partial<MempoolOptions> = {}, { follow = true, view = 'consensus' as View } = {}) {
  const chain = SimnetChain.open();
  chains.push(chain);
  chain.mineChain(110);
  const mempool = new Mempool(chainView(chain.consensus, view), options);
  if (follow) chain.consensus.onChainChanged((event) => mempool.handleChainChanged(event));
  const changes: MempoolChange[] = [];
  mempool.onChange((change) => changes.push(change));
  const coins = chain.matureCoinbaseOutputs();
  const pay = (input: SpendableOutput, fee = 5000n, to = chain.miner.script) =>
    chain.sign([input], [{ value: input.entry.amount - fee, scriptPublicKey: to }]);
  /** Mines the pool's selection for a block (what a miner's template would carry). */
  const mineFromPool = () => chain.mine({ transactions: mempool.selectForBlock(chain.params.maxBlockMass / 2) });
  const removals = (): Record<string, MempoolRemovalReason> =>
    Object.fromEntries(changes.flatMap((change) => change.removed).map(({ id, reason }) => [id, reason]));
  return { chain, mempool, changes, coins, pay, mineFromPool, removals };
}

for (const view of ['consensus', 'without-diff'] as const) {
  describe(`following the selected chain (${view})`, () => {
    it('included transactions leave; a chained spend becomes ready once its parent is mined', () => {
      const { chain, mempool, coins, pay, mineFromPool, removals } = setup({}, { view });
      const parent = pay(coins[0] as SpendableOutput);
      const child = pay(outputOf(parent, 0), 5000n, OTHER);
      mempool.submit(parent);
      mempool.submit(child);
      assert.deepEqual(mempool.selectForBlock(500_000), [parent]);

      mineFromPool();
      assert.equal(mempool.has(idOf(parent)), false);
      assert.equal(removals()[idOf(parent)], 'included');
      assert.deepEqual(mempool.get(idOf(child))?.parents, [], 'its input is in the UTXO set now');
      assert.deepEqual(mempool.selectForBlock(500_000), [child]);

      mineFromPool();
      assert.equal(removals()[idOf(child)], 'included');
      assert.equal(mempool.size, 0);
      assert.ok(chain.consensus.virtualState().utxo.get(`${idOf(child)}:0`), 'the chain holds its output');
    });

    it('a parent and child both mined before the pool hears of it both leave as included', () => {
      const { chain, mempool, coins, pay, removals } = setup({}, { follow: false, view });
      const parent = pay(coins[0] as SpendableOutput);
      const child = pay(outputOf(parent, 0));
      mempool.submit(parent);
      mempool.submit(child);
      // A block may not spend another's output in the same block (kaspad CHAINED_TRANSACTIONS): one
      // block each. When the pool looks, the child has spent the parent's only output, and only the
      // child's outputs show the parent was mined.
      const first = chain.mine({ transactions: [parent] });
      chain.mine({ parents: [first], transactions: [child] });
      mempool.handleChainChanged({ removed: [], added: [] });
      assert.deepEqual(removals(), { [idOf(parent)]: 'included', [idOf(child)]: 'included' });
    });

    it('a transaction double-spent by a mined one leaves as a conflict, with its descendants', () => {
      const { chain, mempool, coins, pay, removals } = setup({}, { view });
      const spent = coins[0] as SpendableOutput;
      const parent = pay(spent);
      const child = pay(outputOf(parent, 0));
      const unrelated = pay(coins[1] as SpendableOutput);
      for (const tx of [parent, child, unrelated]) mempool.submit(tx);

      // Someone else's spend of the same coin, mined without ever reaching this pool.
      const rival = pay(spent, 20_000n, OTHER);
      chain.mine({ transactions: [rival] });
      assert.equal(removals()[idOf(parent)], 'conflict');
      assert.equal(removals()[idOf(child)], 'conflict');
      assert.deepEqual(
        mempool.entries().map((entry) => entry.id),
        [idOf(unrelated)],
      );
    });

    it('finds a conflict when the events are handled late, after more blocks came', () => {
      const { chain, mempool, coins, pay, removals } = setup({}, { follow: false, view });
      const events: ChainChangedEvent[] = [];
      chain.consensus.onChainChanged((event) => events.push(event));
      const spent = coins[0] as SpendableOutput;
      mempool.submit(pay(spent));
      chain.mine({ transactions: [pay(spent, 20_000n, OTHER)] });
      chain.mine();
      // By now the rival is no longer in the virtual's own mergeset but accepted by a chain block.
      for (const event of events) mempool.handleChainChanged(event);
      assert.deepEqual(Object.values(removals()), ['conflict']);
      assert.equal(mempool.size, 0);
    });

    it('promotes an orphan whose parent arrives in a block instead of through the pool', () => {
      const { chain, mempool, changes, coins, pay } = setup({}, { view });
      const parent = pay(coins[0] as SpendableOutput);
      const orphan = pay(outputOf(parent, 0));
      assert.equal(mempool.submit(orphan).status, 'orphan');
      chain.mine({ transactions: [parent] });
      assert.equal(mempool.orphanCount, 0);
      assert.deepEqual(mempool.get(idOf(orphan))?.parents, []);
      assert.ok(changes.at(-1)?.added.some((entry) => entry.id === idOf(orphan)));
      assert.deepEqual(mempool.selectForBlock(500_000), [orphan]);
    });

    it('expires transactions and orphans not mined in time', () => {
      const { chain, mempool, coins, pay, removals } = setup(
        { transactionExpiryDaaScore: 3, orphanExpiryDaaScore: 3 },
        { view },
      );
      const parent = pay(coins[0] as SpendableOutput);
      const child = pay(outputOf(parent, 0));
      mempool.submit(parent);
      mempool.submit(child);
      mempool.submit(pay(outputOf(pay(coins[1] as SpendableOutput), 0)));
      assert.equal(mempool.orphanCount, 1);
      chain.mineChain(3);
      assert.equal(mempool.size, 2);
      assert.equal(mempool.orphanCount, 1);
      chain.mine();
      assert.equal(mempool.size, 0);
      assert.equal(mempool.orphanCount, 0);
      assert.deepEqual(removals(), { [idOf(parent)]: 'expired', [idOf(child)]: 'expired' });
    });
  });
}

describe('reorganisations', () => {
  it('a reorg that removes the chain block accepting a transaction brings it back', () => {
    const { chain, mempool, changes, coins, pay, mineFromPool, removals } = setup();
    const tx = pay(coins[0] as SpendableOutput, 5000n, OTHER);
    mempool.submit(tx);
    const fork = chain.consensus.sink();
    const carrier = chain.mine({ parents: [fork], transactions: [tx] });
    // One block more than the mergeset limit: once abandoned, the virtual cannot merge this branch.
    const abandonedTip = chain.mineChain(chain.params.mergesetSizeLimit, { from: carrier }).at(-1) as BlockKey;
    assert.equal(removals()[idOf(tx)], 'included');
    assert.equal(chain.consensus.sink(), abandonedTip);
    // Waiting in the pool meanwhile: a payment that only the winning branch will carry, and a
    // spend of the carried transaction's output under a relative lock of 5 DAA score, which its
    // output, long in the chain, meets.
    const other = pay(coins[1] as SpendableOutput, 5000n, OTHER);
    mempool.submit(other);
    const fromCarried = outputOf(tx, 0);
    const locked = signTransaction(
      [{ ...fromCarried, secretKey: OTHER_KEY.secretKey }],
      [{ value: fromCarried.entry.amount - 5000n, scriptPublicKey: OTHER }],
      { sequence: 5n },
    );
    assert.equal(mempool.submit(locked).status, 'accepted');

    const winner = chain.mine({ parents: [fork], transactions: [other] });
    chain.mineChain(chain.params.mergesetSizeLimit + 1, { from: winner });
    assert.notEqual(chain.consensus.sink(), abandonedTip, 'the heavier branch won');
    assert.equal(removals()[idOf(other)], 'included');
    assert.ok(!chain.consensus.virtualState().parents.includes(abandonedTip));
    assert.equal(mempool.has(idOf(tx)), true);
    assert.ok(changes.at(-1)?.added.some((entry) => entry.id === idOf(tx)));
    // Back in the pool, the carried transaction's output counts as new: the lock no longer holds.
    assert.equal(removals()[idOf(locked)], 'invalid');

    // And the new chain can mine it.
    mineFromPool();
    assert.equal(mempool.size, 0);
    assert.ok(chain.consensus.virtualState().utxo.get(`${idOf(tx)}:0`));
  });

  it("the sink's own transactions come back when its block stops being merged", () => {
    const { chain, mempool, coins, pay, removals } = setup();
    const tx = pay(coins[0] as SpendableOutput, 5000n, OTHER);
    mempool.submit(tx);
    const fork = chain.consensus.sink();
    const carrier = chain.mine({ parents: [fork], transactions: [tx] });
    assert.equal(removals()[idOf(tx)], 'included', 'accepted by the virtual, not yet by a chain block');

    // A heavier branch ending in as many tips as a block may have parents: the virtual takes the
    // heaviest tips and has no room left for the lighter carrier.
    const sibling = chain.mine({ parents: [fork] });
    for (let i = 0; i < chain.params.maxBlockParents; i++) chain.mine({ parents: [sibling] });
    assert.ok(!chain.consensus.virtualState().parents.includes(carrier));
    // The last tip may not have moved the chain: re-check against the virtual as it is.
    mempool.handleChainChanged({ removed: [], added: [] });
    assert.equal(mempool.has(idOf(tx)), true);
  });
});

describe('what a pool transaction spends', () => {
  it('keeps transactions whose inputs the chain never touched through many blocks', () => {
    const { chain, mempool, coins, pay } = setup();
    const txs = coins.slice(0, 5).map((coin) => pay(coin));
    for (const tx of txs) mempool.submit(tx);
    chain.mineChain(5);
    assert.deepEqual(
      mempool.entries().map((entry) => entry.id),
      txs.map(idOf),
    );
    assert.ok(coins.length >= 5);
  });
});
