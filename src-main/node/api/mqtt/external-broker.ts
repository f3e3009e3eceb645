import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { MqttError } from './mqtt-error.ts';
import type { MqttTransport } from './mqtt-publisher.ts';

/** How long to wait between attempts: from `initialMs`, doubling each failure, at most `maxMs`. */
export interface RetryDelays {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryDelays = { initialMs: 500, maxMs: 30_000 };
const CONNECT_TIMEOUT_MS = 10_000;
/** Messages handed to the client before the first is confirmed: one TCP connection keeps them in order. */
const WINDOW = 64;

/** A broker address: mqtt:// or mqtts://, a host, an optional port and user:password, nothing else. */
export interface BrokerAddress {
  /** What connect() is given: the URL without its credentials. */
  url: string;
  username: string | undefined;
  password: string | undefined;
}

export function parseBrokerUrl(text: string): BrokerAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MqttError('BAD_URL', `'${text}' is not a URL (mqtt://host:port or mqtts://host:port)`);
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:')
    throw new MqttError('BAD_URL', `an MQTT broker's URL starts with mqtt:// or mqtts://, not ${url.protocol}//`);
  if (url.hostname === '') throw new MqttError('BAD_URL', `the MQTT broker URL names no host`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '')
    throw new MqttError('BAD_URL', `an MQTT broker URL has no path, query or fragment`);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url: `${url.protocol}//${url.host}`, username, password };
}

export interface ExternalBrokerOptions {
  retry?: RetryDelays;
}

/**
 * Publishes to a broker elsewhere (mosquitto, say) with the `mqtt` client, at QoS 1. Each
 * connection attempt gets a fresh client; when the broker is down or the connection drops, it
 * tries again after a delay that doubles up to a ceiling, forever, and reports each change.
 */
export class ExternalBroker implements MqttTransport {
  readonly url: string;
  readonly window = WINDOW;
  readonly hasAudience = true;
  readonly #address: BrokerAddress;
  readonly #retry: RetryDelays;
  readonly #clientId = `dagwallet-${randomBytes(6).toString('hex')}`;
  readonly #listeners = new Set<(status: { up: boolean; reason?: string }) => void>();
  #client: MqttClient | undefined;
  #up = false;
  /** Whether a failure was already reported since the last time the broker was reachable. */
  #reportedDown = false;
  #delayMs: number;
  #timer: NodeJS.Timeout | undefined;
  #lastError: string | undefined;
  #closed = false;

  /** Starts connecting at once; BAD_URL for an address that is not a broker URL. */
  constructor(url: string, options: ExternalBrokerOptions = {}) {
    this.#address = parseBrokerUrl(url);
    this.url = this.#address.url;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#delayMs = this.#retry.initialMs;
    this.#connect();
  }

  get up(): boolean {
    return this.#up;
  }

  onStatus(listener: (status: { up: boolean; reason?: string }) => void): void {
    this.#listeners.add(listener);
  }

  send(topic: string, payload: Buffer, done: (error?: Error) => void): void {
    const client = this.#client;
    if (client === undefined || !this.#up) {
      done(new Error('not connected'));
      return;
    }
    client.publish(topic, payload, { qos: 1 }, (error) => done(error ?? undefined));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    this.#up = false;
    await client?.endAsync(true);
  }

  #connect(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const client = connect(this.#address.url, {
      clientId: this.#clientId,
      username: this.#address.username,
      password: this.#address.password,
      protocolVersion: 4,
      clean: true,
      // Reconnection is ours (a fresh client after a growing delay); mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      queueQoSZero: false,
      resubscribe: false,
    });
    this.#client = client;
    client.on('connect', () => {
      if (client !== this.#client) return;
      this.#delayMs = this.#retry.initialMs;
      this.#lastError = undefined;
      this.#up = true;
      this.#reportedDown = false;
      this.#report({ up: true });
    });
    client.on('error', (error) => {
      this.#lastError = error.message || (error as NodeJS.ErrnoException).code || String(error);
    });
    client.on('close', () => {
      if (client !== this.#client) return;
      this.#client = undefined;
      const wasUp = this.#up;
      this.#up = false;
      // Reported before the client is ended: ending fails its unconfirmed messages, which the
      // publisher has by then taken back to send again.
      if (!this.#closed && (wasUp || !this.#reportedDown)) {
        this.#reportedDown = true;
        this.#report({ up: false, reason: this.#lastError ?? (wasUp ? 'connection closed' : 'no answer') });
      }
      client.end(true);
      if (this.#closed) return;
      this.#timer = setTimeout(() => this.#connect(), this.#delayMs);
      this.#delayMs = Math.min(this.#delayMs * 2, this.#retry.maxMs);
    });
  }

  #report(status: { up: boolean; reason?: string }): void {
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch (error) {
        process.emitWarning(`an MQTT status listener failed: ${String(error)}`);
      }
    }
  }
}
