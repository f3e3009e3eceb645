/**
 * What main lets through from the renderer to the node: a known method, params a plain JSON
 * object within a size bound, every field of the method's params checked for type, length and
 * range. The renderer is our own code, but it renders data from the network (addresses, peer
 * user agents, payloads): if it were ever subverted, this is the fence between it and the node.
 *
 * The rules are coarse on purpose: types and generous bounds, never the node's semantics (an
 * address's checksum, a password's strength), so the node keeps giving its own, precise errors.
 * Both the method list and the rules table fail to compile when NodeApi gains a method, and the
 * rules also when a method's params gain a field.
 */
import {
  isNotificationEvent,
  type MethodParams,
  type NodeMethod,
  type NotificationEvent,
} from '../../../src-shared/api.ts';
import { IpcRefusal } from './ipc-error.ts';

/** Every method of NodeApi, for checking a call at run time. */
export const NODE_METHODS = [
  // core
  'getInfo',
  'getUtxosByScripts',
  'getHistory',
  'areScriptsUsed',
  'getMempoolEntries',
  'submitTransaction',
  'getBlockTemplate',
  'submitBlock',
  'startMining',
  'stopMining',
  'getConnectedPeerInfo',
  'getPeerAddresses',
  'addPeer',
  'ban',
  'unban',
  // Kaspa's RPC set
  'getBlockDagInfo',
  'getBlocks',
  'getHeaders',
  'getMempoolEntry',
  'getVirtualChainFromBlock',
  'getSink',
  'getSinkBlueScore',
  'getUtxosByAddresses',
  'getBalanceByAddress',
  'getBalancesByAddresses',
  'getCoinSupply',
  'getFeeEstimate',
  'shutDown',
  // wallet
  'walletStatus',
  'walletNewMnemonic',
  'walletCreate',
  'walletRestore',
  'walletUnlock',
  'walletLock',
  'walletBalance',
  'walletReceiveAddress',
  'walletHistory',
  'walletHistoryCsv',
  'checkAddress',
  'walletPlanSend',
  'walletSend',
  'walletRevealMnemonic',
  'walletChangePassword',
  // explorer
  'getBlock',
  'getTransaction',
  'getAddressInfo',
  'search',
  'getRecentBlocks',
  'getDagBlocks',
  'estimateNetworkHashesPerSecond',
  // host
  'getLogs',
  'getSettings',
  'updateSettings',
  'getStorageInfo',
] as const satisfies readonly NodeMethod[];
// Fails to compile when a method is added to NodeApi but not to the list above.
const _everyMethodListed: [Exclude<NodeMethod, (typeof NODE_METHODS)[number]>] extends [never] ? true : never = true;

export function isNodeMethod(value: unknown): value is NodeMethod {
  return typeof value === 'string' && (NODE_METHODS as readonly string[]).includes(value);
}

/**
 * Methods NodeApi has that the renderer may not call. shutDown: the app's main process owns the
 * node's lifetime (it starts the node's host and stops it on quit), so the window cannot end it.
 */
export const RENDERER_REFUSED_METHODS: ReadonlySet<NodeMethod> = new Set<NodeMethod>(['shutDown']);

// ---- Rules ----

export interface StringRule {
  type: 'string';
  maxLength: number;
  minLength?: number;
  /** Checked after the length, so a long string never reaches the regex. */
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  patternHint?: string;
}
export interface IntegerRule {
  type: 'integer';
  min: number;
  max: number;
}
export interface NumberRule {
  type: 'number';
  min: number;
  max: number;
}
export interface BooleanRule {
  type: 'boolean';
}
export interface ListRule<Item> {
  type: 'list';
  maxItems: number;
  items: RuleFor<Item>;
}
export interface ObjectRule<Shape> {
  type: 'object';
  fields: FieldsOf<Shape>;
}

/** The rule a value of type T takes: the table cannot give a string rule to a number. */
export type RuleFor<T> = [T] extends [string]
  ? StringRule
  : [T] extends [number]
    ? IntegerRule | NumberRule
    : [T] extends [boolean]
      ? BooleanRule
      : [T] extends [readonly (infer Item)[]]
        ? ListRule<Item>
        : [T] extends [object]
          ? ObjectRule<T>
          : never;

/** An optional field must say so, a nullable one too; a required one may not. */
type Presence<Shape, K extends keyof Shape> = (object extends Pick<Shape, K>
  ? { optional: true }
  : { optional?: never }) &
  (null extends Shape[K] ? { nullable: true } : { nullable?: never });

/** One rule per field of the params, no more, no less (`Record<string, never>`: no fields). */
export type FieldsOf<Shape> = string extends keyof Shape
  ? Record<string, never>
  : { [K in keyof Shape]-?: RuleFor<Exclude<Shape[K], null | undefined>> & Presence<Shape, K> };

export type ParamsRules = { [M in NodeMethod]: FieldsOf<MethodParams<M>> };

// ---- Bounds ----

/** Characters of a call's params (as JSON, roughly): a block's hex and some room. */
export const MAX_PARAMS_CHARS = 4 * 1024 * 1024 + 4096;
/** Nesting of params: the deepest NodeApi params are three levels deep. */
const MAX_DEPTH = 8;

const HEX = /^(?:[0-9a-f]{2})*$/;
const hex = (maxLength: number): StringRule => ({
  type: 'string',
  maxLength,
  pattern: HEX,
  patternHint: 'lowercase hex',
});
/** A script as the API writes it: 2 version bytes then at most 10,000 script bytes (script-json.ts). */
const script: StringRule = {
  type: 'string',
  minLength: 4,
  maxLength: 4 + 2 * 10_000,
  pattern: HEX,
  patternHint: 'hex',
};
const scripts: ListRule<string> = { type: 'list', maxItems: 10_000, items: script };
/** Addresses and hashes the node checks itself (network, checksum, known or not): bounded only. */
const addresses: ListRule<string> = { type: 'list', maxItems: 10_000, items: { type: 'string', maxLength: 256 } };
/** A name the node checks itself (an address, a peer id, a multiaddr): bounded only. */
const name = (maxLength = 256): StringRule => ({ type: 'string', minLength: 1, maxLength });
/** Text typed by the user; the node says what is wrong with it. */
const typed = (maxLength: number): StringRule => ({ type: 'string', maxLength });
const password: StringRule = typed(1024);
const int = (min: number, max: number): IntegerRule => ({ type: 'integer', min, max });
/** Decimal sompi (u64) or 'max'. */
const amount: StringRule = {
  type: 'string',
  minLength: 1,
  maxLength: 32,
  pattern: /^(?:\d+|max)$/,
  patternHint: 'digits or max',
};
const PATH_CHARS = 4096;

/** The rules for every method's params. */
export const PARAMS_RULES: ParamsRules = {
  // core
  getInfo: {},
  getUtxosByScripts: { scripts },
  getHistory: { scripts, limit: { ...int(1, 10_000), optional: true } },
  areScriptsUsed: { scripts },
  getMempoolEntries: { scripts: { ...scripts, optional: true } },
  submitTransaction: { transaction: hex(2 * 1024 * 1024) },
  getBlockTemplate: { payAddress: name(200) },
  submitBlock: { block: hex(4 * 1024 * 1024) },
  startMining: { address: name(200), threads: { ...int(1, 256), optional: true } },
  stopMining: {},
  getConnectedPeerInfo: {},
  getPeerAddresses: {},
  addPeer: { address: name(200) },
  ban: {
    peerId: name(200),
    reason: { ...name(200), optional: true },
    durationMs: { ...int(1, Number.MAX_SAFE_INTEGER), optional: true },
  },
  unban: { target: name(200) },
  // Kaspa's RPC set
  getBlockDagInfo: {},
  getBlocks: {
    lowHash: { ...typed(256), optional: true },
    includeBlocks: { type: 'boolean', optional: true },
    limit: { ...int(1, 1_000), optional: true },
  },
  getHeaders: {
    startHash: typed(256),
    limit: { ...int(1, 1_000), optional: true },
    isAscending: { type: 'boolean', optional: true },
  },
  getMempoolEntry: { transactionId: typed(256), includeOrphanPool: { type: 'boolean', optional: true } },
  getVirtualChainFromBlock: {
    startHash: typed(256),
    includeAcceptedTransactionIds: { type: 'boolean', optional: true },
  },
  getSink: {},
  getSinkBlueScore: {},
  getUtxosByAddresses: { addresses },
  getBalanceByAddress: { address: typed(256) },
  getBalancesByAddresses: { addresses },
  getCoinSupply: {},
  getFeeEstimate: {},
  shutDown: {},
  // wallet
  walletStatus: {},
  walletNewMnemonic: {},
  walletCreate: {
    password,
    quiz: {
      type: 'list',
      maxItems: 24,
      items: { type: 'object', fields: { position: int(1, 24), word: typed(64) } },
    },
  },
  walletRestore: { words: typed(1024), password, bip39Passphrase: { ...typed(1024), optional: true } },
  walletUnlock: { password },
  walletLock: {},
  walletBalance: {},
  walletReceiveAddress: { fresh: { type: 'boolean', optional: true } },
  walletHistory: { limit: { ...int(1, 100_000), optional: true } },
  walletHistoryCsv: {},
  checkAddress: { address: typed(256) },
  walletPlanSend: {
    to: typed(256),
    amount,
    feeRate: { type: 'number', min: 0, max: 1_000_000, optional: true },
  },
  walletSend: {
    to: typed(256),
    amount,
    feeRate: { type: 'number', min: 0, max: 1_000_000, optional: true },
    password,
  },
  walletRevealMnemonic: { password },
  walletChangePassword: { oldPassword: password, newPassword: password },
  // explorer
  getBlock: { hash: typed(256) },
  getTransaction: { transactionId: typed(256) },
  getAddressInfo: { address: typed(256), limit: { ...int(1, 10_000), optional: true } },
  search: { query: typed(1024) },
  getRecentBlocks: { limit: { ...int(1, 200), optional: true } },
  getDagBlocks: { limit: { ...int(1, 2_000), optional: true } },
  estimateNetworkHashesPerSecond: { windowSize: { ...int(1, 100_000), optional: true } },
  // host
  getLogs: {
    limit: { ...int(1, 1_000), optional: true },
    afterSeq: { ...int(0, Number.MAX_SAFE_INTEGER), optional: true },
  },
  getSettings: {},
  updateSettings: {
    network: { ...name(32), optional: true },
    dataDir: { ...name(PATH_CHARS), optional: true },
    rpcPort: { ...int(0, 65_535), optional: true },
    listen: { type: 'list', maxItems: 64, items: name(256), optional: true },
    peers: { type: 'list', maxItems: 256, items: name(256), optional: true },
    mdns: { type: 'boolean', optional: true },
    outboundPeers: { ...int(0, 64), optional: true },
    mining: {
      type: 'object',
      optional: true,
      fields: { address: { ...name(200), nullable: true }, threads: int(1, 256) },
    },
  },
  getStorageInfo: { path: { ...name(PATH_CHARS), optional: true } },
};

// ---- Checking ----

type AnyRule =
  | StringRule
  | IntegerRule
  | NumberRule
  | BooleanRule
  | { type: 'list'; maxItems: number; items: AnyRule }
  | { type: 'object'; fields: Record<string, AnyField> };
type AnyField = AnyRule & { optional?: boolean; nullable?: boolean };

function refuse(message: string): never {
  throw new IpcRefusal('BAD_PARAMS', message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks that `value` is JSON-shaped (what structured clone may carry beyond that, Maps, Dates,
 * typed arrays, is refused) and not deeper or larger than the bounds; stops counting as soon as
 * it is too large. Undefined object fields count as absent, as in JSON.
 */
export function checkJsonShape(value: unknown, maxChars = MAX_PARAMS_CHARS): void {
  let chars = 0;
  const add = (count: number) => {
    chars += count;
    if (chars > maxChars) throw new IpcRefusal('BAD_REQUEST', `params are larger than ${maxChars} characters`);
  };
  const walk = (item: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) throw new IpcRefusal('BAD_REQUEST', `params nest deeper than ${MAX_DEPTH} levels`);
    if (item === null || typeof item === 'boolean') return add(5);
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new IpcRefusal('BAD_REQUEST', 'params hold a number JSON cannot carry');
      return add(24);
    }
    if (typeof item === 'string') return add(item.length + 2);
    if (Array.isArray(item)) {
      if (Object.getPrototypeOf(item) !== Array.prototype)
        throw new IpcRefusal('BAD_REQUEST', 'params hold something JSON cannot carry');
      add(2);
      for (let i = 0; i < item.length; i++) {
        if (item[i] === undefined) throw new IpcRefusal('BAD_REQUEST', 'params hold a list with a hole in it');
        add(1);
        walk(item[i], depth + 1);
      }
      return;
    }
    if (isPlainObject(item)) {
      add(2);
      for (const key of Object.keys(item)) {
        if (item[key] === undefined) continue;
        add(key.length + 4);
        walk(item[key], depth + 1);
      }
      return;
    }
    throw new IpcRefusal('BAD_REQUEST', 'params hold something JSON cannot carry');
  };
  walk(value, 0);
}

function checkRule(value: unknown, rule: AnyRule, path: string): void {
  switch (rule.type) {
    case 'string': {
      const min = rule.minLength ?? 0;
      if (typeof value !== 'string') refuse(`${path} must be a string`);
      if (value.length < min || value.length > rule.maxLength)
        refuse(
          min > 0
            ? `${path} must be ${min} to ${rule.maxLength} characters long`
            : `${path} must be at most ${rule.maxLength} characters long`,
        );
      if (rule.pattern && !rule.pattern.test(value)) refuse(`${path} must be ${rule.patternHint ?? 'well-formed'}`);
      return;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max)
        refuse(`${path} must be a whole number from ${rule.min} to ${rule.max}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max)
        refuse(`${path} must be a number from ${rule.min} to ${rule.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') refuse(`${path} must be true or false`);
      return;
    case 'list':
      if (!Array.isArray(value)) refuse(`${path} must be a list`);
      if (value.length > rule.maxItems) refuse(`${path} may hold at most ${rule.maxItems} items`);
      value.forEach((item, i) => checkRule(item, rule.items, `${path}[${i}]`));
      return;
    case 'object':
      if (!isPlainObject(value)) refuse(`${path} must be an object`);
      checkFields(value, rule.fields, path);
      return;
  }
}

function checkFields(value: Record<string, unknown>, fields: Record<string, AnyField>, path: string): void {
  for (const key of Object.keys(value))
    if (value[key] !== undefined && !Object.hasOwn(fields, key)) refuse(`${path} has no field '${key}'`);
  for (const [key, field] of Object.entries(fields)) {
    const item = value[key];
    const where = `${path}.${key}`;
    if (item === undefined) {
      if (!field.optional) refuse(`${where} is required`);
      continue;
    }
    if (item === null) {
      if (!field.nullable) refuse(`${where} may not be null`);
      continue;
    }
    checkRule(item, field, where);
  }
}

/** A call main may forward: a known method the renderer may call, params that pass its rules; otherwise an IpcRefusal. */
export function checkCall<M extends NodeMethod>(
  method: unknown,
  params: unknown,
  maxChars = MAX_PARAMS_CHARS,
): { method: M; params: MethodParams<M> } {
  if (!isNodeMethod(method))
    throw new IpcRefusal(
      'UNKNOWN_METHOD',
      typeof method === 'string' ? `no method '${method.slice(0, 64)}'` : 'the method must be a name',
    );
  if (RENDERER_REFUSED_METHODS.has(method))
    throw new IpcRefusal(
      'UNAUTHORIZED',
      `'${method}' is not the window's to call: the app decides when the node stops`,
    );
  if (!isPlainObject(params)) throw new IpcRefusal('BAD_REQUEST', 'params must be an object');
  checkJsonShape(params, maxChars);
  checkFields(params, PARAMS_RULES[method] as Record<string, AnyField>, 'params');
  return { method: method as M, params: params as MethodParams<M> };
}

/** An event the renderer may subscribe to; otherwise an IpcRefusal (BAD_PARAMS, as the node answers). */
export function checkEvent(event: unknown): NotificationEvent {
  if (!isNotificationEvent(event))
    throw new IpcRefusal(
      'BAD_PARAMS',
      typeof event === 'string' ? `no notification '${event.slice(0, 64)}'` : 'the event must be a name',
    );
  return event;
}

/** Addresses one window may name in one utxosChanged request (the node's bound per connection). */
const MAX_WATCHED_ADDRESSES = 10_000;
const watchedAddresses: ListRule<string> = { type: 'list', maxItems: MAX_WATCHED_ADDRESSES, items: name(200) };

/**
 * A subscribe or unsubscribe the renderer may forward: a known event, and options only for
 * utxosChanged, `{ addresses }` (required to subscribe; without it, unsubscribing drops them all).
 * Returns the addresses, when named; otherwise an IpcRefusal (BAD_PARAMS, as the node answers).
 */
export function checkSubscription(
  event: unknown,
  options: unknown,
  method: 'subscribe' | 'unsubscribe',
): { event: NotificationEvent; addresses?: string[] } {
  const known = checkEvent(event);
  if (known !== 'utxosChanged') {
    if (options !== undefined) refuse(`${known} takes no options`);
    return { event: known };
  }
  if (options === undefined && method === 'unsubscribe') return { event: known };
  if (!isPlainObject(options)) refuse('utxosChanged needs options: { addresses }');
  checkJsonShape(options);
  const addresses = { ...watchedAddresses, optional: method === 'unsubscribe' } as AnyField;
  checkFields(options, { addresses }, 'options');
  const list = options.addresses as string[] | undefined;
  if (method === 'subscribe' && list?.length === 0) refuse('options.addresses must name at least one address');
  return list === undefined ? { event: known } : { event: known, addresses: list };
}
