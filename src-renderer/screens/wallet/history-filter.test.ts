import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WalletHistoryEntryJson } from '../../../src-shared/api.ts';
import { describeStatus, filterHistory } from './history-filter.ts';

function entry(overrides: Partial<WalletHistoryEntryJson>): WalletHistoryEntryJson {
  return {
    transactionId: 'aa'.repeat(32),
    status: 'confirmed',
    kind: 'receive',
    acceptingBlock: 'bb'.repeat(32),
    acceptingBlueScore: 10,
    timestamp: 1_700_000_000_000,
    received: '100',
    sent: '0',
    net: '100',
    fee: null,
    confirmations: 5,
    addresses: ['kaspasim:qqexample'],
    ...overrides,
  };
}

const entries = [
  entry({ transactionId: '01'.repeat(32), kind: 'receive', addresses: ['kaspasim:qqalpha'] }),
  entry({ transactionId: '02'.repeat(32), kind: 'send', addresses: ['kaspasim:qqbeta'] }),
  entry({ transactionId: 'ab'.repeat(32), kind: 'coinbase', addresses: ['kaspasim:qqalpha'] }),
];

test('filters by kind and by id or address, case-insensitively', () => {
  assert.equal(filterHistory(entries, 'all', '').length, 3);
  assert.deepEqual(
    filterHistory(entries, 'coinbase', '').map((each) => each.kind),
    ['coinbase'],
  );
  assert.deepEqual(
    filterHistory(entries, 'all', ' QQALPHA ').map((each) => each.kind),
    ['receive', 'coinbase'],
  );
  assert.deepEqual(
    filterHistory(entries, 'all', 'ABAB').map((each) => each.kind),
    ['coinbase'],
  );
  assert.deepEqual(filterHistory(entries, 'self', ''), []);
  assert.deepEqual(filterHistory(entries, 'send', 'qqalpha'), []);
});

test('status reads pending, maturing for a young reward, else confirmations', () => {
  assert.equal(describeStatus(entry({ status: 'pending', confirmations: 0 }), 100), 'Pending');
  assert.equal(describeStatus(entry({ kind: 'coinbase', confirmations: 12 }), 100), 'Maturing (12 of 100)');
  assert.equal(describeStatus(entry({ kind: 'coinbase', confirmations: 100 }), 100), '100 confirmations');
  assert.equal(describeStatus(entry({ confirmations: 1 }), 100), '1 confirmation');
  assert.equal(describeStatus(entry({ confirmations: 1234 }), undefined), '1,234 confirmations');
});
