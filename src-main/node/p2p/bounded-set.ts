/** A set that forgets its oldest members beyond `capacity`: per-peer inventory memory that cannot grow without end. */
export class BoundedSet<T> {
  readonly #capacity: number;
  readonly #items = new Set<T>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  add(item: T): void {
    this.#items.delete(item);
    this.#items.add(item);
    if (this.#items.size > this.#capacity) this.#items.delete(this.#items.values().next().value as T);
  }

  has(item: T): boolean {
    return this.#items.has(item);
  }

  delete(item: T): boolean {
    return this.#items.delete(item);
  }

  get size(): number {
    return this.#items.size;
  }
}
