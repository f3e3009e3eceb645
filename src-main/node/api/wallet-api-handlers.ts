import type { WalletApi, WalletHistoryEntryJson } from '../../../src-shared/api.ts';
import type { DagwalletNode } from '../node.ts';
import type { HostHistoryEntry, QuizAnswer, WalletHost } from '../wallet/wallet-host.ts';
import type { SendRequest } from '../wallet/wallet-service.ts';
import { badParams, optionalBoolean, paramsObject } from './params.ts';
import type { HandlersOf } from './node-api-handlers.ts';

/** Longest password accepted (a passphrase manager's output fits; a megabyte does not reach the KDF). */
export const MAX_PASSWORD_CHARS = 1_024;
/** Longest recovery-phrase text accepted (24 of the longest BIP39 words with generous spacing). */
export const MAX_WORDS_CHARS = 1_000;
export const MAX_QUIZ_ANSWERS = 24;
const MAX_QUIZ_WORD_CHARS = 100;
/** Longer than any address (decodeAddress stops at 128): pasted junk is refused here. */
const MAX_ADDRESS_CHARS = 1_000;
/** Sompi per gram: far above any fee a wallet would pay, low enough that a typo is caught. */
export const MAX_FEE_RATE = 10_000;
export const MAX_HISTORY_LIMIT = 10_000;
/** A u64 has at most 20 decimal digits; the builder checks the supply. */
const SOMPI_TEXT = /^(0|[1-9]\d{0,19})$/;

function secret(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > MAX_PASSWORD_CHARS)
    throw badParams(`${field} must be a string of at most ${MAX_PASSWORD_CHARS} characters`);
  return value;
}

function limit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_HISTORY_LIMIT)
    throw badParams(`limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}`);
  return value;
}

function address(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > MAX_ADDRESS_CHARS)
    throw badParams(`${field} must be an address (a string of at most ${MAX_ADDRESS_CHARS} characters)`);
  return value;
}

function quiz(value: unknown): QuizAnswer[] {
  if (!Array.isArray(value) || value.length > MAX_QUIZ_ANSWERS)
    throw badParams(`quiz must be a list of at most ${MAX_QUIZ_ANSWERS} answers`);
  return value.map((item: unknown, i): QuizAnswer => {
    const answer = paramsObject(item);
    const { position, word } = answer;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 1 || position > 24)
      throw badParams(`quiz[${i}].position must be a whole number from 1 to 24`);
    if (typeof word !== 'string' || word.length > MAX_QUIZ_WORD_CHARS)
      throw badParams(`quiz[${i}].word must be a string of at most ${MAX_QUIZ_WORD_CHARS} characters`);
    return { position, word };
  });
}

function sendRequest(input: Record<string, unknown>): SendRequest {
  const to = address(input.to, 'to');
  const amount = input.amount;
  if (typeof amount !== 'string' || (amount !== 'max' && !SOMPI_TEXT.test(amount)))
    throw badParams("amount must be a whole number of sompi in decimal, or 'max'");
  const feeRate = input.feeRate;
  if (
    feeRate !== undefined &&
    (typeof feeRate !== 'number' || !Number.isFinite(feeRate) || feeRate <= 0 || feeRate > MAX_FEE_RATE)
  )
    throw badParams(`feeRate must be a number of sompi per gram above 0 and at most ${MAX_FEE_RATE}`);
  return { to, amount: amount === 'max' ? 'max' : BigInt(amount), feeRate };
}

function historyJson(entry: HostHistoryEntry): WalletHistoryEntryJson {
  return {
    transactionId: entry.transactionId,
    status: entry.status,
    kind: entry.kind,
    acceptingBlock: entry.acceptingBlock,
    acceptingBlueScore: entry.acceptingBlueScore,
    timestamp: entry.timestamp,
    received: entry.received.toString(),
    sent: entry.sent.toString(),
    net: entry.net.toString(),
    fee: entry.fee === null ? null : entry.fee.toString(),
    confirmations: entry.confirmations,
    addresses: entry.addresses,
  };
}

/**
 * The hosted wallet's methods (`host`: the node's own, or one a test builds with a cheap KDF).
 * Params are checked here; the wallet's own errors (WRONG_PASSWORD, WALLET_LOCKED, QUIZ_MISMATCH,
 * INSUFFICIENT_FUNDS…) pass through with their codes. Amounts leave as decimal sompi strings.
 */
export function walletApiHandlers(node: DagwalletNode, host?: WalletHost): HandlersOf<WalletApi> {
  // The node builds its host after its handlers may be made: read it at call time.
  const wallet = (): WalletHost => host ?? node.wallet;
  return {
    async walletStatus(raw) {
      paramsObject(raw);
      return wallet().status();
    },
    async walletNewMnemonic(raw) {
      paramsObject(raw);
      return { words: wallet().newMnemonic() };
    },
    async walletCreate(raw) {
      const input = paramsObject(raw);
      const password = secret(input.password, 'password');
      return wallet().create(password, quiz(input.quiz));
    },
    async walletRestore(raw) {
      const input = paramsObject(raw);
      const words = input.words;
      if (typeof words !== 'string' || words.length > MAX_WORDS_CHARS)
        throw badParams(`words must be a string of at most ${MAX_WORDS_CHARS} characters`);
      const password = secret(input.password, 'password');
      const passphrase =
        input.bip39Passphrase === undefined ? undefined : secret(input.bip39Passphrase, 'bip39Passphrase');
      return wallet().restore(words, password, passphrase);
    },
    async walletUnlock(raw) {
      return wallet().unlock(secret(paramsObject(raw).password, 'password'));
    },
    async walletLock(raw) {
      paramsObject(raw);
      return wallet().lock();
    },
    async walletBalance(raw) {
      paramsObject(raw);
      const balance = await wallet().balance();
      return {
        spendable: balance.spendable.toString(),
        pending: balance.pending.toString(),
        immature: balance.immature.toString(),
        total: balance.total.toString(),
      };
    },
    async walletReceiveAddress(raw) {
      return wallet().receiveAddress(optionalBoolean(paramsObject(raw).fresh, 'fresh') ?? false);
    },
    async walletHistory(raw) {
      const entries = await wallet().history(limit(paramsObject(raw).limit));
      return entries.map(historyJson);
    },
    async walletHistoryCsv(raw) {
      paramsObject(raw);
      return wallet().historyCsv();
    },
    async checkAddress(raw) {
      return wallet().checkAddress(address(paramsObject(raw).address, 'address'));
    },
    async walletPlanSend(raw) {
      const plan = await wallet().planSend(sendRequest(paramsObject(raw)));
      return {
        to: plan.to,
        amount: plan.amount.toString(),
        fee: plan.fee.toString(),
        change: plan.change.toString(),
        total: plan.total.toString(),
        transactionCount: plan.transactionCount,
      };
    },
    async walletSend(raw) {
      const input = paramsObject(raw);
      const request = sendRequest(input);
      const result = await wallet().send(request, secret(input.password, 'password'));
      return {
        transactionIds: result.transactionIds,
        amount: result.sent.toString(),
        fee: result.fee.toString(),
        change: result.change.toString(),
      };
    },
    async walletRevealMnemonic(raw) {
      return { words: await wallet().revealMnemonic(secret(paramsObject(raw).password, 'password')) };
    },
    async walletChangePassword(raw) {
      const input = paramsObject(raw);
      const oldPassword = secret(input.oldPassword, 'oldPassword');
      const newPassword = secret(input.newPassword, 'newPassword');
      await wallet().changePassword(oldPassword, newPassword);
      return { changed: true };
    },
  };
}
