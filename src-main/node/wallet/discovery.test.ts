import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WalletAccount } from './account.ts';
import { discoverAddresses } from './discovery.ts';
import { WalletError } from './errors.ts';
import { testAccount } from './wallet-test-fixtures.ts';

/** An isUsed stub over sets of used indexes per chain; it records the batches it was asked. */
function usage(account: WalletAccount, used: { receive: number[]; change: number[] }) {
  const usedScripts = new Set([
    ...used.receive.map((i) => account.address(0, i).scriptHex),
    ...used.change.map((i) => account.address(1, i).scriptHex),
  ]);
  const batches: number[] = [];
  const isUsed = async (scriptHexes: string[]) => {
    batches.push(scriptHexes.length);
    return scriptHexes.map((s) => usedScripts.has(s));
  };
  return { isUsed, batches };
}

describe('discoverAddresses (BIP44 gap limit)', () => {
  it('used at 0, 5 and 25 with gap 20: the next receive index is 26', async () => {
    const account = testAccount();
    const { isUsed, batches } = usage(account, { receive: [0, 5, 25], change: [0, 1, 2] });
    assert.deepEqual(await discoverAddresses(account, isUsed, 20), { receiveIndex: 26, changeIndex: 3 });
    // receive: 0–19, 20–39, 40–59 (26..45 unused); change: 0–19, 20–39 (3..22 unused).
    assert.deepEqual(
      [...batches].sort((a, b) => a - b),
      [20, 20, 20, 20, 20],
    );
  });

  it('an address beyond a full gap is not found (that is what the gap limit means)', async () => {
    const account = testAccount();
    const { isUsed } = usage(account, { receive: [0, 21], change: [] });
    assert.deepEqual(await discoverAddresses(account, isUsed, 20), { receiveIndex: 1, changeIndex: 0 });
    const { isUsed: closer } = usage(account, { receive: [0, 20], change: [] });
    assert.deepEqual(await discoverAddresses(account, closer, 20), { receiveIndex: 21, changeIndex: 0 });
  });

  it('a fresh wallet starts at 0; the default gap is 20', async () => {
    const account = testAccount();
    const { isUsed, batches } = usage(account, { receive: [], change: [] });
    assert.deepEqual(await discoverAddresses(account, isUsed), { receiveIndex: 0, changeIndex: 0 });
    assert.deepEqual(batches, [20, 20]);
  });

  it('gap 1 stops at the first unused address', async () => {
    const account = testAccount();
    const { isUsed } = usage(account, { receive: [0, 1, 2, 4], change: [0] });
    assert.deepEqual(await discoverAddresses(account, isUsed, 1), { receiveIndex: 3, changeIndex: 1 });
  });

  it('leaves every scanned address derived, so the wallet recognises its outputs', async () => {
    const account = testAccount();
    const { isUsed } = usage(account, { receive: [30], change: [] });
    await discoverAddresses(account, isUsed, 20);
    assert.equal(account.findByScript(account.address(0, 30).scriptHex)?.index, 30);
  });

  it('refuses a bad gap limit and a wrong-length answer', async () => {
    const account = testAccount();
    const { isUsed } = usage(account, { receive: [], change: [] });
    for (const gap of [0, -1, 1.5, Number.NaN, 10_001]) {
      await assert.rejects(discoverAddresses(account, isUsed, gap), (e: unknown) => e instanceof WalletError);
    }
    await assert.rejects(
      discoverAddresses(account, async () => [true]),
      (e: unknown) => e instanceof WalletError && e.code === 'BAD_REQUEST',
    );
  });
});
