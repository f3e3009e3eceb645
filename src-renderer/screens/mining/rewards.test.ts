import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WalletHistoryEntryJson } from '../../../src-shared/api.ts';
import { miningRewards } from './rewards.ts';

function entry(kind: WalletHistoryEntryJson['kind'], received: string, status: 'pending' | 'confirmed' = 'confirmed') {
  return {
    transactionId: '00'.repeat(32),
    status,
    kind,
    acceptingBlock: status === 'confirmed' ? '11'.repeat(32) : null,
    acceptingBlueScore: status === 'confirmed' ? 1 : null,
    timestamp: 0,
    received,
    sent: '0',
    net: received,
    fee: null,
    confirmations: 1,
    addresses: [],
  } satisfies WalletHistoryEntryJson;
}

test('mature rewards are the confirmed coinbase sum less the maturing ones', () => {
  const history = [
    entry('coinbase', '5000000000'),
    entry('coinbase', '5000000000'),
    entry('coinbase', '5000000000'),
    entry('receive', '700000000'),
    entry('coinbase', '9900000000', 'pending'),
  ];
  assert.deepEqual(miningRewards(history, '5000000000'), { maturing: 5_000_000_000n, mature: 10_000_000_000n });
});

test('never below zero when the balance is newer than the history', () => {
  assert.deepEqual(miningRewards([entry('coinbase', '100')], '300'), { maturing: 300n, mature: 0n });
  assert.deepEqual(miningRewards([], '0'), { maturing: 0n, mature: 0n });
});
