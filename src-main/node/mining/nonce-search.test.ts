import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genesisBlock } from '../consensus/params/genesis.ts';
import { DAGWALLET_GENESIS } from '../consensus/params/dagwallet-networks.ts';
import { prePowHash } from '../consensus/hashing/header-hash.ts';
import { leBytesAtMost, PowState, targetToLeBytes } from '../crypto/pow/kheavyhash.ts';
import { NonceCursor, searchNonces } from './nonce-search.ts';

const { header } = genesisBlock(DAGWALLET_GENESIS.devnet);
const state = () => new PowState(prePowHash(header), header.timestamp);

describe('NonceCursor', () => {
  it('steps by its stride across the 32-bit halves and wraps at 2^64', () => {
    const cursor = new NonceCursor(0xffff_fffen, 3);
    cursor.advance();
    assert.equal(cursor.nonce, 0x1_0000_0001n);
    const top = new NonceCursor(2n ** 64n - 2n, 5);
    top.advance();
    assert.equal(top.nonce, 3n);
  });

  it('two cursors with the same stride and different residues never meet', () => {
    const seen = new Set<bigint>();
    for (const start of [2n ** 64n - 7n, 2n ** 64n - 6n, 2n ** 64n - 5n]) {
      const cursor = new NonceCursor(start, 3);
      for (let i = 0; i < 1000; i++, cursor.advance()) {
        assert.ok(!seen.has(cursor.nonce));
        seen.add(cursor.nonce);
      }
    }
  });

  it('refuses a start outside u64 and a stride outside 1..2^32-1', () => {
    assert.throws(() => new NonceCursor(-1n, 1), RangeError);
    assert.throws(() => new NonceCursor(2n ** 64n, 1), RangeError);
    assert.throws(() => new NonceCursor(0n, 0), RangeError);
    assert.throws(() => new NonceCursor(0n, 2 ** 32), RangeError);
    assert.throws(() => new NonceCursor(0n, 1.5), RangeError);
  });
});

describe('searchNonces', () => {
  it('finds nothing under a target of 0 and leaves the cursor after the batch', () => {
    const cursor = new NonceCursor(100n, 2);
    assert.deepEqual(searchNonces(state(), targetToLeBytes(0n), cursor, 50), { hashes: 50 });
    assert.equal(cursor.nonce, 200n);
  });

  it('stops at the first nonce at most the target, and that nonce really is', () => {
    const pow = state();
    const target = targetToLeBytes(1n << 252n);
    const cursor = new NonceCursor(5n, 1);
    const { hashes, nonce } = searchNonces(pow, target, cursor, 10_000);
    assert.ok(nonce !== undefined);
    assert.equal(nonce, 5n + BigInt(hashes - 1));
    assert.ok(leBytesAtMost(pow.hashNonce(nonce), target));
    for (let n = 5n; n < nonce; n++) assert.ok(!leBytesAtMost(pow.hashNonce(n), target), `nonce ${n} was passed over`);
    assert.equal(cursor.nonce, nonce + 1n);
  });
});
