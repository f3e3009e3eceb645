/** A broker connection as the publisher drives it: the embedded broker or an external one. */
export interface MqttTransport {
  /** Where the messages go, for people: no credentials in it. */
  readonly url: string;
  /** How many messages may be handed over before the first is confirmed; order is kept either way. */
  readonly window: number;
  /** Whether messages can be handed over now. */
  readonly up: boolean;
  /** Whether anyone may be listening: an embedded broker without clients has nobody (nothing is built for it). */
  readonly hasAudience: boolean;
  /**
   * Reports the connection coming up or going down (with why); an external broker also reports
   * its first failed attempt. An embedded broker never changes.
   */
  onStatus(listener: (status: { up: boolean; reason?: string }) => void): void;
  /** Hands one message over; `done` says once the broker has it, or that it failed. */
  send(topic: string, payload: Buffer, done: (error?: Error) => void): void;
  close(): Promise<void>;
}

export interface MqttPublisherLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface MqttPublisherOptions {
  /** Messages held while the broker cannot take them; beyond this the oldest are dropped (default 10,000). */
  queueLimit?: number;
  /** How long close waits for held messages to go out to a connected broker (default 1,000 ms). */
  drainMs?: number;
  log: MqttPublisherLog;
}

export interface MqttPublisherStats {
  /** Messages the broker confirmed. */
  published: number;
  /** Messages waiting, and handed over but not yet confirmed. */
  queued: number;
  /** Messages dropped because the queue was full (the oldest went first). */
  dropped: number;
  /** Messages the broker refused while connected (never retried). */
  failed: number;
}

interface Message {
  topic: string;
  payload: Buffer;
}

export const DEFAULT_QUEUE_LIMIT = 10_000;
const DEFAULT_DRAIN_MS = 1_000;

/**
 * Publishes in order without ever making the caller wait: `publish` queues and returns. Messages
 * go out as the transport takes them; while the broker is away they wait in a bounded queue, and
 * when it is full the oldest are dropped and counted (one warning per outage). Messages handed
 * over when the connection dropped go back to the front of the queue and are sent again after
 * the reconnect (at least once, as MQTT's QoS 1 promises).
 */
export class MqttPublisher {
  readonly #transport: MqttTransport;
  readonly #log: MqttPublisherLog;
  readonly #queueLimit: number;
  readonly #drainMs: number;
  /** Waiting messages: #queue[#head] is the oldest. */
  #queue: (Message | undefined)[] = [];
  #head = 0;
  /** Handed over and not yet confirmed, oldest first. */
  #inFlight: Message[] = [];
  /** Bumped when the connection drops: confirmations of the messages handed over before are ignored. */
  #generation = 0;
  #published = 0;
  #dropped = 0;
  #failed = 0;
  /** Drops since the last time the broker was reachable, and whether that was already said. */
  #droppedThisOutage = 0;
  #warnedFailure = false;
  #closed = false;
  #drained: (() => void) | undefined;

  constructor(transport: MqttTransport, options: MqttPublisherOptions) {
    this.#transport = transport;
    this.#log = options.log;
    this.#queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.#drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
    transport.onStatus(({ up, reason }) => this.#statusChanged(up, reason));
  }

  /** Whether messages are worth building: someone may receive them. */
  get wanted(): boolean {
    return !this.#closed && this.#transport.hasAudience;
  }

  get url(): string {
    return this.#transport.url;
  }

  /** Queues a message for the broker; never throws, never waits. */
  publish(topic: string, payload: string | Buffer): void {
    if (this.#closed) return;
    if (this.#waiting() >= this.#queueLimit) {
      this.#shift();
      this.#dropped++;
      if (this.#droppedThisOutage++ === 0) {
        this.#log.warn(
          `MQTT: ${this.#transport.url} is not taking messages and ${this.#queueLimit.toLocaleString('en-US')} are waiting: dropping the oldest from now on`,
        );
      }
    }
    this.#queue.push({ topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload });
    this.#pump();
  }

  stats(): MqttPublisherStats {
    return {
      published: this.#published,
      queued: this.#waiting() + this.#inFlight.length,
      dropped: this.#dropped,
      failed: this.#failed,
    };
  }

  /** Stops taking messages, gives a connected broker a moment for those waiting, and disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#transport.up && this.stats().queued > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#drainMs);
        this.#drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.#drained = undefined;
    await this.#transport.close();
  }

  #waiting(): number {
    return this.#queue.length - this.#head;
  }

  /** Takes the oldest waiting message off the queue (there is one), letting go of its slot. */
  #shift(): Message {
    const message = this.#queue[this.#head] as Message;
    this.#queue[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return message;
  }

  #pump(): void {
    const transport = this.#transport;
    while (transport.up && this.#inFlight.length < transport.window && this.#waiting() > 0) {
      const message = this.#shift();
      this.#inFlight.push(message);
      const generation = this.#generation;
      transport.send(message.topic, message.payload, (error) => {
        if (generation !== this.#generation) return; // requeued when the connection dropped
        const at = this.#inFlight.indexOf(message);
        if (at === -1) return;
        this.#inFlight.splice(at, 1);
        if (error === undefined) this.#published++;
        else if (!transport.up) this.#requeue([message]);
        else {
          this.#failed++;
          if (!this.#warnedFailure) {
            this.#warnedFailure = true;
            this.#log.warn(`MQTT: ${transport.url} refused a message on ${message.topic}: ${error.message}`);
          }
        }
        this.#pump();
      });
    }
    if (this.#drained && this.#waiting() === 0 && this.#inFlight.length === 0) this.#drained();
  }

  /** Puts messages back at the front of the queue, in their order. */
  #requeue(messages: Message[]): void {
    if (messages.length === 0) return;
    this.#queue = [...messages, ...this.#queue.slice(this.#head)];
    this.#head = 0;
    // The limit holds for requeued messages too: the oldest go.
    while (this.#waiting() > this.#queueLimit) {
      this.#shift();
      this.#dropped++;
      this.#droppedThisOutage++;
    }
  }

  #statusChanged(up: boolean, reason: string | undefined): void {
    const url = this.#transport.url;
    if (up) {
      const dropped = this.#droppedThisOutage;
      this.#droppedThisOutage = 0;
      this.#log.info(
        `MQTT: connected to ${url}${dropped > 0 ? ` (${dropped.toLocaleString('en-US')} messages were dropped while it was away)` : ''}`,
      );
      this.#pump();
      return;
    }
    this.#generation++;
    const unconfirmed = this.#inFlight;
    this.#inFlight = [];
    this.#requeue(unconfirmed);
    if (!this.#closed) {
      this.#log.warn(
        `MQTT: cannot reach ${url}${reason ? ` (${reason})` : ''}; retrying, holding up to ${this.#queueLimit.toLocaleString('en-US')} messages meanwhile`,
      );
    }
  }
}
