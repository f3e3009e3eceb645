import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { SUBNETWORK_ID_COINBASE, SUBNETWORK_ID_REGISTRY, type Transaction } from '../consensus/model/transaction.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { DagwalletError } from '../errors.ts';
import { type MempoolChange, Mempool } from './mempool.ts';
import { MempoolError } from './mempool-error.ts';
import type { MempoolOptions } from './mempool-options.ts';
import { outputOf, type SpendableOutput } from '../test-support/signing.ts';
import { SimnetChain } from '../test-support/simnet-chain.ts';
import { testKey } from '../test-support/test-keys.ts';

/**
 * The submission rules, on a real simnet consensus whose coinbases pay our key. Nothing is mined
 * after setup, so every test gets a fresh pool over the same virtual UTXO set and may reuse coins.
 */
const OTHER = testKey('other').script;
let chain: SimnetChain;
let coins: SpendableOutput[];
/** Mass of a one-input, one-output P2PK payment: fees are multiples of it to set fee rates. */
let paymentMass: number;

before(() => {
  chain = SimnetChain.open();
  chain.mineChain(125);
  coins = chain.matureCoinbaseOutputs();
  assert.ok(coins.length >= 20, `${coins.length} mature coins`);
  paymentMass = transactionMass(pay(coins[0] as SpendableOutput, 0n), chain.params);
});
after(() => chain.close());

const coin = (i: number) => coins[i] as SpendableOutput;
const idOf = (tx: Transaction) => bytesToHex(transactionId(tx));

/** Spends `input` to one output (to our own key, so it can be spent on), paying `fee`. */
function pay(input: SpendableOutput, fee: bigint, to = chain.miner.script): Transaction {
  return chain.sign([input], [{ value: input.entry.amount - fee, scriptPublicKey: to }]);
}

function pool(options: Partial<MempoolOptions> = {}): { mempool: Mempool; changes: MempoolChange[] } {
  const mempool = new Mempool(chain.consensus, { now: () => 1234, ...options });
  const changes: MempoolChange[] = [];
  mempool.onChange((change) => changes.push(change));
  return { mempool, changes };
}

/** Asserts `run` throws a typed error with `code`, and returns it. */
function rejects(run: () => unknown, code: string): DagwalletError {
  let caught: unknown;
  assert.throws(run, (error: unknown) => {
    caught = error;
    return error instanceof DagwalletError && error.code === code;
  });
  return caught as DagwalletError;
}

describe('accepting transactions against the virtual UTXO set', () => {
  it('accepts a signed payment and records what validation found', () => {
    const { mempool, changes } = pool();
    const tx = pay(coin(0), 5000n, OTHER);
    const result = mempool.submit(tx);
    assert.deepEqual(result, { id: idOf(tx), status: 'accepted', promoted: [] });
    const entry = mempool.get(result.id);
    assert.ok(entry);
    assert.equal(entry.fee, 5000n);
    assert.equal(entry.mass, paymentMass);
    assert.equal(entry.feeRate, 5000 / paymentMass);
    assert.equal(entry.addedAt, 1234);
    assert.equal(entry.addedAtDaaScore, chain.consensus.virtualState().daaScore);
    assert.deepEqual(entry.parents, []);
    assert.equal(mempool.size, 1);
    assert.equal(mempool.totalMass, paymentMass);
    assert.equal(mempool.has(result.id), true);
    assert.equal(mempool.spender(outpointKey(coin(0).outpoint.transactionId, 0)), result.id);
    assert.deepEqual(changes, [{ added: [entry], removed: [] }]);
  });

  it('refuses a double spend, naming the outpoint and the pool transaction already spending it', () => {
    const { mempool } = pool();
    const first = mempool.submit(pay(coin(0), 5000n));
    const outpoint = outpointKey(coin(0).outpoint.transactionId, coin(0).outpoint.index);
    const error = rejects(() => mempool.submit(pay(coin(0), 9000n, OTHER)), 'DOUBLE_SPEND');
    assert.ok(error instanceof MempoolError);
    assert.match(error.message, new RegExp(`spends ${outpoint}, already spent by pool transaction ${first.id}`));
    assert.equal(error.details.conflictingTransactionId, first.id);
    assert.equal(error.details.outpoint, outpoint);
    assert.equal(mempool.size, 1);
  });

  it('refuses a transaction it already holds', () => {
    const { mempool } = pool();
    const tx = pay(coin(0), 5000n);
    mempool.submit(tx);
    rejects(() => mempool.submit(tx), 'ALREADY_IN_POOL');
  });

  it('accepts a chained spend of a pool output, but offers only the parent for a block', () => {
    const { mempool } = pool();
    const parent = pay(coin(0), 5000n);
    const child = pay(outputOf(parent, 0), 5000n, OTHER);
    mempool.submit(parent);
    assert.equal(mempool.submit(child).status, 'accepted');
    assert.deepEqual(mempool.get(idOf(child))?.parents, [idOf(parent)]);
    assert.deepEqual(mempool.selectForBlock(500_000).map(idOf), [idOf(parent)]);
    assert.equal(mempool.spender(`${idOf(parent)}:0`), idOf(child));
  });

  it('refuses spending an output index a pool transaction does not have', () => {
    const { mempool } = pool();
    const parent = pay(coin(0), 5000n);
    mempool.submit(parent);
    const bad = pay({ ...outputOf(parent, 0), outpoint: { transactionId: transactionId(parent), index: 3 } }, 5000n);
    rejects(() => mempool.submit(bad), 'NONEXISTENT_OUTPUT');
  });
});

describe('orphans', () => {
  it('keeps a transaction with an unknown input aside and promotes it when its parent arrives', () => {
    const { mempool, changes } = pool();
    const parent = pay(coin(0), 5000n);
    const child = pay(outputOf(parent, 0), 5000n);
    assert.deepEqual(mempool.submit(child), { id: idOf(child), status: 'orphan', promoted: [] });
    assert.equal(mempool.has(idOf(child)), false);
    assert.equal(mempool.orphanCount, 1);
    assert.equal(changes.length, 0, 'orphans are not pool transactions');
    rejects(() => mempool.submit(child), 'ALREADY_IN_POOL');

    assert.deepEqual(mempool.submit(parent).promoted, [idOf(child)]);
    assert.equal(mempool.orphanCount, 0);
    assert.deepEqual(mempool.get(idOf(child))?.parents, [idOf(parent)]);
    assert.deepEqual(
      changes.at(-1)?.added.map((entry) => entry.id),
      [idOf(parent), idOf(child)],
    );
  });

  it('resolves orphans of orphans recursively, in order', () => {
    const { mempool } = pool();
    const a = pay(coin(0), 5000n);
    const b = pay(outputOf(a, 0), 5000n);
    const c = pay(outputOf(b, 0), 5000n);
    assert.equal(mempool.submit(c).status, 'orphan');
    assert.equal(mempool.submit(b).status, 'orphan');
    assert.deepEqual(mempool.submit(a).promoted, [idOf(b), idOf(c)]);
    assert.deepEqual(
      mempool.entries().map((entry) => entry.id),
      [a, b, c].map(idOf),
    );
  });

  it('bounds the orphan pool, dropping the oldest', () => {
    const { mempool } = pool({ maxOrphanCount: 3 });
    const parents = [0, 1, 2, 3].map((i) => pay(coin(i), 5000n));
    const orphans = parents.map((parent) => pay(outputOf(parent, 0), 5000n));
    for (const orphan of orphans) assert.equal(mempool.submit(orphan).status, 'orphan');
    assert.equal(mempool.orphanCount, 3);
    // The oldest was dropped: its parent comes alone; the others' parents bring them.
    assert.deepEqual(mempool.submit(parents[0] as Transaction).promoted, []);
    assert.deepEqual(mempool.submit(parents[3] as Transaction).promoted, [idOf(orphans[3] as Transaction)]);
    assert.equal(mempool.orphanCount, 2);
  });

  it('refuses an orphan heavier than the orphan limit, and two orphans spending one outpoint', () => {
    const { mempool } = pool({ maxOrphanMass: paymentMass - 1 });
    const orphan = pay(outputOf(pay(coin(0), 5000n), 0), 5000n);
    rejects(() => mempool.submit(orphan), 'ORPHAN_TOO_LARGE');

    const { mempool: roomy } = pool();
    const parent = pay(coin(0), 5000n);
    roomy.submit(pay(outputOf(parent, 0), 5000n));
    const error = rejects(() => roomy.submit(pay(outputOf(parent, 0), 6000n)), 'DOUBLE_SPEND');
    assert.match(error.message, /already spent by orphan transaction/);
  });
});

describe('fees and standardness', () => {
  it('asks at least the minimum relay fee: 1 sompi per gram by default', () => {
    const { mempool } = pool();
    const error = rejects(() => mempool.submit(pay(coin(0), BigInt(paymentMass) - 1n)), 'FEE_TOO_LOW');
    assert.match(error.message, new RegExp(`below the minimum relay fee of ${paymentMass} sompi`));
    assert.equal(mempool.submit(pay(coin(0), BigInt(paymentMass))).status, 'accepted');
    // A higher configured rate raises the bar.
    const { mempool: strict } = pool({ minimumRelayFeeRate: 2000n });
    rejects(() => strict.submit(pay(coin(1), BigInt(paymentMass))), 'FEE_TOO_LOW');
  });

  it('refuses dust outputs and non-standard output scripts', () => {
    const { mempool } = pool();
    const dust = chain.sign(
      [coin(0)],
      [
        { value: 599n, scriptPublicKey: OTHER },
        { value: coin(0).entry.amount - 10_000n, scriptPublicKey: OTHER },
      ],
    );
    rejects(() => mempool.submit(dust), 'DUST_OUTPUT');
    const anyoneCanSpend = { version: 0, script: Uint8Array.from([0x51]) };
    rejects(
      () => mempool.submit(chain.sign([coin(0)], [{ value: 10_000n, scriptPublicKey: anyoneCanSpend }])),
      'NON_STANDARD_OUTPUT_SCRIPT',
    );
  });

  it("applies kaspad's spam rule to splits of non-coinbase outputs", () => {
    const { mempool } = pool();
    const parent = pay(coin(0), 5000n);
    mempool.submit(parent);
    const input = outputOf(parent, 0);
    const split = (fee: bigint) =>
      chain.sign(
        [input],
        [
          ...Array.from({ length: 3 }, () => ({ value: 10n ** 8n, scriptPublicKey: OTHER })),
          { value: input.entry.amount - 3n * 10n ** 8n - fee, scriptPublicKey: OTHER },
        ],
      );
    rejects(() => mempool.submit(split(100_000n)), 'SPAM_OUTPUTS');
    assert.equal(mempool.submit(split(3n * 10n ** 8n)).status, 'accepted');
  });
});

describe('limits and eviction', () => {
  const feeAt = (rate: number) => BigInt(paymentMass * rate);

  it('evicts the cheapest, with its descendants, for a transaction paying a higher rate', () => {
    const { mempool, changes } = pool({ maxTransactionCount: 3 });
    const cheap = pay(coin(0), feeAt(1));
    const cheapChild = pay(outputOf(cheap, 0), feeAt(5));
    const middle = pay(coin(1), feeAt(3));
    for (const tx of [cheap, cheapChild, middle]) mempool.submit(tx);
    const dear = pay(coin(2), feeAt(4));
    mempool.submit(dear);
    assert.deepEqual(
      mempool.entries().map((entry) => entry.id),
      [middle, dear].map(idOf),
    );
    assert.deepEqual(changes.at(-1), {
      added: [mempool.get(idOf(dear))],
      removed: [
        { id: idOf(cheap), reason: 'evicted' },
        { id: idOf(cheapChild), reason: 'evicted' },
      ],
    });
  });

  it('refuses a transaction that does not pay more than what it would evict', () => {
    const { mempool } = pool({ maxTransactionCount: 2 });
    mempool.submit(pay(coin(0), feeAt(2)));
    mempool.submit(pay(coin(1), feeAt(3)));
    rejects(() => mempool.submit(pay(coin(2), feeAt(2))), 'FEE_RATE_TOO_LOW');
    assert.equal(mempool.size, 2);
  });

  it('counts mass against its mass limit', () => {
    const { mempool } = pool({ maxTotalMass: paymentMass * 2 });
    mempool.submit(pay(coin(0), feeAt(2)));
    mempool.submit(pay(coin(1), feeAt(3)));
    mempool.submit(pay(coin(2), feeAt(4)));
    assert.equal(mempool.totalMass, paymentMass * 2);
    assert.equal(mempool.has(idOf(pay(coin(0), feeAt(2)))), false);
    const { mempool: tiny } = pool({ maxTotalMass: paymentMass - 1 });
    rejects(() => tiny.submit(pay(coin(0), feeAt(9))), 'POOL_FULL');
  });

  it('never evicts the ancestors a transaction spends from', () => {
    const { mempool } = pool({ maxTransactionCount: 1 });
    const parent = pay(coin(0), feeAt(1));
    mempool.submit(parent);
    const error = rejects(() => mempool.submit(pay(outputOf(parent, 0), feeAt(9))), 'POOL_FULL');
    assert.match(error.message, /every cheaper transaction is one it spends from/);
    assert.equal(mempool.has(idOf(parent)), true);
  });
});

describe('selecting transactions for a block', () => {
  it('drops what a block template found invalid, with its descendants', () => {
    const { mempool, changes } = pool();
    const parent = pay(coin(0), 5000n);
    const child = pay(outputOf(parent, 0), 5000n);
    const other = pay(coin(1), 5000n);
    for (const tx of [parent, child, other]) mempool.submit(tx);
    mempool.removeInvalid(parent);
    assert.deepEqual(
      mempool.entries().map((entry) => entry.id),
      [idOf(other)],
    );
    assert.deepEqual(changes.at(-1)?.removed, [
      { id: idOf(parent), reason: 'invalid' },
      { id: idOf(child), reason: 'invalid' },
    ]);
    mempool.removeInvalid(parent);
    assert.equal(changes.length, 4, 'nothing left to remove, nothing to tell');
  });

  it('takes the highest fee rates first and skips what does not fit the mass', () => {
    const { mempool } = pool();
    const heavy = chain.sign([coin(0), coin(1), coin(2)], [{ value: 10n ** 10n, scriptPublicKey: OTHER }]);
    const heavyMass = transactionMass(heavy, chain.params);
    mempool.submit(heavy); // pays ~1,500 coins of fee: by far the highest rate
    const byRate = [2, 5, 3, 4].map((rate, i) => pay(coin(3 + i), BigInt(paymentMass * rate)));
    for (const tx of byRate) mempool.submit(tx);
    const [rate2, rate5, rate3, rate4] = byRate.map(idOf);
    assert.deepEqual(mempool.selectForBlock(1_000_000).map(idOf), [idOf(heavy), rate5, rate4, rate3, rate2]);
    assert.ok(heavyMass > paymentMass * 2);
    assert.deepEqual(mempool.selectForBlock(paymentMass * 2).map(idOf), [rate5, rate4]);
    assert.deepEqual(mempool.selectForBlock(paymentMass - 1), []);
  });
});

describe('garbage is refused with a code, never a crash', () => {
  const valid = () => pay(coin(0), 5000n);

  it('refuses values that are not transactions', () => {
    const { mempool } = pool();
    const broken: unknown[] = [
      null,
      42,
      'tx',
      {},
      { ...valid(), inputs: 'none' },
      { ...valid(), version: -1 },
      { ...valid(), lockTime: 0 },
      { ...valid(), subnetworkId: new Uint8Array(19) },
      { ...valid(), outputs: [{ value: 1n }] },
      { ...valid(), inputs: [{ ...valid().inputs[0], sigOpCount: 256 }] },
      { ...valid(), storageMass: 1n },
    ];
    for (const value of broken) rejects(() => mempool.submit(value as Transaction), 'MALFORMED');
    assert.equal(mempool.size, 0);
  });

  it('refuses too many inputs: beyond the decode limits, or beyond the standard mass', () => {
    const { mempool } = pool();
    const input = valid().inputs[0] as Transaction['inputs'][number];
    const withInputs = (n: number) => ({
      ...valid(),
      inputs: Array.from({ length: n }, (_, index) => ({
        ...input,
        previousOutpoint: { ...input.previousOutpoint, index },
      })),
    });
    rejects(() => mempool.submit(withInputs(10_001)), 'MALFORMED');
    rejects(() => mempool.submit(withInputs(900)), 'MASS_TOO_HIGH');
  });

  it('refuses other subnetworks and coinbases', () => {
    const { mempool } = pool();
    rejects(
      () => mempool.submit({ ...valid(), subnetworkId: Uint8Array.from({ length: 20 }, (_, i) => i) }),
      'SUBNETWORKS_DISABLED',
    );
    rejects(
      () => mempool.submit({ ...valid(), subnetworkId: SUBNETWORK_ID_REGISTRY, payload: new Uint8Array(8) }),
      'SUBNETWORKS_DISABLED',
    );
    rejects(() => mempool.submit({ ...valid(), gas: 1n }), 'INVALID_GAS');
    rejects(() => mempool.submit({ ...valid(), subnetworkId: SUBNETWORK_ID_COINBASE }), 'COINBASE_WITH_INPUTS');
    const coinbase = { ...valid(), inputs: [], subnetworkId: SUBNETWORK_ID_COINBASE, payload: new Uint8Array(19) };
    rejects(() => mempool.submit(coinbase), 'COINBASE_TRANSACTION');
  });

  it('passes consensus rule errors through with their codes', () => {
    const { mempool } = pool();
    rejects(() => mempool.submit({ ...valid(), inputs: [] }), 'NO_INPUTS');
    rejects(() => mempool.submit({ ...valid(), version: 1 }), 'UNKNOWN_VERSION');
    rejects(() => mempool.submit({ ...valid(), payload: new Uint8Array(1) }), 'NATIVE_TX_WITH_PAYLOAD');
    rejects(() => mempool.submit(pay(coin(0), -1n)), 'SPEND_TOO_HIGH');
    const immature = chain.coinbaseOutputs().at(-1) as SpendableOutput;
    rejects(() => mempool.submit(pay(immature, 5000n)), 'IMMATURE_COINBASE_SPEND');
    const { daaScore } = chain.consensus.virtualState();
    const locked = chain.sign([coin(0)], [{ value: 10n ** 9n, scriptPublicKey: OTHER }], {
      lockTime: BigInt(daaScore + 5),
    });
    rejects(() => mempool.submit(locked), 'LOCK_TIME_NOT_REACHED');
    // Scripts: an input without its signature, and outputs changed after signing.
    const unsigned = {
      ...valid(),
      inputs: valid().inputs.map((input) => ({ ...input, signatureScript: new Uint8Array(0) })),
    };
    assert.equal(rejects(() => mempool.submit(unsigned), 'INVALID_STACK_OPERATION').name, 'ScriptError');
    const tampered = { ...valid(), outputs: [{ value: 10n ** 9n, scriptPublicKey: OTHER }] };
    assert.equal(rejects(() => mempool.submit(tampered), 'NULL_FAIL').name, 'ScriptError');
    assert.equal(mempool.size, 0);
  });
});
