import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { BlockKey } from '../../consensus/model/block-key.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import { outputOf, signTransaction } from '../../test-support/signing.ts';
import { testAddress, testKey } from '../../test-support/test-keys.ts';
import {
  type AddressActivity,
  AddressActivityReader,
  followAddressActivity,
  followImports,
  type ImportedBlock,
} from './address-activity.ts';
import { FundedNode } from './mqtt-test-support.ts';

const [miner, bob, carol] = [testKey('miner'), testKey('bob'), testKey('carol')];
const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));

describe('address activity on a simnet node', () => {
  let funded: FundedNode;
  const activity: AddressActivity[] = [];
  const imports: ImportedBlock[] = [];
  const stops: (() => void)[] = [];
  /** The miner pays bob; b1 holds the payment, b2 accepts it. */
  let payBob: Transaction;
  let b1: BlockKey;
  let b2: BlockKey;
  /** Bob pays carol everything (no change: bob is only an input's address), on two competing branches. */
  let bobToCarol: Transaction;
  let a1: BlockKey;
  let a2: BlockKey;
  let branchB: BlockKey[];

  const trail = (tx: Transaction) =>
    activity
      .filter((entry) => entry.transactionId === idOf(tx))
      .map((entry) => [entry.kind, entry.block, entry.addresses]);

  before(async () => {
    funded = await FundedNode.start({ mqttOn: false, coins: 1 });
    stops.push(
      followAddressActivity(funded.node, (entry) => activity.push(entry)),
      followImports(funded.node.events, (imported) => imports.push(imported)),
    );
    payBob = funded.pay(funded.coins[0] as (typeof funded.coins)[number], [
      { value: 5n * 100_000_000n, scriptPublicKey: bob.script },
    ]);
    b1 = await funded.mine({ transactions: [payBob] });
    b2 = await funded.mine();
    const fork = funded.node.consensus.sink();
    assert.equal(fork, b2);
    const paid = outputOf(payBob, 0);
    bobToCarol = signTransaction(
      [{ ...paid, secretKey: bob.secretKey }],
      [{ value: paid.entry.amount - 10_000n, scriptPublicKey: carol.script }],
    );
    a1 = await funded.mine({ parents: [fork], transactions: [bobToCarol] });
    a2 = await funded.mine({ parents: [a1] });
    assert.equal(funded.node.consensus.sink(), a2);
    // A heavier branch from the same fork holding the same payment: it takes the chain over.
    branchB = [await funded.mine({ parents: [fork], transactions: [bobToCarol] })];
    for (let i = 0; i < 2; i++) branchB.push(await funded.mine({ parents: [branchB.at(-1) as BlockKey] }));
    assert.equal(funded.node.consensus.sink(), branchB[2]);
  });
  after(async () => {
    for (const stop of stops) stop();
    await funded.close();
  });

  it('reports a payment when a block holds it and when the chain accepts it, with the addresses of both sides', () => {
    const addresses = [testAddress(bob), testAddress(miner)];
    assert.deepEqual(trail(payBob), [
      ['included', b1, addresses],
      ['accepted', b2, addresses],
    ]);
    const coinbase = activity.find((entry) => entry.kind === 'included' && entry.block === b1);
    assert.ok(coinbase, "b1's coinbase is reported first, in body order");
    assert.equal(coinbase.transactionId, idOf(funded.node.consensus.store.bodies.get(b1)?.[0] as Transaction));
  });

  it('on a reorganisation: unaccepted by the chain block that left, then accepted by the one that joined', () => {
    // Carol from the output; bob only from the input, resolved from stored bodies and block diffs.
    const addresses = [testAddress(carol), testAddress(bob)];
    assert.deepEqual(trail(bobToCarol), [
      ['included', a1, addresses],
      ['accepted', a2, addresses],
      ['included', branchB[0], addresses],
      ['unaccepted', a2, addresses],
      ['accepted', branchB[1], addresses],
    ]);
    // Everything the removed blocks had accepted goes before anything the added ones accept.
    const switchStart = activity.findIndex((entry) => entry.kind === 'unaccepted');
    const kinds = activity.slice(switchStart).map((entry) => entry.kind);
    const lastUnaccepted = kinds.lastIndexOf('unaccepted');
    const firstAccepted = kinds.indexOf('accepted');
    assert.ok(lastUnaccepted < firstAccepted, kinds.join(' '));
    assert.deepEqual(
      activity.filter((entry) => entry.kind === 'unaccepted').map((entry) => entry.block),
      [
        ...funded.node.consensus.acceptedTransactions(a2).map(() => a2),
        ...funded.node.consensus.acceptedTransactions(a1).map(() => a1),
      ],
      'the removed chain blocks newest first, each with everything it had accepted',
    );
  });

  it('reads what a removed chain block had accepted from consensus data that outlives the switch', () => {
    // The address index has rolled a2 back; the block's acceptance data and UTXO diff remain.
    assert.equal(funded.node.transactionIndex.acceptance(idOf(bobToCarol))?.acceptingBlock, branchB[1]);
    const reader = new AddressActivityReader(funded.node);
    const again = reader.chainChanged({ removed: [a2], added: [] });
    assert.deepEqual(
      again.map((entry) => [entry.kind, entry.transactionId, entry.addresses]),
      activity
        .filter((entry) => entry.kind === 'unaccepted' && entry.block === a2)
        .map((entry) => [entry.kind, entry.transactionId, entry.addresses]),
    );
    assert.ok(again.some((entry) => entry.transactionId === idOf(bobToCarol)));
  });

  it('pairs each import with the chain change it caused: the block first, then the change', () => {
    const hashes = imports.map((imported) => imported.hash);
    assert.deepEqual(hashes, [b1, b2, a1, a2, ...branchB]);
    for (const imported of imports) assert.ok(imported.block, `${imported.hash} came with its block`);
    const moved = imports.filter((imported) => imported.chain !== undefined).map((imported) => imported.hash);
    // b_B1 (lighter than a2) moves nothing; b_B2 ties a2 and may win on its hash; b_B3 is heavier.
    assert.deepEqual(
      moved.filter((hash) => hash !== branchB[1]),
      [b1, b2, a1, a2, branchB[2]],
    );
    for (const imported of imports) {
      if (imported.chain) assert.equal(imported.chain.added.at(-1)?.block, imported.hash, 'the new sink is the block');
    }
    const reorg = imports.find((imported) => imported.chain?.removed.length);
    assert.deepEqual(reorg?.chain?.removed, [a2, a1]);
  });

  it('stops reporting once unsubscribed', async () => {
    for (const stop of stops.splice(0)) stop();
    const seen = activity.length;
    await funded.mine();
    assert.equal(activity.length, seen);
  });
});
