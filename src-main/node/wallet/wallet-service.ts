import type { MethodParams, MethodResult, NodeMethod, UtxoJson } from '../../../src-shared/api.ts';
import { scriptFromJson, scriptToJson } from '../api/script-json.ts';
import { encodeTransaction } from '../consensus/codec/tx-codec.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { parseOutpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { WalletAccount, type WalletAddress } from './account.ts';
import { type WalletBalance, spendableUtxos, walletBalance } from './balance.ts';
import { CHANGE_CHAIN, type Chain, generateMnemonic, RECEIVE_CHAIN, validateMnemonic } from './derivation.ts';
import { DEFAULT_GAP_LIMIT, discoverAddresses } from './discovery.ts';
import { WalletError } from './errors.ts';
import { type HistoryEntry, walletHistory } from './history.ts';
import type { KdfParams } from './keystore/kdf.ts';
import { WalletKeystore } from './keystore/wallet-keystore.ts';
import { signTransactions } from './signer.ts';
import { buildPayment, type PaymentPlan } from './transaction-builder.ts';
import { walletUtxo, type WalletUtxo } from './utxo.ts';

/** Calls one method of the node's API: in process, over JSON-RPC, or over Electron IPC. */
export type ApiCall = <M extends NodeMethod>(method: M, params: MethodParams<M>) => Promise<MethodResult<M>>;

/** What the encrypted wallet file holds. */
export interface WalletContents {
  kind: 'dagwallet-hd';
  mnemonic: string;
  bip39Passphrase: string;
  accountIndex: number;
  /** The receive address handed out now; it moves on once that address is used. */
  receiveIndex: number;
  /** The next change address a payment takes. */
  changeIndex: number;
}

export interface WalletOpenOptions {
  params: ConsensusParams;
  api: ApiCall;
  kdf?: KdfParams;
  autoLockMs?: number;
}

export interface SendRequest {
  to: string;
  amount: bigint | 'max';
  /** Sompi per gram of mass; default 1, the minimum relay fee. */
  feeRate?: number;
}

export interface SendResult {
  /** Every transaction submitted, compounds first, the payment last. */
  transactionIds: string[];
  fee: bigint;
  sent: bigint;
  change: bigint;
}

/** Addresses watched past the last one handed out: funds sent there by another copy of the wallet still show. */
const LOOKAHEAD = DEFAULT_GAP_LIMIT;

const scriptJson = (address: WalletAddress): string => scriptToJson(address.scriptPublicKey);
/** Discovery hands over bare script hex; every wallet address is a version-0 Schnorr P2PK script. */
const p2pkScriptJson = (scriptHex: string): string => scriptToJson({ version: 0, script: hexToBytes(scriptHex) });

function utxoFromJson(json: UtxoJson): WalletUtxo {
  const { transactionId, index } = parseOutpointKey(json.outpoint);
  return walletUtxo(transactionId, index, {
    amount: BigInt(json.amount),
    scriptPublicKey: scriptFromJson(json.scriptPublicKey),
    blockDaaScore: json.blockDaaScore,
    isCoinbase: json.isCoinbase,
  });
}

/**
 * One HD wallet over one node: keys from the encrypted keystore, coins and history from the
 * node's address index and mempool, payments built, signed here and submitted. The private keys
 * never leave this object; the node only ever sees addresses and signed transactions.
 */
export class WalletService {
  readonly #keystore: WalletKeystore<WalletContents>;
  readonly #account: WalletAccount;
  readonly #params: ConsensusParams;
  readonly #api: ApiCall;

  private constructor(keystore: WalletKeystore<WalletContents>, params: ConsensusParams, api: ApiCall) {
    const contents = keystore.contents;
    this.#keystore = keystore;
    this.#params = params;
    this.#api = api;
    this.#account = WalletAccount.fromMnemonic(
      contents.mnemonic,
      contents.bip39Passphrase,
      params.addressPrefix,
      contents.accountIndex,
    );
  }

  /**
   * A new wallet with a fresh 24-word phrase (or `mnemonic`, one the user has already written
   * down and confirmed); the phrase is returned once, to be written down.
   */
  static async create(
    path: string,
    password: string,
    options: WalletOpenOptions & { bip39Passphrase?: string; mnemonic?: string },
  ): Promise<{ wallet: WalletService; mnemonic: string }> {
    const mnemonic = options.mnemonic === undefined ? generateMnemonic(24) : validateMnemonic(options.mnemonic);
    const keystore = await WalletKeystore.create<WalletContents>(
      path,
      password,
      options.params.name,
      {
        kind: 'dagwallet-hd',
        mnemonic,
        bip39Passphrase: options.bip39Passphrase ?? '',
        accountIndex: 0,
        receiveIndex: 0,
        changeIndex: 0,
      },
      { kdf: options.kdf, autoLockMs: options.autoLockMs },
    );
    return { wallet: new WalletService(keystore, options.params, options.api), mnemonic };
  }

  /** A wallet from a 12- or 24-word phrase; finds the addresses it used (BIP44 gap limit) through the node. */
  static async restore(
    path: string,
    password: string,
    mnemonic: string,
    options: WalletOpenOptions & { bip39Passphrase?: string; gapLimit?: number },
  ): Promise<{ wallet: WalletService; receiveIndex: number; changeIndex: number }> {
    const normalized = validateMnemonic(mnemonic);
    const bip39Passphrase = options.bip39Passphrase ?? '';
    const account = WalletAccount.fromMnemonic(normalized, bip39Passphrase, options.params.addressPrefix);
    const api = options.api;
    const found = await discoverAddresses(
      account,
      (scripts) => api('areScriptsUsed', { scripts: scripts.map(p2pkScriptJson) }),
      options.gapLimit ?? DEFAULT_GAP_LIMIT,
    );
    const keystore = await WalletKeystore.create<WalletContents>(
      path,
      password,
      options.params.name,
      {
        kind: 'dagwallet-hd',
        mnemonic: normalized,
        bip39Passphrase,
        accountIndex: 0,
        receiveIndex: found.receiveIndex,
        changeIndex: found.changeIndex,
      },
      { kdf: options.kdf, autoLockMs: options.autoLockMs },
    );
    return { wallet: new WalletService(keystore, options.params, api), ...found };
  }

  static async open(path: string, password: string, options: WalletOpenOptions): Promise<WalletService> {
    const header = WalletKeystore.readHeader(path);
    if (header.network !== options.params.name) {
      throw new WalletError(
        'WRONG_NETWORK',
        `The wallet ${path} belongs to ${header.network}, not to ${options.params.name}.`,
      );
    }
    const keystore = await WalletKeystore.open<WalletContents>(path, password, { autoLockMs: options.autoLockMs });
    return new WalletService(keystore, options.params, options.api);
  }

  get params(): ConsensusParams {
    return this.#params;
  }

  /** The phrase, for an explicit reveal only. */
  revealMnemonic(): string {
    this.#keystore.touch();
    return this.#keystore.contents.mnemonic;
  }

  lock(): void {
    this.#keystore.lock();
  }

  /** Calls `listener` when the wallet locks (lock() or the idle timer); returns the unsubscribe. */
  onLock(listener: () => void): () => void {
    return this.#keystore.onLock(listener);
  }

  /** User activity: restarts the idle timer. */
  touch(): void {
    this.#keystore.touch();
  }

  /** WRONG_PASSWORD unless `password` opens the wallet file; changes nothing (one KDF run). */
  checkPassword(password: string): Promise<void> {
    return this.#keystore.verifyPassword(password);
  }

  /** Re-wraps the data key under a new password; the encrypted phrase itself is not rewritten. */
  changePassword(oldPassword: string, newPassword: string): Promise<void> {
    return this.#keystore.changePassword(oldPassword, newPassword);
  }

  #addresses(chain: Chain, upTo: number): WalletAddress[] {
    return Array.from({ length: upTo + LOOKAHEAD }, (_, i) => this.#account.address(chain, i));
  }

  /** Every address watched: those handed out and LOOKAHEAD beyond, on both chains. */
  watchedAddresses(): WalletAddress[] {
    const { receiveIndex, changeIndex } = this.#keystore.contents;
    return [...this.#addresses(RECEIVE_CHAIN, receiveIndex), ...this.#addresses(CHANGE_CHAIN, changeIndex)];
  }

  /** The receive address to show: the current one until something pays it, then the next. */
  async receiveAddress(): Promise<string> {
    return (await this.receiveAddressAt()).address;
  }

  /** The receive address and its index; `fresh` moves past the current one even if it is unused. */
  async receiveAddressAt(fresh = false): Promise<{ address: string; index: number }> {
    this.#keystore.touch();
    let index = this.#keystore.contents.receiveIndex;
    for (;;) {
      const address = this.#account.address(RECEIVE_CHAIN, index);
      const [used] = await this.#api('areScriptsUsed', { scripts: [scriptJson(address)] });
      if (!used) break;
      index++;
    }
    if (fresh) {
      await this.#assertWithinGapLimit(index + 1);
      index++;
    }
    if (index !== this.#keystore.contents.receiveIndex) {
      await this.#keystore.update((contents) => ({ ...contents, receiveIndex: index }));
    }
    return { address: this.#account.address(RECEIVE_CHAIN, index).address, index };
  }

  /**
   * A restore scans each chain until DEFAULT_GAP_LIMIT unused addresses follow the last used one,
   * so an address further out would hold coins the words cannot find again: `index` may be handed
   * out only while some address within the gap limit below it has been used (the first 20 need none).
   */
  async #assertWithinGapLimit(index: number): Promise<void> {
    const lowest = index - DEFAULT_GAP_LIMIT;
    if (lowest < 0) return;
    const below = Array.from({ length: DEFAULT_GAP_LIMIT }, (_, i) =>
      scriptJson(this.#account.address(RECEIVE_CHAIN, lowest + i)),
    );
    const used = await this.#api('areScriptsUsed', { scripts: below });
    if (used.some(Boolean)) return;
    throw new WalletError(
      'GAP_LIMIT_REACHED',
      `The last ${DEFAULT_GAP_LIMIT} addresses have not received anything yet. Use one of them first: a restore from the recovery phrase stops looking after ${DEFAULT_GAP_LIMIT} unused addresses in a row, so coins sent further out would not be found.`,
    );
  }

  async #coins(): Promise<{
    utxos: WalletUtxo[];
    pendingIncoming: bigint;
    virtualDaaScore: number;
    coinbaseMaturity: number;
  }> {
    const scripts = this.watchedAddresses().map(scriptJson);
    const [info, utxoJson, pool] = await Promise.all([
      this.#api('getInfo', {}),
      this.#api('getUtxosByScripts', { scripts }),
      this.#api('getMempoolEntries', { scripts }),
    ]);
    const ours = new Set(scripts);
    const spentByPool = new Set(pool.flatMap((entry) => entry.spends));
    let pendingIncoming = 0n;
    for (const entry of pool)
      for (const output of entry.outputs)
        if (ours.has(output.scriptPublicKey)) pendingIncoming += BigInt(output.amount);
    return {
      utxos: utxoJson.filter((utxo) => !spentByPool.has(utxo.outpoint)).map(utxoFromJson),
      pendingIncoming,
      virtualDaaScore: info.virtualDaaScore,
      coinbaseMaturity: info.coinbaseMaturity,
    };
  }

  async balance(): Promise<WalletBalance> {
    return walletBalance(await this.#coins());
  }

  async history(limit?: number): Promise<HistoryEntry[]> {
    const scripts = this.watchedAddresses().map(scriptJson);
    const [info, rows] = await Promise.all([this.#api('getInfo', {}), this.#api('getHistory', { scripts, limit })]);
    return walletHistory(
      rows.map((row) => ({
        scriptHex: bytesToHex(scriptFromJson(row.scriptPublicKey).script),
        transactionId: row.transactionId,
        acceptingBlock: row.acceptingBlock,
        acceptingBlueScore: row.acceptingBlueScore,
        timestamp: row.timestamp,
        received: BigInt(row.received),
        sent: BigInt(row.sent),
        fee: BigInt(row.fee),
        isCoinbase: row.isCoinbase,
      })),
      info.virtualBlueScore,
    );
  }

  /** The payment send() would make now (same coins, same builder, so the same fee); nothing is signed. */
  async plan(request: SendRequest): Promise<PaymentPlan> {
    this.#keystore.touch();
    return (await this.#planPayment(request)).plan;
  }

  /** The plan and the change index after the change addresses it takes. */
  async #planPayment(request: SendRequest): Promise<{ plan: PaymentPlan; changeIndex: number }> {
    const coins = await this.#coins();
    const balance = walletBalance(coins);
    let changeIndex = this.#keystore.contents.changeIndex;
    const plan = buildPayment({
      utxos: spendableUtxos(coins.utxos, coins.virtualDaaScore, coins.coinbaseMaturity),
      to: request.to,
      amount: request.amount,
      feeRate: request.feeRate,
      changeAddress: () => this.#account.address(CHANGE_CHAIN, changeIndex++),
      params: this.#params,
      unavailable: { immature: balance.immature, pending: balance.pending },
    });
    return { plan, changeIndex };
  }

  /**
   * Pays `to`: plans (compounding first when one transaction would be too heavy), signs every
   * transaction, submits them in order and remembers the change addresses it used.
   */
  async send(request: SendRequest): Promise<SendResult> {
    this.#keystore.touch();
    const { plan, changeIndex } = await this.#planPayment(request);
    const signed = signTransactions(plan.transactions, (scriptHex) => this.#account.secretKeyFor(scriptHex));
    // Change addresses are spent from the index on before anything is broadcast, so none is reused.
    await this.#keystore.update((contents) => ({ ...contents, changeIndex }));
    const transactionIds: string[] = [];
    for (const tx of signed) {
      try {
        const result = await this.#api('submitTransaction', { transaction: bytesToHex(encodeTransaction(tx)) });
        transactionIds.push(result.transactionId);
      } catch (error) {
        throw new WalletError(
          'SEND_INCOMPLETE',
          `${transactionIds.length} of ${signed.length} transactions were submitted (${transactionIds.join(', ') || 'none'}); ` +
            `the next was refused: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    return { transactionIds, fee: plan.fee, sent: plan.sent, change: plan.change };
  }
}
