import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const main = new URL('./main.ts', import.meta.url).pathname;

/**
 * The story from the command line, as a person would type it: two wallets, a node mining
 * on simnet, a payment from one wallet to the other, its confirmations, the CSV export.
 */
describe('dagwallet from the command line: node, miner, two wallets', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-cli-'));
  const passwordFile = join(root, 'password');
  const where = ['--network', 'simnet', '--data-dir', root];
  let node: ChildProcess | undefined;
  let nodeOutput = '';

  async function dagwallet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [main, ...args], { timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const wallet = (name: string, ...args: string[]) =>
    dagwallet('wallet', ...args, '--wallet', name, '--password-file', passwordFile, ...where);

  async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; node said:\n${nodeOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const field = (text: string, name: string): string => new RegExp(`^${name}\\s+(\\S+)$`, 'm').exec(text)?.[1] ?? '';

  let alice = '';
  let bob = '';
  let aliceWords = '';

  before(() => writeFileSync(passwordFile, 'a long wallet password\n', { mode: 0o600 }));
  after(async () => {
    if (node && node.exitCode === null) {
      node.kill('SIGKILL');
      await new Promise((resolve) => node?.once('exit', resolve));
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('creates two wallets, showing 24 words once and the first address', async () => {
    const created = await wallet('alice', 'create');
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /24\. \w+/);
    alice = /First receive address: (dagsim:\w+)/.exec(created.stdout)?.[1] ?? '';
    assert.ok(alice);
    aliceWords = [...created.stdout.matchAll(/\d+\. (\w+)/g)].map((m) => m[1]).join(' ');
    assert.equal(aliceWords.split(' ').length, 24);
    const again = await wallet('alice', 'create');
    assert.equal(again.code, 1, 'an existing wallet is never overwritten');
    const createdBob = await wallet('bob', 'create');
    bob = /First receive address: (dagsim:\w+)/.exec(createdBob.stdout)?.[1] ?? '';
    assert.ok(bob);
  });

  it('says clearly when no node runs', async () => {
    const balance = await wallet('alice', 'balance');
    assert.equal(balance.code, 1);
    assert.match(balance.stderr, /no node is running .*dagwallet node/);
  });

  it('runs a node that mines to alice until her rewards mature', async () => {
    node = spawn(process.execPath, [
      main,
      'node',
      ...where,
      '--rpc-port',
      '0',
      '--mqtt-port',
      '0',
      '--listen',
      '/ip4/127.0.0.1/tcp/0',
      '--no-mdns',
      '--mine-to',
      alice,
      '--threads',
      '1',
    ]);
    node.stdout?.on('data', (chunk: Buffer) => (nodeOutput += chunk.toString()));
    node.stderr?.on('data', (chunk: Buffer) => (nodeOutput += chunk.toString()));
    await until('the node to serve its API', async () =>
      existsSync(join(root, 'simnet', 'node.json')) ? true : undefined,
    );
    const balance = await until('a spendable reward', async () => {
      const result = await wallet('alice', 'balance');
      assert.equal(result.code, 0, result.stderr);
      return Number(field(result.stdout, 'spendable')) > 0 ? result.stdout : undefined;
    });
    assert.ok(Number(field(balance, 'immature')) > 0);
  });

  it('refuses a wrong password and a bad address with a message, not a stack trace', async () => {
    const wrongFile = join(root, 'wrong');
    writeFileSync(wrongFile, 'not it');
    const wrong = await dagwallet('wallet', 'balance', '--wallet', 'alice', '--password-file', wrongFile, ...where);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /password is wrong/);
    const bad = await wallet('alice', 'send', '--to', 'dagsim:qqqq', '--amount', '1', '--yes');
    assert.equal(bad.code, 1);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  });

  let paymentId = '';
  it('alice pays bob 12.5; bob sees it with growing confirmations and exports it', async () => {
    const sent = await wallet('alice', 'send', '--to', bob, '--amount', '12.5', '--yes');
    assert.equal(sent.code, 0, sent.stderr);
    paymentId = sent.stdout.trim().split('\n').at(-1) as string;
    assert.match(paymentId, /^[0-9a-f]{64}$/);
    const confirmations = async (minimum: number) =>
      until(`${minimum} confirmations`, async () => {
        const history = await wallet('bob', 'history');
        const line = history.stdout.split('\n').find((l) => l.includes(paymentId));
        const count = Number(/(\d+) conf/.exec(line ?? '')?.[1] ?? -1);
        return count >= minimum ? count : undefined;
      });
    const first = await confirmations(1);
    await confirmations(first + 3);
    const balance = await wallet('bob', 'balance');
    assert.equal(field(balance.stdout, 'spendable'), '12.5');
    assert.equal(field(balance.stdout, 'total'), '12.5');
    const csv = await wallet('bob', 'export');
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, new RegExp(paymentId));
  });

  it('restores alice from her words, finding the address she mined to', async () => {
    const wordsFile = join(root, 'words');
    writeFileSync(wordsFile, `${aliceWords}\n`, { mode: 0o600 });
    const restored = await wallet('alice-copy', 'restore', '--mnemonic-file', wordsFile);
    assert.equal(restored.code, 0, restored.stderr);
    const found = /Used addresses found: (\d+) receive, (\d+) change/.exec(restored.stdout);
    assert.ok(found && Number(found[1]) >= 1 && Number(found[2]) >= 1, restored.stdout);
  });

  it('changes a password: the old one stops working, the new one opens the wallet', async () => {
    const newFile = join(root, 'new-password');
    writeFileSync(newFile, 'an even longer wallet password\n');
    const changed = await wallet('bob', 'change-password', '--new-password-file', newFile);
    assert.equal(changed.code, 0, changed.stderr);
    const old = await wallet('bob', 'balance');
    assert.match(old.stderr, /password is wrong/);
    const opened = await dagwallet('wallet', 'balance', '--wallet', 'bob', '--password-file', newFile, ...where);
    assert.equal(field(opened.stdout, 'total'), '12.5');
  });

  it('stops the node on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => node?.once('exit', resolve));
    node?.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(nodeOutput, /stopped/);
    assert.equal(existsSync(join(root, 'simnet', 'node.json')), false);
  });
});
