import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WalletStatus } from '../../../src-shared/api.ts';
import type { BlockWithBody } from '../chain/block-import-queue.ts';
import { resolveConfig } from '../config/config.ts';
import { AddressPrefix, AddressVersion, createAddress, encodeAddress } from '../consensus/address.ts';
import { DagwalletNode } from '../node.ts';
import { NodeEvents } from '../node-events.ts';
import { remine } from '../test-support/remine.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';
import { WalletError } from './errors.ts';
import { KeystoreError } from './keystore/errors.ts';
import type { KdfParams } from './keystore/kdf.ts';
import { inProcessApi, type QuizAnswer, WalletHost, type WalletHostOptions } from './wallet-host.ts';

/** Cheap key derivation: these tests are about the host, the KDF has its own. */
const TEST_KDF: KdfParams = { algorithm: 'scrypt', N: 1024, r: 8, p: 1 };
const PASSWORD = 'correct horse battery staple';

function startNode(dataDir: string): Promise<DagwalletNode> {
  return DagwalletNode.start(resolveConfig({ network: 'simnet', dataDir }), { rpc: false, p2p: false });
}

/** Mines `count` blocks from the node's own templates (the pool's transactions included) paying `address`. */
async function mine(node: DagwalletNode, address: string, count: number, log?: BlockWithBody[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const template = node.templates.build(address);
    const block = { header: remine(template.header), transactions: template.transactions };
    const outcome = await node.submitBlock(block);
    assert.equal(outcome.status, 'accepted');
    log?.push(block);
  }
}

const code = (expected: string) => (error: unknown) => {
  assert.ok(error instanceof Error && 'code' in error, String(error));
  assert.equal(error.code, expected, error.message);
  return true;
};

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WalletHost: the wallet a node hosts for its UI', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-wallet-host-'));
  let node: DagwalletNode;
  let host: WalletHost;
  const statuses: WalletStatus[] = [];
  const blocks: BlockWithBody[] = [];
  let words: string[] = [];
  const hosts: WalletHost[] = [];
  const nodes: DagwalletNode[] = [];

  const newHost = (target: DagwalletNode, options: Partial<WalletHostOptions> = {}) => {
    const made = new WalletHost({
      dir: target.dir,
      params: target.params,
      events: target.events,
      api: inProcessApi(target),
      kdf: TEST_KDF,
      ...options,
    });
    hosts.push(made);
    return made;
  };

  before(async () => {
    node = await startNode(join(root, 'a'));
    nodes.push(node);
    host = newHost(node);
    node.events.on('walletStatusChanged', (status) => statuses.push(status));
  });

  after(async () => {
    for (const made of hosts) made.close();
    for (const started of nodes) await started.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('starts with no wallet: the calls that need one say so', async () => {
    assert.equal(host.state, 'none');
    assert.deepEqual(host.status(), {
      state: 'none',
      network: 'dagwallet-simnet',
      file: join(node.dir, 'wallets', 'default.wallet'),
      receiveAddress: null,
      autoLockMinutes: 15,
    });
    await assert.rejects(host.unlock(PASSWORD), code('NO_WALLET'));
    await assert.rejects(host.balance(), code('NO_WALLET'));
    await assert.rejects(host.changePassword(PASSWORD, 'x'), code('NO_WALLET'));
    await assert.rejects(host.create(PASSWORD, []), code('NO_PENDING_MNEMONIC'));
  });

  it('creates from the pending phrase only when the quiz matches it, naming wrong positions, never words', async () => {
    const first = host.newMnemonic();
    words = host.newMnemonic();
    assert.equal(words.length, 24);
    assert.notDeepEqual(words, first, 'a newer call replaces the phrase');
    const answer = (position: number, from = words): QuizAnswer => ({ position, word: from[position - 1] as string });

    // The first phrase is gone: its words no longer pass (unless they happen to coincide).
    const stale = [1, 2, 3].map((p) => answer(p, first));
    if (stale.some((a) => a.word !== words[a.position - 1]))
      await assert.rejects(host.create(PASSWORD, stale), code('QUIZ_MISMATCH'));

    const wrongWord = words[4] === 'zoo' ? 'abandon' : 'zoo';
    await assert.rejects(
      host.create(PASSWORD, [answer(3), { position: 5, word: wrongWord }, answer(17), { position: 20, word: 'x' }]),
      (error) => {
        assert.ok(error instanceof WalletError && error.code === 'QUIZ_MISMATCH');
        assert.equal(error.message, 'Words 5 and 20 do not match the phrase; check what you wrote down and try again.');
        for (const word of words) assert.ok(!new RegExp(`\\b${word}\\b`).test(error.message), 'no word is echoed');
        return true;
      },
    );
    await assert.rejects(host.create(PASSWORD, [answer(3), answer(3), answer(9)]), (error) => {
      assert.ok(error instanceof WalletError && error.code === 'QUIZ_MISMATCH');
      assert.match(error.message, /at least 3 different words/);
      return true;
    });
    await assert.rejects(
      host.create(PASSWORD, [answer(1), answer(2), { position: 25, word: 'x' }]),
      code('QUIZ_MISMATCH'),
    );
    assert.equal(host.state, 'none', 'nothing was written');
    assert.equal(statuses.length, 0);

    // Case and spacing of a typed-back word do not matter.
    const status = await host.create(PASSWORD, [
      answer(24),
      { position: 2, word: ` ${words[1]?.toUpperCase()} ` },
      answer(11),
    ]);
    assert.equal(status.state, 'unlocked');
    assert.match(status.receiveAddress ?? '', /^dagsim:/);
    assert.ok(existsSync(host.file));
    assert.deepEqual(statuses.at(-1), status, 'walletStatusChanged announced it');
    await assert.rejects(host.create(PASSWORD, [answer(1), answer(2), answer(3)]), code('WALLET_EXISTS'));
    assert.deepEqual(await host.revealMnemonic(PASSWORD), words);
  });

  it('refuses a new phrase, create or restore over an existing wallet file', async () => {
    assert.throws(() => host.newMnemonic(), code('WALLET_EXISTS'));
    await assert.rejects(host.create(PASSWORD, []), code('WALLET_EXISTS'));
    await assert.rejects(host.restore(words.join(' '), PASSWORD), code('WALLET_EXISTS'));
  });

  it('locks, refuses a wrong password with the keystore’s WRONG_PASSWORD and stays locked, unlocks', async () => {
    const before = statuses.length;
    const locked = host.lock();
    assert.equal(locked.state, 'locked');
    assert.equal(locked.receiveAddress, null);
    assert.equal(statuses.length, before + 1);
    assert.equal(statuses.at(-1)?.state, 'locked');
    await assert.rejects(host.balance(), code('WALLET_LOCKED'));
    await assert.rejects(host.history(), code('WALLET_LOCKED'));
    await assert.rejects(host.revealMnemonic(PASSWORD), code('WALLET_LOCKED'));
    await assert.rejects(
      host.unlock('wrong'),
      (error) => error instanceof KeystoreError && error.code === 'WRONG_PASSWORD',
    );
    assert.equal(host.state, 'locked');
    assert.equal(statuses.length, before + 1, 'a failed unlock announces nothing');
    const unlocked = await host.unlock(PASSWORD);
    assert.equal(unlocked.state, 'unlocked');
    assert.equal(statuses.at(-1)?.state, 'unlocked');
    await assert.rejects(host.unlock('wrong'), code('WRONG_PASSWORD'));
    assert.equal(host.state, 'unlocked', 'a wrong password on an unlocked wallet leaves it unlocked');
  });

  it('mined to until mature: spendable and immature balance, coinbase history with addresses', async () => {
    const address = (await host.receiveAddress()).address;
    await mine(node, address, node.params.coinbaseMaturity + 5, blocks);
    const balance = await host.balance();
    assert.ok(balance.spendable > 0n, 'some rewards matured');
    assert.ok(balance.immature > 0n, 'younger ones have not');
    assert.equal(balance.total, balance.spendable + balance.immature);
    const history = await host.history();
    assert.ok(history.length > 0);
    for (const entry of history) {
      assert.equal(entry.status, 'confirmed');
      assert.equal(entry.kind, 'coinbase');
      assert.deepEqual(entry.addresses, [address]);
      assert.equal(entry.fee, null);
    }
    assert.equal((await host.history(3)).length, 3);
    // The mined-to address is used now: the receive address moved on, and the status says so.
    const next = await host.receiveAddress();
    assert.notEqual(next.address, address);
    assert.equal(host.status().receiveAddress, next.address);
    const fresh = await host.receiveAddress(true);
    assert.equal(fresh.index, next.index + 1);
  });

  const bob = testAddress(testKey('bob'));
  const amount = 12_345_678_900n;
  let sentFee = 0n;

  it('plans a payment, refuses to send it with a wrong password (nothing sent), sends it for the fee planned', async () => {
    const plan = await host.planSend({ to: ` ${bob} `, amount });
    assert.equal(plan.to, bob);
    assert.equal(plan.amount, amount);
    assert.ok(plan.fee > 0n);
    assert.equal(plan.total, amount + plan.fee);
    assert.equal(plan.transactionCount, 1);
    assert.equal(node.mempool.size, 0);

    await assert.rejects(host.send({ to: bob, amount }, 'wrong'), code('WRONG_PASSWORD'));
    assert.equal(node.mempool.size, 0, 'nothing was sent');
    await assert.rejects(host.planSend({ to: 'kaspa:nonsense', amount }), code('BAD_ADDRESS'));
    await assert.rejects(host.planSend({ to: bob, amount: 10n ** 18n }), code('INSUFFICIENT_FUNDS'));

    const before = await host.balance();
    const result = await host.send({ to: bob, amount }, PASSWORD);
    assert.equal(result.fee, plan.fee, 'the fee shown is the fee paid');
    assert.equal(result.sent, amount);
    assert.equal(result.change, plan.change);
    assert.equal(result.transactionIds.length, 1);
    assert.ok(node.mempool.has(result.transactionIds[0] as string));
    sentFee = result.fee;

    const after = await host.balance();
    assert.equal(after.pending, result.change, 'the change is on its way back');
    assert.equal(after.spendable + after.pending, before.spendable - amount - result.fee);

    const [top, second] = await host.history();
    assert.deepEqual(
      { ...top, timestamp: 0, addresses: [] },
      {
        transactionId: result.transactionIds[0],
        status: 'pending',
        kind: 'send',
        acceptingBlock: null,
        acceptingBlueScore: null,
        timestamp: 0,
        received: result.change,
        sent: result.change + amount + result.fee,
        net: -(amount + result.fee),
        fee: result.fee,
        confirmations: 0,
        addresses: [],
      },
    );
    assert.ok(Math.abs((top?.timestamp ?? 0) - Date.now()) < 60_000, 'first seen just now');
    assert.ok((top?.addresses.length ?? 0) >= 2, 'the spent address and the change address');
    assert.equal(second?.status, 'confirmed');
  });

  it('once mined it stays pending until a chain block accepts it, then is confirmed with growing confirmations', async () => {
    const [pending] = await host.history();
    const miner = testAddress(testKey('miner'));
    await mine(node, miner, 1, blocks);
    assert.equal(node.mempool.size, 0, 'the block took it');
    // Only the virtual accepts the sink's own transactions: the index has no row for it yet.
    const [included] = await host.history();
    assert.deepEqual(included, pending, 'still shown pending, as it was');

    await mine(node, miner, 1, blocks);
    const history = await host.history();
    const top = history.find((entry) => entry.transactionId === pending?.transactionId);
    assert.equal(history.filter((entry) => entry.status === 'pending').length, 0);
    assert.equal(top?.status, 'confirmed');
    assert.equal(top?.kind, 'send');
    assert.equal(top?.net, -(amount + sentFee));
    assert.equal(top?.fee, sentFee);
    assert.equal(top?.acceptingBlock, node.consensus.sink());
    assert.equal(top?.confirmations, 1);
    await mine(node, miner, 2, blocks);
    const later = (await host.history()).find((entry) => entry.transactionId === pending?.transactionId);
    assert.equal(later?.confirmations, 3);
    assert.equal((await host.balance()).pending, 0n);
  });

  it('exports the confirmed history as CSV under a dated file name', async () => {
    const { csv, fileName } = await host.historyCsv();
    assert.match(fileName, /^dagwallet-dagwallet-simnet-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.trimEnd().split('\r\n');
    assert.match(lines[0] ?? '', /^date,transaction_id,kind,/);
    assert.equal(lines.length - 1, (await host.history()).length);
    assert.ok(lines.some((line) => line.includes(',send,')));
  });

  it('reveals the phrase only for the right password', async () => {
    await assert.rejects(host.revealMnemonic('wrong'), code('WRONG_PASSWORD'));
    assert.deepEqual(await host.revealMnemonic(PASSWORD), words);
  });

  it('changes the password while locked, and the old one stops working', async () => {
    host.lock();
    await assert.rejects(host.changePassword('wrong', 'new password'), code('WRONG_PASSWORD'));
    await host.changePassword(PASSWORD, 'new password');
    assert.equal(host.state, 'locked', 'changing the password does not unlock');
    await assert.rejects(host.unlock(PASSWORD), code('WRONG_PASSWORD'));
    await host.unlock('new password');
    await host.changePassword('new password', PASSWORD); // unlocked this time
    await assert.rejects(host.revealMnemonic('new password'), code('WRONG_PASSWORD'));
    assert.deepEqual(await host.revealMnemonic(PASSWORD), words);
  });

  it('checks addresses in words, with no wallet needed', () => {
    const bare = new WalletHost({
      dir: join(root, 'none'),
      params: node.params,
      events: new NodeEvents(),
      api: inProcessApi(node),
    });
    hosts.push(bare);
    assert.equal(bare.state, 'none');
    assert.deepEqual(bare.checkAddress(` ${bob}\n`), { valid: true, address: bob, kind: 'p2pk-schnorr' });
    const payload = (n: number) => new Uint8Array(n).fill(7);
    const p2sh = encodeAddress(createAddress(AddressPrefix.Dagsim, AddressVersion.ScriptHash, payload(32)));
    assert.deepEqual(bare.checkAddress(p2sh), { valid: true, address: p2sh, kind: 'p2sh' });
    const ecdsa = encodeAddress(createAddress(AddressPrefix.Dagsim, AddressVersion.PubKeyECDSA, payload(33)));
    assert.deepEqual(bare.checkAddress(ecdsa), { valid: true, address: ecdsa, kind: 'p2pk-ecdsa' });

    const mainnet = encodeAddress(createAddress(AddressPrefix.Mainnet, AddressVersion.PubKey, payload(32)));
    const wrongNetwork = bare.checkAddress(mainnet);
    assert.ok(!wrongNetwork.valid);
    assert.equal(wrongNetwork.code, 'WRONG_NETWORK');
    assert.equal(
      wrongNetwork.reason,
      'This is a "kaspa:" address, for another network; this node is on dagwallet-simnet, whose addresses start with "dagsim:".',
    );
    const typo = bob.slice(0, -1) + (bob.endsWith('q') ? 'p' : 'q');
    const cases: [string, string][] = [
      ['', 'MISSING_PREFIX'],
      ['qqqqqq', 'MISSING_PREFIX'],
      ['nowhere:qqqqqqqq', 'INVALID_PREFIX'],
      [typo, 'BAD_CHECKSUM'],
      [bob.toUpperCase(), 'BAD_CHARACTER'],
      ['x'.repeat(200), 'TOO_LONG'],
    ];
    for (const [text, expected] of cases) {
      const check = bare.checkAddress(text);
      assert.ok(!check.valid, text);
      assert.equal(check.code, expected, text);
      assert.ok(check.reason.length > 10, 'in words');
    }
  });

  it('restores from the words in a second data folder and finds the same balance', async () => {
    const other = await startNode(join(root, 'b'));
    nodes.push(other);
    for (const block of blocks) assert.equal((await other.submitBlock(block)).status, 'accepted');
    assert.equal(other.consensus.sink(), node.consensus.sink());
    const restored = newHost(other);
    await assert.rejects(restored.restore('abandon abandon', PASSWORD), code('BAD_MNEMONIC_LENGTH'));
    assert.equal(restored.state, 'none');
    const status = await restored.restore(`  ${words.join('   ').toUpperCase()} `, 'another password');
    assert.equal(status.state, 'unlocked');
    assert.deepEqual(await restored.balance(), await host.balance());
    const ids = (entries: { transactionId: string }[]) => entries.map((e) => e.transactionId);
    assert.deepEqual(ids(await restored.history()), ids(await host.history()));
  });

  it('hands out new addresses only up to the gap limit past the last used one (a restore finds them all)', async () => {
    const used = await host.history();
    assert.ok(used.length > 0, 'the wallet has used addresses');
    let last = await host.receiveAddress();
    let refused: unknown;
    for (let i = 0; i <= 25 && refused === undefined; i++) {
      try {
        last = await host.receiveAddress(true);
      } catch (error) {
        refused = error;
      }
    }
    assert.equal((refused as { code?: string } | undefined)?.code, 'GAP_LIMIT_REACHED');
    // Only receive index 0 (mined to) has been used here: index 20 is the last a restore scans.
    assert.equal(last.index, 20);
    assert.equal((await host.receiveAddress()).index, last.index, 'a refusal leaves the receive address as it was');
  });

  it('locks itself when idle and announces it', async () => {
    const events = new NodeEvents();
    const heard: WalletStatus[] = [];
    events.on('walletStatusChanged', (status) => heard.push(status));
    const idle = newHost(node, { events, autoLockMs: 150 });
    assert.equal(idle.state, 'locked');
    assert.equal(idle.status().autoLockMinutes, 150 / 60_000);
    await idle.unlock(PASSWORD);
    assert.equal(heard.at(-1)?.state, 'unlocked');
    await until('the idle lock', () => (heard.at(-1)?.state === 'locked' ? true : undefined));
    assert.equal(idle.state, 'locked');
    await assert.rejects(idle.balance(), code('WALLET_LOCKED'));
  });

  it('forgets a pending phrase after its time', async () => {
    const short = newHost(node, { dir: join(root, 'short'), events: new NodeEvents(), pendingMnemonicMs: 30 });
    const fresh = short.newMnemonic();
    await new Promise((resolve) => setTimeout(resolve, 80));
    const quiz = [1, 2, 3].map((position) => ({ position, word: fresh[position - 1] as string }));
    await assert.rejects(short.create(PASSWORD, quiz), code('NO_PENDING_MNEMONIC'));
    assert.equal(short.state, 'none');
  });

  it('after close the wallet is locked and stays so', async () => {
    const closing = newHost(node, { events: new NodeEvents() });
    await closing.unlock(PASSWORD);
    closing.close();
    assert.equal(closing.state, 'locked');
    await assert.rejects(closing.unlock(PASSWORD), code('WALLET_LOCKED'));
    assert.throws(() => closing.newMnemonic(), code('WALLET_LOCKED'));
  });
});
