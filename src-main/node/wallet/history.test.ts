import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AddressHistoryRow, walletHistory } from './history.ts';

const COIN = 100_000_000n;
const A = 'aa'.repeat(34);
const B = 'bb'.repeat(34);
const C = 'cc'.repeat(34);

function row(
  over: Partial<AddressHistoryRow> & Pick<AddressHistoryRow, 'scriptHex' | 'transactionId'>,
): AddressHistoryRow {
  return {
    acceptingBlock: `block-${over.transactionId}`,
    acceptingBlueScore: 10,
    timestamp: 1_795_219_200_000,
    received: 0n,
    sent: 0n,
    fee: 0n,
    isCoinbase: false,
    ...over,
  };
}

describe('walletHistory', () => {
  const rows: AddressHistoryRow[] = [
    row({ scriptHex: A, transactionId: 't1', acceptingBlueScore: 10, received: 500n * COIN, isCoinbase: true }),
    // Received on two of our scripts at once.
    row({ scriptHex: A, transactionId: 't2', acceptingBlueScore: 20, received: 3n * COIN, fee: 2000n }),
    row({ scriptHex: B, transactionId: 't2', acceptingBlueScore: 20, received: 4n * COIN, fee: 2000n }),
    // Sent 10 from A and 1 from B, 3 came back as change to C: net −8, of which 0.0001 fee.
    row({ scriptHex: A, transactionId: 't3', acceptingBlueScore: 30, sent: 10n * COIN, fee: 10_000n }),
    row({ scriptHex: B, transactionId: 't3', acceptingBlueScore: 30, sent: 1n * COIN, fee: 10_000n }),
    row({ scriptHex: C, transactionId: 't3', acceptingBlueScore: 30, received: 3n * COIN, fee: 10_000n }),
    // A compound: everything but the fee came back.
    row({ scriptHex: B, transactionId: 't4', acceptingBlueScore: 40, sent: 6n * COIN, fee: 3000n }),
    row({ scriptHex: C, transactionId: 't4', acceptingBlueScore: 40, received: 6n * COIN - 3000n, fee: 3000n }),
    // The same row twice counts once.
    row({ scriptHex: C, transactionId: 't4', acceptingBlueScore: 40, received: 6n * COIN - 3000n, fee: 3000n }),
  ];

  it('aggregates rows per transaction, newest first, with kinds, nets and fees', () => {
    const history = walletHistory(rows, 100);
    assert.deepEqual(
      history.map((e) => [e.transactionId, e.kind, e.received, e.sent, e.net, e.fee, e.confirmations]),
      [
        ['t4', 'self', 6n * COIN - 3000n, 6n * COIN, -3000n, 3000n, 60],
        ['t3', 'send', 3n * COIN, 11n * COIN, -8n * COIN, 10_000n, 70],
        ['t2', 'receive', 7n * COIN, 0n, 7n * COIN, undefined, 80],
        ['t1', 'coinbase', 500n * COIN, 0n, 500n * COIN, undefined, 90],
      ],
    );
    assert.deepEqual(history.find((e) => e.transactionId === 't3')?.scriptHexes, [A, B, C]);
    assert.equal(history[0]?.acceptingBlock, 'block-t4');
  });

  it('confirmations follow the virtual blue score and never go below 0', () => {
    assert.equal(walletHistory(rows, 40)[0]?.confirmations, 0);
    assert.equal(walletHistory(rows, 39)[0]?.confirmations, 0);
    assert.equal(walletHistory(rows, 41)[0]?.confirmations, 1);
  });

  it('orders equal blue scores by timestamp, then id; the input order does not matter', () => {
    const same = [
      row({ scriptHex: A, transactionId: 'b', received: 1n, timestamp: 5 }),
      row({ scriptHex: A, transactionId: 'a', received: 1n, timestamp: 5 }),
      row({ scriptHex: A, transactionId: 'c', received: 1n, timestamp: 9 }),
    ];
    const ids = (list: AddressHistoryRow[]) => walletHistory(list, 50).map((e) => e.transactionId);
    assert.deepEqual(ids(same), ['c', 'a', 'b']);
    assert.deepEqual(ids([...same].reverse()), ['c', 'a', 'b']);
    assert.deepEqual(ids([...rows].reverse()), ids(rows));
  });

  it('a transaction where someone else’s inputs paid us more than we spent is a receive', () => {
    const mixed = [
      row({ scriptHex: A, transactionId: 'm', sent: 1n * COIN, fee: 1000n }),
      row({ scriptHex: B, transactionId: 'm', received: 5n * COIN, fee: 1000n }),
    ];
    assert.equal(walletHistory(mixed, 50)[0]?.kind, 'receive');
    assert.deepEqual(walletHistory([], 50), []);
  });
});
