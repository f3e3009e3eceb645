import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MethodParams, MethodResult, NodeMethod } from '../../src-shared/api.ts';
import { RemoteError } from './api/json-rpc/rpc-client.ts';
import { connectToNode } from './api/node-endpoint.ts';
import { nodeApiHandlers } from './api/node-api-handlers.ts';
import { resolveConfig } from './config/config.ts';
import { encodeTransaction } from './consensus/codec/tx-codec.ts';
import { bytesToHex } from './encoding/hex.ts';
import { DagwalletNode } from './node.ts';
import { addressOf, LOOPBACK_LISTEN } from './test-support/p2p-nodes.ts';
import { WalletAccount } from './wallet/account.ts';
import type { KdfParams } from './wallet/keystore/kdf.ts';
import { KeystoreError } from './wallet/keystore/errors.ts';
import { signTransactions } from './wallet/signer.ts';
import { buildPayment } from './wallet/transaction-builder.ts';
import { type ApiCall, WalletService } from './wallet/wallet-service.ts';

/** Cheap key derivation: the test is about coins, the KDF has its own tests. */
const TEST_KDF: KdfParams = { algorithm: 'scrypt', N: 1024, r: 8, p: 1 };

function inProcess(node: DagwalletNode): ApiCall {
  const handlers = nodeApiHandlers(node);
  return <M extends NodeMethod>(method: M, params: MethodParams<M>) =>
    (handlers[method] as (p: MethodParams<M>) => Promise<MethodResult<M>>)(params);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two nodes, two wallets: mine, mature, send, confirm', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-two-nodes-'));
  let nodeA: DagwalletNode;
  let nodeB: DagwalletNode;
  let walletA: WalletService;
  let walletB: WalletService;
  let mnemonicA: string;
  const password = 'correct horse battery staple';

  before(async () => {
    const config = (name: string, peers: string[] = []) =>
      resolveConfig({
        network: 'simnet',
        dataDir: join(root, name),
        rpcPort: 0,
        listen: [LOOPBACK_LISTEN],
        peers,
        mdns: false,
        outboundPeers: 0,
        mining: { threads: 1 },
      });
    // Two real peers on loopback: blocks and transactions reach B through P2P relay.
    nodeA = await DagwalletNode.start(config('a'));
    nodeB = await DagwalletNode.start(config('b', [addressOf(nodeA)]), { rpc: false });
    // Wallet A talks to its node over the real local API, wallet B in process.
    const rpcA = connectToNode(nodeA.dir);
    const apiA: ApiCall = (method, params) => rpcA.call(method, params);
    const created = await WalletService.create(join(root, 'a.wallet'), password, {
      params: nodeA.params,
      api: apiA,
      kdf: TEST_KDF,
    });
    walletA = created.wallet;
    mnemonicA = created.mnemonic;
    walletB = (
      await WalletService.create(join(root, 'b.wallet'), password, {
        params: nodeB.params,
        api: inProcess(nodeB),
        kdf: TEST_KDF,
      })
    ).wallet;
  });

  after(async () => {
    await nodeA?.close();
    await nodeB?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('node A mines to wallet A with worker threads until coinbases mature; B follows', async () => {
    await nodeA.startMining(await walletA.receiveAddress(), 1);
    const balance = await until('a mature coinbase', async () => {
      const b = await walletA.balance();
      return b.spendable > 0n ? b : undefined;
    });
    await nodeA.stopMining();
    assert.ok(balance.immature > 0n, 'younger rewards are still immature');
    await until('B to reach A', () =>
      nodeB.consensus.sink() === nodeA.consensus.sink() && nodeB.imports.pending === 0 ? true : undefined,
    );
    assert.ok(nodeA.blocksFound > nodeA.params.coinbaseMaturity);
  });

  let paymentId = '';
  const amount = 1_234_567_890n;

  it('wallet A pays wallet B; the pool refuses a double spend of its input', async () => {
    const before = await walletA.balance();
    const toB = await walletB.receiveAddress();
    const result = await walletA.send({ to: toB, amount });
    paymentId = result.transactionIds.at(-1) as string;
    assert.equal(result.sent, amount);
    assert.ok(result.fee > 0n);
    assert.ok(nodeA.mempool.has(paymentId), 'in A’s pool');
    await until('the payment at B', () => (nodeB.mempool.has(paymentId) ? true : undefined));
    const pendingB = await walletB.balance();
    assert.equal(pendingB.pending, amount, 'B sees it pending');
    const afterA = await walletA.balance();
    assert.equal(afterA.spendable + afterA.pending, before.spendable - amount - result.fee, 'A: change is pending');

    // Spend the payment's first input again, to someone else: refused with the spender named.
    const payment = nodeA.mempool.get(paymentId)!.tx;
    const spent = payment.inputs[0]!.previousOutpoint;
    const outpoint = `${bytesToHex(spent.transactionId)}:${spent.index}`;
    const entry = nodeA.consensus.virtualState().utxo.get(outpoint)!;
    const account = WalletAccount.fromMnemonic(mnemonicA, '', 'dagsim');
    account.addresses(0, 0, 21); // derive the addresses the rewards went to, so their keys are known
    const plan = buildPayment({
      utxos: [{ outpoint, entry, scriptHex: bytesToHex(entry.scriptPublicKey.script) }],
      to: account.address(0, 7).address,
      amount: 'max',
      changeAddress: () => account.address(1, 99),
      params: nodeA.params,
    });
    const [conflict] = signTransactions(plan.transactions, (hex) => account.secretKeyFor(hex));
    const rpc = connectToNode(nodeA.dir);
    await assert.rejects(
      rpc.call('submitTransaction', { transaction: bytesToHex(encodeTransaction(conflict!)) }),
      (error) =>
        error instanceof RemoteError && error.code === 'DOUBLE_SPEND' && error.message.includes(paymentId.slice(0, 8)),
    );
  });

  it('mined in, B’s history shows the payment with growing confirmations, and no sompi is lost', async () => {
    await nodeA.startMining(await walletA.receiveAddress(), 1);
    const first = await until('the payment in B’s history', async () =>
      (await walletB.history()).find((entry) => entry.transactionId === paymentId && entry.confirmations >= 1),
    );
    const later = await until('more confirmations', async () => {
      const entry = (await walletB.history()).find((e) => e.transactionId === paymentId);
      return entry && entry.confirmations >= first.confirmations + 5 ? entry : undefined;
    });
    await nodeA.stopMining();
    assert.equal(later.kind, 'receive');
    assert.equal(later.received, amount);
    const balanceB = await walletB.balance();
    assert.deepEqual(balanceB, { spendable: amount, immature: 0n, pending: 0n, total: amount });

    // The payment's inputs equal its outputs plus its fee, to the sompi, from A's and B's rows alike.
    const sideA = (await walletA.history()).find((entry) => entry.transactionId === paymentId)!;
    assert.equal(sideA.kind, 'send');
    assert.equal(sideA.sent, sideA.received + amount + (sideA.fee as bigint));
    assert.equal(sideA.net, -(amount + (sideA.fee as bigint)));
  });

  it('a payment too heavy for one transaction is compounded: every transaction is submitted and mined', async () => {
    // Enough mature 500-coin rewards that the payment needs more inputs than one standard transaction holds.
    const reward = 50_000_000_000n;
    await nodeA.startMining(await walletA.receiveAddress(), 1);
    await until('many mature rewards', async () =>
      (await walletA.balance()).spendable > 130n * reward ? true : undefined,
    );
    await nodeA.stopMining();
    const bBefore = (await walletB.balance()).total;
    const big = 120n * reward;
    const result = await walletA.send({ to: await walletB.receiveAddress(), amount: big });
    assert.ok(result.transactionIds.length >= 2, `compounded into ${result.transactionIds.length} transactions`);
    for (const id of result.transactionIds) assert.ok(nodeA.mempool.has(id), `${id} submitted`);
    await nodeA.startMining(await walletA.receiveAddress(), 1);
    const ids = new Set(result.transactionIds);
    await until('the whole batch accepted', async () => {
      const history = await walletA.history();
      return result.transactionIds.every((id) => history.some((e) => e.transactionId === id && e.confirmations >= 1))
        ? true
        : undefined;
    });
    await nodeA.stopMining();
    await until('B to settle', () => (nodeB.consensus.sink() === nodeA.consensus.sink() ? true : undefined));
    const bAfter = await walletB.balance();
    assert.equal(bAfter.total - bBefore, big, 'B received exactly the amount');
    // Over the batch only fees left A: what A's rows sent equals what came back to A, B's amount and the fees.
    const batch = (await walletA.history()).filter((e) => ids.has(e.transactionId));
    const sent = batch.reduce((sum, e) => sum + e.sent, 0n);
    const back = batch.reduce((sum, e) => sum + e.received, 0n);
    const fees = batch.reduce((sum, e) => sum + (e.fee ?? 0n), 0n);
    assert.equal(fees, result.fee);
    assert.equal(sent, back + big + fees);
  });

  it('restoring wallet A from its words finds the same addresses and balance', async () => {
    await until('B to settle', () => (nodeB.consensus.sink() === nodeA.consensus.sink() ? true : undefined));
    const rpc = connectToNode(nodeA.dir);
    const restored = await WalletService.restore(join(root, 'a-restored.wallet'), 'another password', mnemonicA, {
      params: nodeA.params,
      api: (method, params) => rpc.call(method, params),
      kdf: TEST_KDF,
    });
    // The same used addresses (every one with history, change included) and the same coins.
    const used = async (wallet: WalletService) =>
      [...new Set((await wallet.history()).flatMap((entry) => entry.scriptHexes))].sort();
    assert.ok(restored.receiveIndex >= 1 && restored.changeIndex >= 1, 'mined to and took change');
    assert.deepEqual(await used(restored.wallet), await used(walletA));
    assert.deepEqual(await restored.wallet.balance(), await walletA.balance());
  });

  it('a tampered wallet file does not open, with a clear error', async () => {
    const path = join(root, 'a.wallet');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const ciphertext: string = file.payload.ciphertext;
    file.payload.ciphertext = (ciphertext[0] === '0' ? '1' : '0') + ciphertext.slice(1);
    const tampered = join(root, 'tampered.wallet');
    writeFileSync(tampered, JSON.stringify(file));
    await assert.rejects(
      WalletService.open(tampered, password, { params: nodeA.params, api: inProcess(nodeA) }),
      (error) => error instanceof KeystoreError && error.code === 'TAMPERED',
    );
  });
});
