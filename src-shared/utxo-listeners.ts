/**
 * A client's utxosChanged listeners, each with its own addresses, for the NodeClient transports
 * (node-client.ts, ipc-node-client.ts). The node watches the union for the client and sends one
 * notification for it; this hands each listener the part about its own addresses, and counts
 * who wants each address so the client tells the node to drop an address only when the last
 * listener wanting it leaves. No node, electron or DOM imports.
 */
import type { NotificationMap } from './api.ts';

export type UtxosChange = NotificationMap['utxosChanged'];

/** A promise with its settle functions, for a subscription's `ready`. */
export interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Nobody has to await `ready`: an unawaited rejection must not crash anything.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** What subscribe returns once the client is closed: unsubscribing does nothing, `ready` rejects. */
export function closedSubscription(error: Error): (() => void) & { ready: Promise<void> } {
  const ready = deferred();
  ready.reject(error);
  return Object.assign(() => {}, { ready: ready.promise });
}

/** One subscribe call's listener and the addresses it named. */
export interface UtxoListenerEntry {
  readonly listener: (change: UtxosChange) => void;
  /** What goes to the node as `addresses` (as given: the node judges it). */
  readonly wire: unknown;
  /** The addresses it hears about. */
  readonly addresses: ReadonlySet<string>;
  /** The node confirmed it once. */
  confirmed: boolean;
  readonly ready: Deferred;
}

export class UtxoListeners {
  readonly #entries = new Set<UtxoListenerEntry>();
  readonly #refs = new Map<string, number>();

  get size(): number {
    return this.#entries.size;
  }

  entries(): UtxoListenerEntry[] {
    return [...this.#entries];
  }

  add(listener: (change: UtxosChange) => void, addresses: unknown): UtxoListenerEntry {
    const named = new Set(
      Array.isArray(addresses) ? addresses.filter((item): item is string => typeof item === 'string') : [],
    );
    const entry: UtxoListenerEntry = {
      listener,
      wire: Array.isArray(addresses) ? [...new Set(addresses)] : addresses,
      addresses: named,
      confirmed: false,
      ready: deferred(),
    };
    this.#entries.add(entry);
    for (const address of named) this.#refs.set(address, (this.#refs.get(address) ?? 0) + 1);
    return entry;
  }

  /** Forgets `entry`; the addresses no listener wants any more, or undefined if it was already gone. */
  remove(entry: UtxoListenerEntry): string[] | undefined {
    if (!this.#entries.delete(entry)) return undefined;
    const dropped: string[] = [];
    for (const address of entry.addresses) {
      const refs = (this.#refs.get(address) ?? 1) - 1;
      if (refs > 0) this.#refs.set(address, refs);
      else {
        this.#refs.delete(address);
        dropped.push(address);
      }
    }
    return dropped;
  }

  /** The node confirmed `entry`'s subscribe. */
  confirm(entry: UtxoListenerEntry): void {
    if (entry.confirmed) return;
    entry.confirmed = true;
    entry.ready.resolve();
  }

  /** The node refused `entry`'s addresses (it added none of them): the listener goes. */
  refuse(entry: UtxoListenerEntry, error: Error): void {
    this.remove(entry);
    entry.ready.reject(error);
  }

  /** Gives every listener the changes of its own addresses (none: it is not called). */
  deliver(change: unknown, onError: (error: unknown) => void): void {
    const { added, removed } = (change ?? {}) as Partial<UtxosChange>;
    if (!Array.isArray(added) || !Array.isArray(removed)) return;
    for (const entry of [...this.#entries]) {
      const mine = {
        added: added.filter((utxo) => entry.addresses.has(utxo?.address)),
        removed: removed.filter((utxo) => entry.addresses.has(utxo?.address)),
      };
      if (mine.added.length === 0 && mine.removed.length === 0) continue;
      try {
        entry.listener(mine);
      } catch (error) {
        onError(error);
      }
    }
  }

  /** The client closed: listeners not yet confirmed hear why, and all are forgotten. */
  clear(error: Error): void {
    for (const entry of this.#entries) if (!entry.confirmed) entry.ready.reject(error);
    this.#entries.clear();
    this.#refs.clear();
  }
}
