import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WalletApi, WalletStatus } from '../../../src-shared/api.ts';
import { resolveConfig } from '../config/config.ts';
import { DagwalletNode } from '../node.ts';
import { remine } from '../test-support/remine.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';
import type { KdfParams } from '../wallet/keystore/kdf.ts';
import { inProcessApi, WalletHost } from '../wallet/wallet-host.ts';
import { ApiError } from './api-error.ts';
import { RemoteError } from './json-rpc/rpc-client.ts';
import { connectToNode } from './node-endpoint.ts';
import type { HandlersOf } from './node-api-handlers.ts';
import { walletApiHandlers } from './wallet-api-handlers.ts';

const TEST_KDF: KdfParams = { algorithm: 'scrypt', N: 1024, r: 8, p: 1 };
const PASSWORD = 'a long enough wallet password';

async function mine(node: DagwalletNode, address: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const template = node.templates.build(address);
    const outcome = await node.submitBlock({ header: remine(template.header), transactions: template.transactions });
    assert.equal(outcome.status, 'accepted');
  }
}

const code = (expected: string) => (error: unknown) => {
  assert.ok(error instanceof Error && 'code' in error, String(error));
  assert.equal(error.code, expected, error.message);
  return true;
};
const badParams = (promise: Promise<unknown>) =>
  assert.rejects(promise, (error) => error instanceof ApiError && error.code === 'BAD_PARAMS');
/** Params the types forbid, as a client might send them anyway. */
const wrong = (value: unknown) => value as never;

describe('wallet API handlers over a real simnet node', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-wallet-api-'));
  let node: DagwalletNode;
  let host: WalletHost;
  let api: HandlersOf<WalletApi>;
  let words: string[] = [];

  before(async () => {
    node = await DagwalletNode.start(resolveConfig({ network: 'simnet', dataDir: root }), { rpc: false, p2p: false });
    host = new WalletHost({
      dir: node.dir,
      params: node.params,
      events: node.events,
      api: inProcessApi(node),
      kdf: TEST_KDF,
    });
    api = walletApiHandlers(node, host);
  });

  after(async () => {
    host.close();
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a wallet from the new phrase once the quiz matches', async () => {
    assert.equal((await api.walletStatus({})).state, 'none');
    await assert.rejects(api.walletBalance({}), code('NO_WALLET'));
    words = (await api.walletNewMnemonic({})).words;
    assert.equal(words.length, 24);
    const quiz = [4, 9, 21].map((position) => ({ position, word: words[position - 1] as string }));
    const badQuiz = quiz.map((answer, i) =>
      i === 1 ? { ...answer, word: answer.word === 'zoo' ? 'abandon' : 'zoo' } : answer,
    );
    await assert.rejects(api.walletCreate({ password: PASSWORD, quiz: badQuiz }), (error) => {
      assert.ok(error instanceof Error && 'code' in error && error.code === 'QUIZ_MISMATCH');
      assert.equal(error.message, 'Word 9 does not match the phrase; check what you wrote down and try again.');
      return true;
    });
    const status = await api.walletCreate({ password: PASSWORD, quiz });
    assert.equal(status.state, 'unlocked');
    assert.deepEqual(await api.walletStatus({}), status);
  });

  it('locks; a wrong password is WRONG_PASSWORD and leaves it locked; unlocks', async () => {
    assert.equal((await api.walletLock({})).state, 'locked');
    await assert.rejects(api.walletUnlock({ password: 'nope' }), code('WRONG_PASSWORD'));
    assert.equal((await api.walletStatus({})).state, 'locked');
    await assert.rejects(api.walletHistory({}), code('WALLET_LOCKED'));
    assert.equal((await api.walletUnlock({ password: PASSWORD })).state, 'unlocked');
  });

  const bob = testAddress(testKey('bob'));

  it('mined to until mature: balance, plan, a refused send (nothing sent), a sent one, pending then confirmed', async () => {
    const { address, index } = await api.walletReceiveAddress({});
    assert.equal(index, 0);
    await mine(node, address, node.params.coinbaseMaturity + 3);
    const balance = await api.walletBalance({});
    for (const value of Object.values(balance)) assert.match(value, /^\d+$/);
    assert.ok(BigInt(balance.spendable) > 0n);
    assert.equal(BigInt(balance.total), BigInt(balance.spendable) + BigInt(balance.immature));

    const request = { to: bob, amount: '250000000' };
    const plan = await api.walletPlanSend(request);
    assert.deepEqual(Object.keys(plan).sort(), ['amount', 'change', 'fee', 'to', 'total', 'transactionCount']);
    assert.equal(plan.amount, '250000000');
    assert.equal(BigInt(plan.total), 250_000_000n + BigInt(plan.fee));

    await assert.rejects(api.walletSend({ ...request, password: 'nope' }), code('WRONG_PASSWORD'));
    assert.equal(node.mempool.size, 0, 'nothing was sent');
    const sent = await api.walletSend({ ...request, password: PASSWORD });
    assert.deepEqual(sent, {
      transactionIds: sent.transactionIds,
      amount: '250000000',
      fee: plan.fee,
      change: plan.change,
    });
    const [id] = sent.transactionIds;
    assert.ok(id && node.mempool.has(id));

    const [pending] = await api.walletHistory({ limit: 5 });
    assert.equal(pending?.transactionId, id);
    assert.equal(pending?.status, 'pending');
    assert.equal(pending?.kind, 'send');
    assert.equal(pending?.net, (-(250_000_000n + BigInt(plan.fee))).toString());
    assert.equal(pending?.fee, plan.fee);
    assert.equal(pending?.acceptingBlock, null);
    assert.ok(pending?.addresses.every((a) => a.startsWith('dagsim:')));
    assert.equal((await api.walletHistory({ limit: 1 })).length, 1);

    await mine(node, testAddress(testKey('miner')), 2);
    const confirmed = (await api.walletHistory({})).find((entry) => entry.transactionId === id);
    assert.equal(confirmed?.status, 'confirmed');
    assert.equal(confirmed?.confirmations, 1);
    assert.equal(confirmed?.acceptingBlock, node.consensus.sink());

    const csv = await api.walletHistoryCsv({});
    assert.ok(csv.csv.includes(id));
    assert.match(csv.fileName, /^dagwallet-dagwallet-simnet-history-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('sends everything with amount max', async () => {
    const plan = await api.walletPlanSend({ to: bob, amount: 'max', feeRate: 2 });
    assert.equal(plan.change, '0');
    const spendable = BigInt((await api.walletBalance({})).spendable);
    assert.equal(BigInt(plan.total), spendable);
  });

  it('moves to a fresh receive address on request', async () => {
    const current = await api.walletReceiveAddress({});
    const fresh = await api.walletReceiveAddress({ fresh: true });
    assert.equal(fresh.index, current.index + 1);
    assert.equal((await api.walletStatus({})).receiveAddress, fresh.address);
  });

  it('reveals the phrase for the password only, and changes the password', async () => {
    await assert.rejects(api.walletRevealMnemonic({ password: 'nope' }), code('WRONG_PASSWORD'));
    assert.deepEqual(await api.walletRevealMnemonic({ password: PASSWORD }), { words });
    assert.deepEqual(await api.walletChangePassword({ oldPassword: PASSWORD, newPassword: 'other' }), {
      changed: true,
    });
    await assert.rejects(api.walletRevealMnemonic({ password: PASSWORD }), code('WRONG_PASSWORD'));
    await api.walletChangePassword({ oldPassword: 'other', newPassword: PASSWORD });
  });

  it('checks addresses with no wallet needed', async () => {
    assert.deepEqual(await api.checkAddress({ address: bob }), { valid: true, address: bob, kind: 'p2pk-schnorr' });
    const check = await api.checkAddress({
      address: 'kaspa:qqkqkzjvr7zwxxmjxjkmxxdwju9kjs6e9u82uh59z07vgaks6gg62v8707g73',
    });
    assert.ok(!check.valid);
    assert.equal(check.code, 'WRONG_NETWORK');
    assert.match(check.reason, /this node is on dagwallet-simnet/);
    const junk = await api.checkAddress({ address: 'hello' });
    assert.ok(!junk.valid && junk.code === 'MISSING_PREFIX');
  });

  it('refuses malformed params at the door with BAD_PARAMS', async () => {
    const long = 'x'.repeat(1_025);
    await badParams(api.walletStatus(wrong('x')));
    await badParams(api.walletStatus(wrong([])));
    await badParams(api.walletUnlock(wrong({})));
    await badParams(api.walletUnlock(wrong({ password: 7 })));
    await badParams(api.walletUnlock({ password: long }));
    await badParams(api.walletCreate(wrong({ password: PASSWORD })));
    await badParams(api.walletCreate(wrong({ password: PASSWORD, quiz: 'abc' })));
    await badParams(api.walletCreate({ password: PASSWORD, quiz: Array(25).fill({ position: 1, word: 'a' }) }));
    await badParams(api.walletCreate({ password: PASSWORD, quiz: [{ position: 0, word: 'a' }] }));
    await badParams(api.walletCreate({ password: PASSWORD, quiz: [{ position: 25, word: 'a' }] }));
    await badParams(api.walletCreate({ password: PASSWORD, quiz: [{ position: 1.5, word: 'a' }] }));
    await badParams(api.walletCreate(wrong({ password: PASSWORD, quiz: [{ position: 1, word: 3 }] })));
    await badParams(api.walletCreate(wrong({ password: PASSWORD, quiz: [null] })));
    await badParams(api.walletRestore({ words: 'a '.repeat(501), password: PASSWORD }));
    await badParams(api.walletRestore(wrong({ words: ['abandon'], password: PASSWORD })));
    await badParams(api.walletRestore(wrong({ words: 'abandon', password: PASSWORD, bip39Passphrase: 1 })));
    await badParams(api.walletReceiveAddress(wrong({ fresh: 'yes' })));
    await badParams(api.walletHistory({ limit: 0 }));
    await badParams(api.walletHistory({ limit: 10_001 }));
    await badParams(api.walletHistory({ limit: 2.5 }));
    await badParams(api.walletHistory(wrong({ limit: '5' })));
    await badParams(api.checkAddress(wrong({})));
    await badParams(api.checkAddress({ address: long }));
    for (const amount of ['', '-1', '1.5', '01', '1e9', 'MAX', ' 1', '1'.repeat(21)])
      await badParams(api.walletPlanSend({ to: bob, amount }));
    await badParams(api.walletPlanSend(wrong({ to: bob, amount: 100 })));
    await badParams(api.walletPlanSend(wrong({ amount: '100' })));
    for (const feeRate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 10_001])
      await badParams(api.walletPlanSend({ to: bob, amount: '100000000', feeRate }));
    await badParams(api.walletPlanSend(wrong({ to: bob, amount: '100000000', feeRate: '1' })));
    await badParams(api.walletSend(wrong({ to: bob, amount: '100000000' })));
    await badParams(api.walletRevealMnemonic(wrong({})));
    await badParams(api.walletChangePassword(wrong({ oldPassword: PASSWORD })));
    await badParams(api.walletChangePassword({ oldPassword: PASSWORD, newPassword: long }));
    assert.equal(node.mempool.size, 0);
  });

  it('passes the wallet’s own refusals through with their codes', async () => {
    await assert.rejects(api.walletPlanSend({ to: bob, amount: '0' }), code('AMOUNT_TOO_SMALL'));
    await assert.rejects(api.walletPlanSend({ to: bob, amount: '99999999999999999999' }), code('BAD_AMOUNT'));
    await assert.rejects(api.walletPlanSend({ to: 'dagsim:nope', amount: '100000000' }), code('BAD_ADDRESS'));
    await assert.rejects(api.walletRestore({ words: 'abandon', password: PASSWORD }), code('WALLET_EXISTS'));
    await assert.rejects(api.walletNewMnemonic({}), code('WALLET_EXISTS'));
  });
});

describe('the node’s own wallet over the local API', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-wallet-rpc-'));
  let node: DagwalletNode;

  before(async () => {
    node = await DagwalletNode.start(resolveConfig({ network: 'simnet', dataDir: root, rpcPort: 0 }), {
      p2p: false,
    });
  });

  after(async () => {
    await node.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates at <networkDir>/wallets/default.wallet, answers WRONG_PASSWORD by code, and locks when the node closes', async () => {
    const rpc = connectToNode(node.dir);
    const status = await rpc.call('walletStatus', {});
    assert.equal(status.state, 'none');
    assert.equal(status.file, join(node.dir, 'wallets', 'default.wallet'));
    const { words } = await rpc.call('walletNewMnemonic', {});
    const quiz = [1, 12, 24].map((position) => ({ position, word: words[position - 1] as string }));
    assert.equal((await rpc.call('walletCreate', { password: PASSWORD, quiz })).state, 'unlocked');
    assert.equal(node.wallet.state, 'unlocked');
    await assert.rejects(
      rpc.call('walletRevealMnemonic', { password: 'nope' }),
      (error) => error instanceof RemoteError && error.code === 'WRONG_PASSWORD',
    );
    await assert.rejects(
      rpc.call('walletHistory', { limit: -1 }),
      (error) => error instanceof RemoteError && error.code === 'BAD_PARAMS',
    );

    const heard: WalletStatus[] = [];
    node.events.on('walletStatusChanged', (s) => heard.push(s));
    await node.close();
    assert.equal(node.wallet.state, 'locked');
    assert.equal(heard.at(-1)?.state, 'locked');
  });
});
