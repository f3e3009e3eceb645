import type { NotificationMap, UtxoByAddressJson } from '../../../../src-shared/api.ts';
import {
  AddressError,
  type AddressPrefix,
  addressToScriptPublicKey,
  decodeAddress,
  encodeAddress,
} from '../../consensus/address.ts';
import type { ScriptPublicKey } from '../../consensus/model/transaction.ts';
import type { AddressIndex } from '../../index/address-index.ts';
import { scriptKeyHex } from '../../index/script-keys.ts';
import type { NodeEvents } from '../../node-events.ts';
import { ApiError } from '../api-error.ts';
import { scriptToJson } from '../script-json.ts';

export type UtxosChangedPayload = NotificationMap['utxosChanged'];

/** Addresses one subscriber may watch unless told otherwise (rusty-kaspa has no bound; a flood must not pass). */
export const MAX_WATCHED_ADDRESSES = 10_000;
/** Longest address text quoted back in an error. */
const QUOTED_CHARS = 100;

/** One subscriber's addresses: it hears the changes of these, and of no others. */
export interface UtxoWatcher {
  /**
   * Watches `addresses` too (this network's, as text). All or nothing: one bad address, or more
   * than the watcher's bound in all, is an ApiError BAD_PARAMS naming it, and none is added.
   * Returns how many addresses the watcher now watches.
   */
  add(addresses: unknown): number;
  /** Stops watching `addresses` (ones it did not watch are ignored), or all of them without; returns how many are left. */
  remove(addresses?: unknown): number;
  readonly size: number;
  /** Stops watching everything; the listener hears nothing more. */
  close(): void;
}

/** Per-subscriber utxosChanged: what a transport asks for when a client names its addresses. */
export interface UtxoWatchSource {
  watchUtxos(listener: (change: UtxosChangedPayload) => void, options?: { maxAddresses?: number }): UtxoWatcher;
}

/** The node parts the feed reads: the address index, the node's events and the network's prefix. */
export interface UtxoChangeNode {
  readonly params: { readonly addressPrefix: string };
  readonly index: Pick<AddressIndex, 'utxosByScripts'>;
  readonly events: Pick<NodeEvents, 'on'>;
}

/** One watched address: who watches it, and its unspent outputs when last looked at. */
interface Watched {
  address: string;
  script: ScriptPublicKey;
  refs: number;
  /** By outpoint; `signature` tells a changed entry (a reorg re-stamping its DAA score) from the same one. */
  snapshot: Map<string, { json: UtxoByAddressJson; signature: string }>;
}

interface WatcherState {
  addresses: Set<string>;
  listener: (change: UtxosChangedPayload) => void;
  max: number;
  closed: boolean;
}

function signatureOf(json: UtxoByAddressJson): string {
  return `${json.amount}/${json.blockDaaScore}/${json.isCoinbase}`;
}

function quoted(value: unknown): string {
  const text = String(value);
  return text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
}

function addressList(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ApiError('BAD_PARAMS', `${field} must be a list of addresses`);
  return value;
}

/**
 * utxosChanged by address (rusty-kaspa's UtxosChanged notification): for every address someone
 * watches, the feed keeps the address's unspent outputs in the virtual's UTXO set as last seen,
 * and after every change of the virtual (a block accepted, the selected chain moving) reads them
 * again from the address index and tells each watcher what appeared and what went among its own
 * addresses. A reorganisation needs nothing special: outputs the new chain no longer has come as
 * removed, coins it gives back as added. Each look costs one indexed query over the watched
 * addresses' outputs, whatever the size of the UTXO set; changes arriving in one turn of the
 * event loop (a burst of blocks) are looked at once.
 */
export class UtxoChangeFeed implements UtxoWatchSource {
  readonly #node: UtxoChangeNode;
  readonly #prefix: AddressPrefix;
  /** By address text (this network's canonical encoding). */
  readonly #watched = new Map<string, Watched>();
  readonly #watchers = new Set<WatcherState>();
  #offEvents: (() => void) | undefined;
  #pending: NodeJS.Immediate | undefined;
  #closed = false;

  constructor(node: UtxoChangeNode) {
    this.#node = node;
    this.#prefix = node.params.addressPrefix as AddressPrefix;
  }

  /** Addresses watched by anyone (each once). */
  get watchedCount(): number {
    return this.#watched.size;
  }

  watchUtxos(listener: (change: UtxosChangedPayload) => void, options: { maxAddresses?: number } = {}): UtxoWatcher {
    const state: WatcherState = {
      addresses: new Set(),
      listener,
      max: options.maxAddresses ?? MAX_WATCHED_ADDRESSES,
      closed: false,
    };
    this.#watchers.add(state);
    return {
      add: (addresses) => this.#add(state, addresses),
      remove: (addresses) => this.#remove(state, addresses),
      get size() {
        return state.addresses.size;
      },
      close: () => {
        if (state.closed) return;
        this.#remove(state, undefined);
        state.closed = true;
        this.#watchers.delete(state);
      },
    };
  }

  /** Looks at the watched addresses now, if a change is waiting (tests; and before adding an address). */
  flush(): void {
    if (this.#pending === undefined) return;
    clearImmediate(this.#pending);
    this.#pending = undefined;
    this.#check();
  }

  /** Stops following the node; watchers hear nothing more. */
  close(): void {
    this.#closed = true;
    clearImmediate(this.#pending);
    this.#pending = undefined;
    this.#offEvents?.();
    this.#offEvents = undefined;
    this.#watched.clear();
    for (const state of this.#watchers) state.closed = true;
    this.#watchers.clear();
  }

  #add(state: WatcherState, raw: unknown): number {
    if (state.closed || this.#closed) throw new ApiError('UNAVAILABLE', 'this subscription has ended');
    const list = addressList(raw, 'addresses');
    if (list.length > state.max)
      throw new ApiError('BAD_PARAMS', `at most ${state.max.toLocaleString('en-US')} addresses may be watched`);
    const fresh = new Set<string>();
    list.forEach((text, i) => {
      const canonical = this.#canonical(text, `addresses[${i}]`);
      if (!state.addresses.has(canonical)) fresh.add(canonical);
    });
    if (state.addresses.size + fresh.size > state.max)
      throw new ApiError(
        'BAD_PARAMS',
        `at most ${state.max.toLocaleString('en-US')} addresses may be watched; this would make ${(state.addresses.size + fresh.size).toLocaleString('en-US')}`,
      );
    if (fresh.size === 0) return state.addresses.size;
    // Changes that happened before this call are the current watchers' own: settle them first,
    // so the new addresses start from now and nobody hears of a change twice or not at all.
    this.flush();
    const unseen = [...fresh]
      .filter((address) => !this.#watched.has(address))
      .map((address): Watched => ({
        address,
        script: addressToScriptPublicKey(decodeAddress(address, this.#prefix)),
        refs: 0,
        snapshot: new Map(),
      }));
    // Read before anything changes: an index failure leaves the watcher as it was.
    if (unseen.length > 0) for (const [watched, utxos] of this.#read(unseen)) watched.snapshot = utxos;
    for (const watched of unseen) this.#watched.set(watched.address, watched);
    for (const address of fresh) {
      (this.#watched.get(address) as Watched).refs++;
      state.addresses.add(address);
    }
    this.#offEvents ??= this.#follow();
    return state.addresses.size;
  }

  #remove(state: WatcherState, raw: unknown): number {
    if (state.closed) return 0;
    const list = raw === undefined ? [...state.addresses] : addressList(raw, 'addresses');
    for (const text of list) {
      if (typeof text !== 'string' || !state.addresses.delete(text)) continue;
      const watched = this.#watched.get(text);
      if (watched && --watched.refs === 0) this.#watched.delete(text);
    }
    if (this.#watched.size === 0) {
      this.#offEvents?.();
      this.#offEvents = undefined;
      clearImmediate(this.#pending);
      this.#pending = undefined;
    }
    return state.addresses.size;
  }

  /** This network's address in its canonical text; BAD_PARAMS naming `field` otherwise. */
  #canonical(text: unknown, field: string): string {
    if (typeof text !== 'string') throw new ApiError('BAD_PARAMS', `${field} must be an address (text)`);
    try {
      return encodeAddress(decodeAddress(text, this.#prefix));
    } catch (error) {
      if (error instanceof AddressError)
        throw new ApiError(
          'BAD_PARAMS',
          `${field} ('${quoted(text)}') is not an address of this network (${this.#prefix}:…): ${error.message}`,
        );
      throw error;
    }
  }

  #follow(): () => void {
    const schedule = () => {
      if (this.#closed || this.#pending !== undefined) return;
      this.#pending = setImmediate(() => {
        this.#pending = undefined;
        this.#check();
      });
    };
    const offs = [
      this.#node.events.on('blockAccepted', schedule),
      this.#node.events.on('chainChanged', schedule),
      this.#node.events.on('closed', () => this.close()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  /** The unspent outputs of `watched` now, by outpoint, per address. */
  #read(watched: readonly Watched[]): Map<Watched, Watched['snapshot']> {
    const now = new Map<Watched, Watched['snapshot']>(watched.map((each) => [each, new Map()]));
    const byKey = new Map(watched.map((each) => [scriptKeyHex(each.script), each]));
    const utxos = this.#node.index.utxosByScripts(watched.map((each) => each.script));
    for (const { outpoint, entry } of utxos) {
      const owner = byKey.get(scriptKeyHex(entry.scriptPublicKey));
      const snapshot = owner === undefined ? undefined : now.get(owner);
      if (owner === undefined || snapshot === undefined) continue;
      const json: UtxoByAddressJson = {
        address: owner.address,
        outpoint,
        amount: entry.amount.toString(),
        scriptPublicKey: scriptToJson(entry.scriptPublicKey),
        blockDaaScore: entry.blockDaaScore,
        isCoinbase: entry.isCoinbase,
      };
      snapshot.set(outpoint, { json, signature: signatureOf(json) });
    }
    return now;
  }

  /** Compares every watched address with its last snapshot and tells each watcher its part. */
  #check(): void {
    if (this.#closed || this.#watched.size === 0) return;
    let now: Map<Watched, Watched['snapshot']>;
    try {
      now = this.#read([...this.#watched.values()]);
    } catch (error) {
      // The store closing under a late check, or an index fault: the next change looks again.
      process.emitWarning(`utxosChanged could not read the address index: ${String(error)}`);
      return;
    }
    const changed = new Map<string, UtxosChangedPayload>();
    for (const [watched, snapshot] of now) {
      const added: UtxoByAddressJson[] = [];
      const removed: UtxoByAddressJson[] = [];
      for (const [outpoint, before] of watched.snapshot) {
        if (snapshot.get(outpoint)?.signature !== before.signature) removed.push(before.json);
      }
      for (const [outpoint, after] of snapshot) {
        if (watched.snapshot.get(outpoint)?.signature !== after.signature) added.push(after.json);
      }
      watched.snapshot = snapshot;
      if (added.length > 0 || removed.length > 0) changed.set(watched.address, { added, removed });
    }
    if (changed.size === 0) return;
    for (const state of [...this.#watchers]) {
      const added: UtxoByAddressJson[] = [];
      const removed: UtxoByAddressJson[] = [];
      // Walk the smaller side: a few changed addresses among thousands watched, or the reverse.
      if (changed.size <= state.addresses.size) {
        for (const [address, change] of changed)
          if (state.addresses.has(address)) {
            added.push(...change.added);
            removed.push(...change.removed);
          }
      } else {
        for (const address of state.addresses) {
          const change = changed.get(address);
          if (!change) continue;
          added.push(...change.added);
          removed.push(...change.removed);
        }
      }
      if (added.length === 0 && removed.length === 0) continue;
      try {
        state.listener({ added, removed });
      } catch (error) {
        process.emitWarning(`a utxosChanged listener failed: ${String(error)}`);
      }
    }
  }
}
