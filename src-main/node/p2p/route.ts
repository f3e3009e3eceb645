import type { WireMessage, WireMessageType } from './wire/messages.ts';
import { P2PError } from './p2p-error.ts';

/** kaspad router's DefaultMaxMessages: a flow that falls this far behind its peer ends the connection. */
export const ROUTE_CAPACITY = 200;
/**
 * Block announcements get a deeper queue (rusty-kaspa sizes it 256 per block per second): the
 * relay flow reads none while a block imports, and a fast miner announces many meanwhile.
 */
export const BLOCK_INV_ROUTE_CAPACITY = 4096;

/**
 * The incoming messages of some types, queued for the one flow that reads them (kaspad's
 * router.Route). A flow awaits `next()`; a full queue means the peer floods us.
 */
export class Route {
  readonly types: readonly WireMessageType[];
  readonly #capacity: number;
  readonly #queue: WireMessage[] = [];
  #waiter: { resolve: (message: WireMessage) => void; reject: (error: P2PError) => void } | undefined;
  #closedWith: P2PError | undefined;

  constructor(types: readonly WireMessageType[], capacity = ROUTE_CAPACITY) {
    this.types = types;
    this.#capacity = capacity;
  }

  /** Hands a message to the flow; throws P2PError('FLOODING') when the queue is full. */
  deliver(message: WireMessage): void {
    if (this.#closedWith) return;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve(message);
      return;
    }
    if (this.#queue.length >= this.#capacity) {
      throw new P2PError('FLOODING', `more than ${this.#capacity} ${message.type} messages waiting`);
    }
    this.#queue.push(message);
  }

  /** The next message; rejects with TIMEOUT after `timeoutMs` (if given) or with the close reason. */
  next(timeoutMs?: number): Promise<WireMessage> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    if (this.#waiter) return Promise.reject(new P2PError('PROTOCOL', 'two readers on one route'));
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.#waiter = undefined;
          reject(new P2PError('TIMEOUT', `no ${this.types.join('/')} within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.#waiter = {
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Waits for the next message, which must be one of `expected`. */
  async expect<T extends WireMessageType>(
    expected: readonly T[],
    timeoutMs?: number,
  ): Promise<Extract<WireMessage, { type: T }>> {
    const message = await this.next(timeoutMs);
    if (!(expected as readonly string[]).includes(message.type)) {
      throw new P2PError('PROTOCOL', `expected ${expected.join(' or ')}, got ${message.type}`);
    }
    return message as Extract<WireMessage, { type: T }>;
  }

  get closed(): boolean {
    return this.#closedWith !== undefined;
  }

  /** Ends the route: the waiting reader and later reads get `error`. */
  close(error: P2PError): void {
    if (this.#closedWith) return;
    this.#closedWith = error;
    this.#queue.length = 0;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }
}
