import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../test-support/seeded-random.ts';
import { compareFeeRate, type FeeRated, FeeRateOrder } from './fee-rate-order.ts';

describe('the fee-rate order', () => {
  it('stays sorted through random adds and removes, ties broken by ID', () => {
    const random = seededRandom(7);
    const order = new FeeRateOrder<FeeRated>();
    const live: FeeRated[] = [];
    for (let step = 0; step < 2000; step++) {
      if (live.length > 0 && random() < 0.4) {
        const [item] = live.splice(Math.floor(random() * live.length), 1);
        assert.equal(order.remove(item as FeeRated), true);
      } else {
        // Few distinct rates, so ties are common.
        const item = { id: `${step}`.padStart(5, '0'), feeRate: Math.floor(random() * 5) / 2 };
        order.add(item);
        live.push(item);
      }
    }
    live.sort(compareFeeRate);
    assert.deepEqual([...order.ascending()], live);
    assert.deepEqual([...order.descending()], [...live].reverse());
    assert.equal(order.size, live.length);
  });

  it('says when it does not hold an item', () => {
    const order = new FeeRateOrder<FeeRated>();
    order.add({ id: 'a', feeRate: 1 });
    assert.equal(order.remove({ id: 'b', feeRate: 1 }), false);
    assert.equal(order.remove({ id: 'a', feeRate: 2 }), false);
    assert.equal(order.remove({ id: 'a', feeRate: 1 }), true);
    assert.equal(order.size, 0);
  });
});
