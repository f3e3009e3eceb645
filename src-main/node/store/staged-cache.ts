/**
 * A read-through cache with a staging layer, the way kaspad stages a block's writes: while a
 * block is validated, writes land in `staged` and reads see them; `flush` writes them to SQLite
 * inside the block's transaction; `commit` publishes them to the cache once that transaction has
 * committed, and `discard` drops them when the block is rejected, so the cache never holds what
 * the database does not.
 */
export class StagedCache<K, V> {
  // Two generations stand in for a least-recently-used list: a hit in the older one moves the entry
  // to the younger, and when the younger fills up the older is dropped. (Re-inserting into one big
  // Map on every hit was the hottest line of a replay.)
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  readonly #staged = new Map<K, V>();
  readonly #capacity: number;
  readonly #load: (key: K) => V | undefined;
  readonly #save: (key: K, value: V) => void;
  readonly #exists: ((key: K) => boolean) | undefined;

  /**
   * `exists`, when given, answers `has` for a key not in memory without loading its value: for
   * values that cost a decode (block bodies), where most callers only ask whether it is stored.
   */
  constructor(options: {
    capacity: number;
    load: (key: K) => V | undefined;
    save: (key: K, value: V) => void;
    exists?: (key: K) => boolean;
  }) {
    this.#capacity = options.capacity;
    this.#load = options.load;
    this.#save = options.save;
    this.#exists = options.exists;
  }

  get(key: K): V | undefined {
    const staged = this.#staged.get(key);
    if (staged !== undefined) return staged;
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#remember(key, old);
      return old;
    }
    const loaded = this.#load(key);
    if (loaded !== undefined) this.#remember(key, loaded);
    return loaded;
  }

  has(key: K): boolean {
    if (this.#exists === undefined) return this.get(key) !== undefined;
    return this.#staged.has(key) || this.#young.has(key) || this.#old.has(key) || this.#exists(key);
  }

  /** True when `key` has a value staged for the current block. */
  isStaged(key: K): boolean {
    return this.#staged.has(key);
  }

  set(key: K, value: V): void {
    this.#staged.set(key, value);
  }

  flush(): void {
    for (const [key, value] of this.#staged) this.#save(key, value);
  }

  commit(): void {
    for (const [key, value] of this.#staged) this.#remember(key, value);
    this.#staged.clear();
  }

  discard(): void {
    this.#staged.clear();
  }

  #remember(key: K, value: V): void {
    this.#young.set(key, value);
    this.#old.delete(key);
    if (this.#young.size >= this.#capacity / 2) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }
}
