import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import { MqttError } from './mqtt-error.ts';
import type { MqttTransport } from './mqtt-publisher.ts';

/** Loopback only: the broker is for programs on this machine (an external broker serves others). */
export const EMBEDDED_BROKER_HOST = '127.0.0.1';
/** A subscriber that stops reading is cut off after this long rather than stall the others (aedes drainTimeout). */
const DRAIN_TIMEOUT_MS = 10_000;
/** A connection that sends no CONNECT in this long is closed. */
const CONNECT_TIMEOUT_MS = 10_000;

export const REFUSED_PUBLISH_MESSAGE = "clients may only subscribe: the node alone publishes on this broker's topics";

/**
 * An MQTT broker inside the node (aedes, MQTT 3.1.1) on 127.0.0.1. Clients subscribe; the node
 * publishes, at QoS 0, to clean sessions. A client's PUBLISH is refused and its connection closed
 * (aedes authorizePublish, MQTT-3.3.5-2), and wills are dropped, so nobody can pass messages off
 * as the node's.
 */
export class EmbeddedBroker implements MqttTransport {
  readonly url: string;
  readonly port: number;
  /** One message at a time: the broker's callback comes once every subscriber has it, in order. */
  readonly window = 1;
  readonly up = true;
  readonly #aedes: Aedes;
  readonly #server: Server;
  readonly #sockets: Set<Socket>;
  readonly #refusals: { count: number };
  #closing: Promise<void> | undefined;

  private constructor(aedes: Aedes, server: Server, sockets: Set<Socket>, refusals: { count: number }, port: number) {
    this.#aedes = aedes;
    this.#server = server;
    this.#sockets = sockets;
    this.#refusals = refusals;
    this.port = port;
    this.url = `mqtt://${EMBEDDED_BROKER_HOST}:${port}`;
  }

  /** Listens on 127.0.0.1:`port` (0: any free port); PORT_IN_USE or LISTEN_FAILED if it cannot. */
  static async listen(port: number): Promise<EmbeddedBroker> {
    const aedes = await Aedes.createBroker({ drainTimeout: DRAIN_TIMEOUT_MS, connectTimeout: CONNECT_TIMEOUT_MS });
    // Sessions end with their connections and carry no will: a client that subscribes and goes
    // away leaves nothing behind for the broker to collect on its behalf.
    aedes.preConnect = (_client, packet, callback) => {
      packet.clean = true;
      packet.will = undefined;
      callback(null, true);
    };
    const refusals = { count: 0 };
    aedes.authorizePublish = (_client, _packet, callback) => {
      refusals.count++;
      callback(new Error(REFUSED_PUBLISH_MESSAGE));
    };
    // aedes emits 'error' (a failed delivery to its store) without declaring it: unheard, it would throw.
    (aedes as unknown as NodeJS.EventEmitter).on('error', (error: Error) =>
      process.emitWarning(`the MQTT broker failed to deliver a message: ${error.message}`),
    );
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      aedes.handle(socket);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, EMBEDDED_BROKER_HOST, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new MqttError(
          'PORT_IN_USE',
          `the MQTT port ${EMBEDDED_BROKER_HOST}:${port} is in use (another node, or a system broker? try --mqtt-port)`,
          { cause: error },
        );
      }
      throw new MqttError(
        'LISTEN_FAILED',
        `the MQTT broker cannot listen on ${EMBEDDED_BROKER_HOST}:${port}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const address = server.address();
    return new EmbeddedBroker(
      aedes,
      server,
      sockets,
      refusals,
      typeof address === 'object' && address !== null ? address.port : port,
    );
  }

  get hasAudience(): boolean {
    return this.#aedes.connectedClients > 0;
  }

  /** Client publishes refused so far. */
  get refusedPublishes(): number {
    return this.#refusals.count;
  }

  onStatus(): void {
    // Always up: nothing to report.
  }

  send(topic: string, payload: Buffer, done: (error?: Error) => void): void {
    // QoS 0: nothing is stored per client, so a subscriber that never acknowledges cannot make the
    // broker hold messages for it; on loopback a connected subscriber gets every one, in order.
    this.#aedes.publish({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }, (error) =>
      done(error ?? undefined),
    );
  }

  /** Disconnects every client and stops listening. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await new Promise<void>((resolve) => this.#aedes.close(() => resolve()));
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      for (const socket of this.#sockets) socket.destroy();
      await closed;
    })();
    return this.#closing;
  }
}
