import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUBNETWORK_ID_NATIVE, type Transaction } from '../consensus/model/transaction.ts';
import { hexToBytes } from '../encoding/hex.ts';
import { type MempoolEntry, TransactionPool } from './transaction-pool.ts';

/** IDs are one repeated hex digit; a transaction spends `spends` ("id:index") and has two outputs. */
function entry(id: string, spends: string[], feeRate: number, parents: string[] = []): MempoolEntry {
  const tx: Transaction = {
    version: 0,
    inputs: spends.map((outpoint) => {
      const [txid, index] = outpoint.split(':') as [string, string];
      return {
        previousOutpoint: { transactionId: hexToBytes(txid, 32), index: Number(index) },
        signatureScript: new Uint8Array(0),
        sequence: 0n,
        sigOpCount: 1,
      };
    }),
    outputs: [0, 1].map(() => ({ value: 1000n, scriptPublicKey: { version: 0, script: new Uint8Array(34) } })),
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
  };
  return { tx, id, fee: 0n, mass: 100, feeRate, addedAt: 0, addedAtDaaScore: 0, parents };
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const D = 'd'.repeat(64);
const E = 'e'.repeat(64);
const CHAIN_COIN = '0'.repeat(64);

/** A diamond: B and C spend A's outputs, D spends B's and C's; E stands alone. */
function diamond(): TransactionPool {
  const pool = new TransactionPool();
  pool.add(entry(A, [`${CHAIN_COIN}:0`], 1));
  pool.add(entry(E, [`${CHAIN_COIN}:1`], 5));
  pool.add(entry(C, [`${A}:1`], 4, [A]));
  pool.add(entry(B, [`${A}:0`], 3, [A]));
  pool.add(entry(D, [`${B}:0`, `${C}:0`], 2, [B, C]));
  return pool;
}

describe('the transaction pool', () => {
  it('lists descendants parents first, and ancestors', () => {
    const pool = diamond();
    assert.deepEqual(pool.withDescendants(A), [A, C, B, D]);
    assert.deepEqual(pool.withDescendants(B), [B, D]);
    assert.deepEqual(pool.withDescendants('f'.repeat(64)), []);
    assert.deepEqual([...pool.ancestors([B, C])].sort(), [A, B, C]);
    assert.equal(pool.spender(`${A}:1`), C);
    assert.equal(pool.totalMass, 500);
  });

  it('orders by fee rate both ways', () => {
    const pool = diamond();
    assert.deepEqual(
      pool.cheapestFirst().map((e) => e.id),
      [A, D, B, C, E],
    );
    assert.deepEqual(
      [...pool.dearestFirst()].map((e) => e.id),
      [E, C, B, D, A],
    );
  });

  it('removing a parent frees its outpoints and leaves its children without it', () => {
    const pool = diamond();
    pool.removeOne(A);
    assert.equal(pool.spender(`${CHAIN_COIN}:0`), undefined);
    assert.deepEqual(pool.get(B)?.parents, []);
    assert.deepEqual(pool.get(C)?.parents, []);
    assert.deepEqual(pool.get(D)?.parents, [B, C]);
    assert.deepEqual(
      [...pool.dearestFirst()].map((e) => e.id),
      [E, C, B, D],
      'the updated children are still in the fee order',
    );
    assert.equal(pool.size, 4);
    assert.equal(pool.totalMass, 400);
    pool.clear();
    assert.equal(pool.size, 0);
    assert.deepEqual(pool.cheapestFirst(), []);
  });
});
