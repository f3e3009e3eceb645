import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AddressCheckJson,
  MethodParams,
  MethodResult,
  NodeMethod,
  WalletState,
  WalletStatus,
} from '../../../src-shared/api.ts';
import { type ApiHandlers, coreApiHandlers } from '../api/node-api-handlers.ts';
import { scriptToJson } from '../api/script-json.ts';
import { AddressError, AddressVersion, decodeAddress } from '../consensus/address.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import type { NodeEvents } from '../node-events.ts';
import type { DagwalletNode } from '../node.ts';
import type { WalletBalance } from './balance.ts';
import { generateMnemonic } from './derivation.ts';
import { WalletError } from './errors.ts';
import { historyCsv } from './history-csv.ts';
import { type AddressHistoryRow, type HistoryEntry, type HistoryKind, walletHistory } from './history.ts';
import { KeystoreError } from './keystore/errors.ts';
import type { KdfParams } from './keystore/kdf.ts';
import { DEFAULT_AUTO_LOCK_MS } from './keystore/wallet-keystore.ts';
import { pendingHistoryRows } from './pending-history.ts';
import { type ApiCall, type SendRequest, type SendResult, WalletService } from './wallet-service.ts';

/** How long the phrase of walletNewMnemonic waits for walletCreate. */
export const PENDING_MNEMONIC_MS = 15 * 60_000;
/** Distinct word positions walletCreate's quiz must answer. */
export const MIN_QUIZ_ANSWERS = 3;
const MNEMONIC_WORDS = 24;
/** Transactions the CSV export holds at most (the address index's limit per call). */
const CSV_MAX_TRANSACTIONS = 10_000;

export interface WalletHostOptions {
  /** The network's folder; the wallet lives at `<dir>/wallets/default.wallet`. */
  dir: string;
  params: ConsensusParams;
  /** walletStatusChanged goes out here; mempoolChanged comes in (first-seen times of pending transactions). */
  events: NodeEvents;
  /** The node's API, in process. */
  api: ApiCall;
  /** Idle time after which an unlocked wallet locks itself (default 15 minutes). */
  autoLockMs?: number;
  /** Key derivation for new wallet files (default: the keystore's); tests pass a cheap one. */
  kdf?: KdfParams;
  /** How long a new phrase waits for walletCreate (default 15 minutes). */
  pendingMnemonicMs?: number;
  now?: () => number;
}

export interface QuizAnswer {
  /** 1-based position in the phrase. */
  position: number;
  word: string;
}

/** One line of the UI's history: a confirmed transaction or one still in the mempool. */
export interface HostHistoryEntry {
  transactionId: string;
  status: 'pending' | 'confirmed';
  kind: HistoryKind;
  acceptingBlock: string | null;
  acceptingBlueScore: number | null;
  timestamp: number;
  received: bigint;
  sent: bigint;
  net: bigint;
  fee: bigint | null;
  confirmations: number;
  addresses: string[];
}

export interface SendPlanSummary {
  to: string;
  amount: bigint;
  fee: bigint;
  change: bigint;
  total: bigint;
  transactionCount: number;
}

/** The node's API as an ApiCall without a network hop (built on first use, when the node is whole). */
export function inProcessApi(node: DagwalletNode): ApiCall {
  // The wallet only reads the node's core methods (UTXOs, history, pool, submit).
  let handlers: Partial<ApiHandlers> | undefined;
  return <M extends NodeMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => {
    handlers ??= coreApiHandlers(node);
    const handler = handlers[method] as ((p: MethodParams<M>) => Promise<MethodResult<M>>) | undefined;
    if (!handler) throw new Error(`the wallet called '${method}', which is not a core method of the node`);
    return handler(params);
  };
}

const normalizedWord = (word: string): string => word.normalize('NFKD').trim().toLowerCase();

function listPositions(positions: number[]): string {
  const sorted = [...positions].sort((a, b) => a - b).map(String);
  return sorted.length === 1 ? `Word ${sorted[0]}` : `Words ${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)}`;
}

/** YYYY-MM-DD in local time, for file names. */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The one wallet a running node hosts for its UI, at `<networkDir>/wallets/default.wallet` (the
 * CLI's default wallet too). At most one WalletService is open, and only while unlocked: locking
 * (by the user, the idle timer or the node closing) drops it, with its keys, and every state
 * change is announced as walletStatusChanged. The phrase of walletNewMnemonic waits here, in the
 * node's memory only, until walletCreate proves it was written down.
 */
export class WalletHost {
  readonly file: string;
  readonly #params: ConsensusParams;
  readonly #events: NodeEvents;
  readonly #api: ApiCall;
  readonly #autoLockMs: number;
  readonly #kdf: KdfParams | undefined;
  readonly #pendingMnemonicMs: number;
  readonly #now: () => number;
  #service: WalletService | undefined;
  #stopListening: (() => void) | undefined;
  #receiveAddress: string | null = null;
  #pending: { mnemonic: string; timer: NodeJS.Timeout } | undefined;
  /** When the pool took each transaction it holds: the timestamp of a pending history entry. */
  readonly #firstSeen = new Map<string, number>();
  /** The pending entries the last history() showed, by transaction id (see #keepIncluded). */
  #pendingShown = new Map<string, { rows: AddressHistoryRow[]; sink?: string }>();
  /** Those of them the pool has since let go because a block included them. */
  readonly #included = new Set<string>();
  readonly #unsubscribe: () => void;
  /** Create, restore, unlock, send and change-password run one at a time. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: WalletHostOptions) {
    this.file = join(options.dir, 'wallets', 'default.wallet');
    this.#params = options.params;
    this.#events = options.events;
    this.#api = options.api;
    this.#autoLockMs = options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS;
    this.#kdf = options.kdf;
    this.#pendingMnemonicMs = options.pendingMnemonicMs ?? PENDING_MNEMONIC_MS;
    this.#now = options.now ?? Date.now;
    this.#unsubscribe = this.#events.on('mempoolChanged', (change) => {
      for (const entry of change.added) {
        this.#firstSeen.set(entry.id, entry.addedAt);
        this.#included.delete(entry.id);
      }
      for (const { id, reason } of change.removed) {
        this.#firstSeen.delete(id);
        if (reason === 'included' && this.#pendingShown.has(id)) this.#included.add(id);
      }
    });
  }

  get state(): WalletState {
    if (this.#service) return 'unlocked';
    return existsSync(this.file) ? 'locked' : 'none';
  }

  status(): WalletStatus {
    return {
      state: this.state,
      network: this.#params.name,
      file: this.file,
      receiveAddress: this.#service ? this.#receiveAddress : null,
      autoLockMinutes: this.#autoLockMs / 60_000,
    };
  }

  /**
   * A fresh 24-word phrase, replacing any pending one; it waits for create() for a limited time.
   * Refused (WALLET_EXISTS) once a wallet exists: words that could never become a wallet are not shown.
   */
  newMnemonic(): string[] {
    this.#refuseExisting();
    this.#dropPending();
    const mnemonic = generateMnemonic(MNEMONIC_WORDS);
    const timer = setTimeout(() => this.#dropPending(), this.#pendingMnemonicMs);
    timer.unref();
    this.#pending = { mnemonic, timer };
    return mnemonic.split(' ');
  }

  /** Creates the wallet from the pending phrase once `quiz` proves it was written down; leaves it unlocked. */
  create(password: string, quiz: readonly QuizAnswer[]): Promise<WalletStatus> {
    return this.#oneAtATime(async () => {
      this.#refuseExisting();
      const pending = this.#pending;
      if (!pending) {
        throw new WalletError(
          'NO_PENDING_MNEMONIC',
          'There is no new recovery phrase waiting (none was made, it expired after ' +
            `${Math.round(this.#pendingMnemonicMs / 60_000)} minutes, or it was used): start again.`,
        );
      }
      checkQuiz(pending.mnemonic.split(' '), quiz);
      const { wallet } = await this.#existsAsWalletExists(() =>
        WalletService.create(this.file, password, { ...this.#serviceOptions(), mnemonic: pending.mnemonic }),
      );
      if (this.#pending === pending) this.#dropPending();
      return this.#adopt(wallet);
    });
  }

  /** Restores from 12 or 24 words, finding the addresses already used; leaves it unlocked. */
  restore(words: string, password: string, bip39Passphrase = ''): Promise<WalletStatus> {
    return this.#oneAtATime(async () => {
      this.#refuseExisting();
      const { wallet } = await this.#existsAsWalletExists(() =>
        WalletService.restore(this.file, password, words, { ...this.#serviceOptions(), bip39Passphrase }),
      );
      this.#dropPending();
      return this.#adopt(wallet);
    });
  }

  /** WRONG_PASSWORD (the keystore's error, as it is) leaves the state as it was. */
  unlock(password: string): Promise<WalletStatus> {
    return this.#oneAtATime(async () => {
      this.#open();
      if (this.#service) {
        await this.#service.checkPassword(password);
        this.#service.touch();
        return this.status();
      }
      this.#requireFile();
      return this.#adopt(await WalletService.open(this.file, password, this.#serviceOptions()));
    });
  }

  lock(): WalletStatus {
    this.#service?.lock(); // the lock listener drops it and announces the change
    return this.status();
  }

  async balance(): Promise<WalletBalance> {
    return this.#unlocked().balance();
  }

  /** The current receive address; `fresh` moves on to a new one. */
  async receiveAddress(fresh = false): Promise<{ address: string; index: number }> {
    const service = this.#unlocked();
    const result = await service.receiveAddressAt(fresh);
    if (this.#service === service && result.address !== this.#receiveAddress) {
      this.#receiveAddress = result.address;
      this.#announce();
    }
    return result;
  }

  /** Newest first, the pool's transactions on top; at most `limit` entries. */
  async history(limit?: number): Promise<HostHistoryEntry[]> {
    const service = this.#unlocked();
    const watched = service.watchedAddresses();
    const scriptHexOf = new Map(watched.map((a) => [scriptToJson(a.scriptPublicKey), a.scriptHex]));
    const addressOf = new Map(watched.map((a) => [a.scriptHex, a.address]));
    const scripts = [...scriptHexOf.keys()];
    const [confirmed, pool, info] = await Promise.all([
      service.history(limit),
      this.#api('getMempoolEntries', { scripts }),
      this.#api('getInfo', {}),
    ]);
    const utxos = pool.length === 0 ? [] : await this.#api('getUtxosByScripts', { scripts });
    const seen = new Set(confirmed.map((entry) => entry.transactionId));
    const inPool = pendingHistoryRows(
      pool.filter((entry) => !seen.has(entry.transactionId)),
      scriptHexOf,
      utxos,
      (id) => this.#firstSeenOf(id),
    );
    const pending = walletHistory(this.#keepIncluded(inPool, seen, info.sink), 0);
    const addresses = (entry: HistoryEntry) =>
      entry.scriptHexes.flatMap((hex) => {
        const address = addressOf.get(hex);
        return address === undefined ? [] : [address];
      });
    const entries: HostHistoryEntry[] = [
      ...pending.map((entry): HostHistoryEntry => ({
        ...common(entry, addresses(entry)),
        status: 'pending',
        acceptingBlock: null,
        acceptingBlueScore: null,
        confirmations: 0,
      })),
      ...confirmed.map((entry): HostHistoryEntry => ({
        ...common(entry, addresses(entry)),
        status: 'confirmed',
        acceptingBlock: entry.acceptingBlock,
        acceptingBlueScore: entry.acceptingBlueScore,
        confirmations: entry.confirmations,
      })),
    ];
    return limit === undefined ? entries : entries.slice(0, limit);
  }

  /** The confirmed history as CSV (history-csv.ts) and a file name to save it under. */
  async historyCsv(): Promise<{ csv: string; fileName: string }> {
    const entries = await this.#unlocked().history(CSV_MAX_TRANSACTIONS);
    return {
      csv: historyCsv(entries),
      fileName: `dagwallet-${this.#params.name}-history-${localDate(this.#now())}.csv`,
    };
  }

  /** Does `text` parse as an address, and is it this node's network? Needs no wallet. */
  checkAddress(text: string): AddressCheckJson {
    const address = text.trim();
    try {
      const decoded = decodeAddress(address);
      if (decoded.prefix !== this.#params.addressPrefix) {
        return {
          valid: false,
          code: 'WRONG_NETWORK',
          reason:
            `This is a "${decoded.prefix}:" address, for another network; this node is on ${this.#params.name}, ` +
            `whose addresses start with "${this.#params.addressPrefix}:".`,
        };
      }
      const kind =
        decoded.version === AddressVersion.PubKey
          ? 'p2pk-schnorr'
          : decoded.version === AddressVersion.PubKeyECDSA
            ? 'p2pk-ecdsa'
            : 'p2sh';
      return { valid: true, address, kind };
    } catch (error) {
      if (error instanceof AddressError) return { valid: false, code: error.code, reason: error.message };
      throw error;
    }
  }

  /** What send() would do now, with the same code path (the fee shown is the fee paid); nothing is signed. */
  async planSend(request: SendRequest): Promise<SendPlanSummary> {
    const plan = await this.#unlocked().plan(request);
    return {
      to: request.to.trim(),
      amount: plan.sent,
      fee: plan.fee,
      change: plan.change,
      total: plan.sent + plan.fee,
      transactionCount: plan.transactions.length,
    };
  }

  /** Checks the password first (WRONG_PASSWORD: nothing is signed or sent), then plans, signs and submits. */
  send(request: SendRequest, password: string): Promise<SendResult> {
    return this.#oneAtATime(async () => {
      const service = this.#unlocked();
      await service.checkPassword(password);
      const result = await service.send(request);
      const now = this.#now();
      for (const id of result.transactionIds) if (!this.#firstSeen.has(id)) this.#firstSeen.set(id, now);
      return result;
    });
  }

  /** The phrase, after the password is checked again. */
  async revealMnemonic(password: string): Promise<string[]> {
    const service = this.#unlocked();
    await service.checkPassword(password);
    return service.revealMnemonic().split(' ');
  }

  /** Works locked or unlocked: the old password is all it needs. The state stays as it was. */
  changePassword(oldPassword: string, newPassword: string): Promise<void> {
    return this.#oneAtATime(async () => {
      this.#open();
      if (this.#service) return this.#service.changePassword(oldPassword, newPassword);
      this.#requireFile();
      const wallet = await WalletService.open(this.file, oldPassword, {
        ...this.#serviceOptions(),
        autoLockMs: Number.POSITIVE_INFINITY,
      });
      try {
        await wallet.changePassword(oldPassword, newPassword);
      } finally {
        wallet.lock();
      }
    });
  }

  /** Locks the wallet and forgets the pending phrase; the node calls it when it closes. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#dropPending();
    this.lock();
    this.#unsubscribe();
  }

  #serviceOptions() {
    return { params: this.#params, api: this.#api, kdf: this.#kdf, autoLockMs: this.#autoLockMs };
  }

  async #adopt(service: WalletService): Promise<WalletStatus> {
    let receive: string;
    try {
      receive = (await service.receiveAddressAt()).address;
      this.#open();
    } catch (error) {
      service.lock();
      throw error;
    }
    this.#service?.lock();
    this.#service = service;
    this.#receiveAddress = receive;
    this.#pendingShown = new Map();
    this.#included.clear();
    this.#stopListening = service.onLock(() => {
      if (this.#service !== service) return;
      this.#stopListening?.();
      this.#service = undefined;
      this.#stopListening = undefined;
      this.#receiveAddress = null;
      this.#announce();
    });
    this.#announce();
    return this.status();
  }

  #announce(): void {
    this.#events.emit('walletStatusChanged', this.status());
  }

  #unlocked(): WalletService {
    if (this.#service) return this.#service;
    if (this.state === 'none') throw noWallet();
    throw new WalletError('WALLET_LOCKED', 'The wallet is locked; unlock it with its password first.');
  }

  #requireFile(): void {
    if (!existsSync(this.file)) throw noWallet();
  }

  #refuseExisting(): void {
    this.#open();
    if (existsSync(this.file)) throw walletExists(this.file);
  }

  async #existsAsWalletExists<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof KeystoreError && error.code === 'ALREADY_EXISTS') throw walletExists(this.file);
      throw error;
    }
  }

  #open(): void {
    if (this.#closed) throw new WalletError('WALLET_LOCKED', 'The node is shutting down; the wallet stays locked.');
  }

  #dropPending(): void {
    if (!this.#pending) return;
    clearTimeout(this.#pending.timer);
    this.#pending = undefined;
  }

  /**
   * The address index writes a transaction's history when a chain block accepts it, and a block
   * accepts what its selected parent (and the rest of its mergeset) carried; the sink's own
   * transactions are accepted only by the virtual. So a payment leaves the pool one block before
   * it enters the history. Until the sink moves on, an entry shown as pending that a block has
   * since included is kept, as it was shown (its spent outputs are gone from the UTXO set), so
   * it never vanishes in between.
   */
  #keepIncluded(rows: AddressHistoryRow[], confirmed: ReadonlySet<string>, sink: string): AddressHistoryRow[] {
    const shown = new Map<string, { rows: AddressHistoryRow[]; sink?: string }>();
    for (const row of rows) {
      const entry = shown.get(row.transactionId);
      if (entry) entry.rows.push(row);
      else shown.set(row.transactionId, { rows: [row] });
    }
    for (const [id, before] of this.#pendingShown) {
      if (shown.has(id) || confirmed.has(id) || !this.#included.has(id)) continue;
      const includedAt = before.sink ?? sink;
      if (includedAt === sink) shown.set(id, { rows: before.rows, sink: includedAt });
    }
    this.#pendingShown = shown;
    for (const id of this.#included) if (!shown.has(id)) this.#included.delete(id);
    return [...shown.values()].flatMap((entry) => entry.rows);
  }

  #firstSeenOf(id: string): number {
    let time = this.#firstSeen.get(id);
    if (time === undefined) this.#firstSeen.set(id, (time = this.#now()));
    return time;
  }

  #oneAtATime<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function noWallet(): WalletError {
  return new WalletError('NO_WALLET', 'This node has no wallet yet: create one or restore one from its words.');
}

function walletExists(file: string): WalletError {
  return new WalletError(
    'WALLET_EXISTS',
    `A wallet already exists at ${file}; it is never replaced. Unlock it, or move the file away first.`,
  );
}

function common(entry: HistoryEntry, addresses: string[]) {
  return {
    transactionId: entry.transactionId,
    kind: entry.kind,
    timestamp: entry.timestamp,
    received: entry.received,
    sent: entry.sent,
    net: entry.net,
    fee: entry.fee ?? null,
    addresses,
  };
}

/**
 * At least MIN_QUIZ_ANSWERS distinct positions, each answered with the phrase's word there.
 * A wrong answer is named by its position only: the words never appear in a message.
 */
function checkQuiz(words: readonly string[], quiz: readonly QuizAnswer[]): void {
  const positions = new Set<number>();
  const wrong = new Set<number>();
  for (const { position, word } of quiz) {
    if (!Number.isInteger(position) || position < 1 || position > words.length) {
      throw new WalletError('QUIZ_MISMATCH', `Word positions run from 1 to ${words.length}.`);
    }
    positions.add(position);
    if (typeof word !== 'string' || normalizedWord(word) !== words[position - 1]) wrong.add(position);
  }
  if (positions.size < MIN_QUIZ_ANSWERS) {
    throw new WalletError(
      'QUIZ_MISMATCH',
      `Type back at least ${MIN_QUIZ_ANSWERS} different words of the phrase to show it was written down.`,
    );
  }
  if (wrong.size > 0) {
    const verb = wrong.size === 1 ? 'does' : 'do';
    throw new WalletError(
      'QUIZ_MISMATCH',
      `${listPositions([...wrong])} ${verb} not match the phrase; check what you wrote down and try again.`,
    );
  }
}
