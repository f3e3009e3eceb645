import { DecodeError } from '../errors.ts';
import { FrameReader, lengthPrefixed } from './frame-reader.ts';
import { BoundedSet } from './bounded-set.ts';
import { BAN_SCORE, OFFENCE_POINTS, type Offence } from './misbehaviour.ts';
import { P2PError } from './p2p-error.ts';
import { Route, ROUTE_CAPACITY } from './route.ts';
import { decodeMessage, encodeMessage } from './wire/codec.ts';
import type { VersionMessage, WireMessage, WireMessageType } from './wire/messages.ts';
import { WireError } from './wire/wire-error.ts';

/** The part of a libp2p v3 Stream a peer uses (so the framing can be driven by any message stream). */
export interface PeerStream {
  send(data: Uint8Array): boolean;
  onDrain(options?: { signal?: AbortSignal }): Promise<void>;
  close(): Promise<void>;
  abort(error: Error): void;
  readonly writeBufferLength: number;
  addEventListener(type: 'message', listener: (event: { data: Uint8Array | { subarray(): Uint8Array } }) => void): void;
  addEventListener(type: 'close', listener: (event: { error?: Error }) => void): void;
}

export interface PeerAddressInfo {
  /** libp2p peer id (base58 text). */
  peerId: string;
  /** The remote multiaddr of the connection. */
  remoteAddress: string;
  /** The remote IP, for IP bans; undefined for non-IP transports. */
  ip: string | undefined;
  direction: 'inbound' | 'outbound';
  /** The libp2p connection carrying the stream (a connection may be shared by a refused duplicate stream). */
  connectionId: string;
}

export interface PeerHooks {
  /** The peer did something wrong; the service scores it and may ban it. */
  onOffence(peer: Peer, offence: Offence, detail: string): void;
  /** The connection ended (either side); called once. */
  onClose(peer: Peer, reason: string): void;
}

/**
 * Bytes a peer may leave unsent in its stream's write buffer: a peer that stops reading while we
 * send it blocks is disconnected instead of growing our memory (a few maximum-size blocks).
 */
const MAX_UNSENT_BYTES = 64 * 1024 * 1024;

/** Inventory remembered per peer and kind (a few minutes of a busy network). */
const KNOWN_INVENTORY = 20_000;

/**
 * One connected peer: frames on one libp2p stream, a route per flow (kaspad's router), and a
 * misbehaviour score. Messages of a type no flow routes are a protocol violation.
 */
export class Peer {
  readonly info: PeerAddressInfo;
  readonly connectedAt: number;
  /** The peer's Version, once the handshake is done. */
  version: VersionMessage | undefined;
  /** Round trip of the last answered ping, ms. */
  lastPingMs: number | undefined;
  score = 0;
  /** Blocks and transactions this peer has (it announced or sent them, or we told it): never announced to it again. */
  readonly knownBlocks = new BoundedSet<string>(KNOWN_INVENTORY);
  readonly knownTransactions = new BoundedSet<string>(KNOWN_INVENTORY);
  /** Blocks we announced to this peer: the ones it may ask for with RequestRelayBlocks. */
  readonly announcedBlocks = new BoundedSet<string>(KNOWN_INVENTORY);
  bytesReceived = 0;
  bytesSent = 0;
  readonly #stream: PeerStream;
  readonly #hooks: PeerHooks;
  readonly #frames = new FrameReader();
  readonly #routes = new Map<WireMessageType, Route>();
  /**
   * Until the flows start, messages no route takes yet are held, not refused: the other side may
   * finish its handshake and speak first (an honest race, not an offence).
   */
  #held: WireMessage[] | undefined = [];
  #closeReason: string | undefined;
  readonly #closed: Promise<string>;
  #resolveClosed!: (reason: string) => void;

  constructor(stream: PeerStream, info: PeerAddressInfo, hooks: PeerHooks, now = Date.now()) {
    this.#stream = stream;
    this.info = info;
    this.#hooks = hooks;
    this.connectedAt = now;
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    stream.addEventListener('message', (event) => this.#receive(event.data));
    stream.addEventListener('close', (event) =>
      this.#ended(event.error ? `connection lost: ${event.error.message}` : 'closed by peer'),
    );
  }

  get id(): string {
    return this.info.peerId;
  }

  get isOpen(): boolean {
    return this.#closeReason === undefined;
  }

  /** Resolves with the reason once the connection has ended. */
  get closed(): Promise<string> {
    return this.#closed;
  }

  /** Routes messages of `types` to a new queue for one flow. A type may have one route at a time. */
  route(types: readonly WireMessageType[], capacity = ROUTE_CAPACITY): Route {
    const route = new Route(types, capacity);
    for (const type of types) {
      if (this.#routes.has(type)) throw new Error(`message type ${type} is already routed`);
    }
    for (const type of types) this.#routes.set(type, route);
    if (!this.isOpen) route.close(new P2PError('DISCONNECTED', `peer ${this.id} is disconnected`));
    return route;
  }

  /** The flows' routes are in place: held messages go to them, and unrouted ones are offences from now on. */
  startRouting(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const message of held) if (this.isOpen) this.#dispatch(message);
  }

  /** Stops routing the route's types (a message of those types becomes unexpected again). */
  unroute(route: Route): void {
    for (const type of route.types) if (this.#routes.get(type) === route) this.#routes.delete(type);
    route.close(new P2PError('DISCONNECTED', 'route closed'));
  }

  /** Queues a message on the stream. A message we would refuse ourselves throws WireError. */
  send(message: WireMessage): void {
    if (!this.isOpen) return;
    const bytes = lengthPrefixed(encodeMessage(message));
    this.bytesSent += bytes.length;
    this.#stream.send(bytes);
    if (this.#stream.writeBufferLength > MAX_UNSENT_BYTES) this.disconnect('the peer does not read what we send');
  }

  /** Sends and waits until the stream can take more, for flows that stream many large messages. */
  async sendPaced(message: WireMessage): Promise<void> {
    if (!this.isOpen) throw new P2PError('DISCONNECTED', `peer ${this.id} is disconnected`);
    const bytes = lengthPrefixed(encodeMessage(message));
    this.bytesSent += bytes.length;
    if (!this.#stream.send(bytes)) await this.#stream.onDrain();
  }

  /** Reports an offence (the service scores it, and bans and disconnects at BAN_SCORE). */
  misbehave(offence: Offence, detail: string): void {
    if (!this.isOpen) return;
    this.score += OFFENCE_POINTS[offence];
    this.#hooks.onOffence(this, offence, detail);
    if (this.score >= BAN_SCORE && this.isOpen) this.disconnect(`${offence}: ${detail}`);
  }

  /** Tells the peer why (a Reject message, best effort) and closes the connection. */
  disconnect(reason: string, options: { tellPeer?: boolean } = {}): void {
    if (!this.isOpen) return;
    if (options.tellPeer ?? true) {
      try {
        // Straight to the stream: a peer that stopped reading must not bring us back here through
        // send()'s buffer check.
        this.#stream.send(lengthPrefixed(encodeMessage({ type: 'reject', reason: reason.slice(0, 1000) })));
      } catch {
        // the stream is gone or the reason did not encode; closing is what matters
      }
    }
    this.#ended(reason);
    // Let the reject leave before the stream closes; abort if it cannot close cleanly.
    this.#stream.close().catch((error: unknown) => this.#stream.abort(error as Error));
  }

  #receive(data: Uint8Array | { subarray(): Uint8Array }): void {
    if (!this.isOpen) return;
    const chunk = data instanceof Uint8Array ? data : data.subarray();
    this.bytesReceived += chunk.length;
    let frames: Uint8Array[];
    try {
      frames = this.#frames.push(chunk);
    } catch (error) {
      this.#refuse(error);
      return;
    }
    for (const frame of frames) {
      if (!this.isOpen) return;
      let message: WireMessage;
      try {
        message = decodeMessage(frame);
      } catch (error) {
        this.#refuse(error);
        return;
      }
      this.#dispatch(message);
    }
  }

  #dispatch(message: WireMessage): void {
    const route = this.#routes.get(message.type);
    if (!route && this.#held) {
      if (this.#held.length < ROUTE_CAPACITY) this.#held.push(message);
      else this.disconnect('too many messages before the handshake ended');
      return;
    }
    if (!route) {
      this.misbehave('UNEXPECTED_MESSAGE', `no flow expects ${message.type} now`);
      return;
    }
    try {
      route.deliver(message);
    } catch (error) {
      if (!(error instanceof P2PError)) throw error;
      // A flow that fell this far behind proves no malice (an honest peer mining or relaying
      // faster than we import fills it too): like rusty-kaspa, end the connection, score nothing.
      this.disconnect(error.message);
    }
  }

  /** Bytes that are not a message: scored by their kind, then the connection ends (framing is lost). */
  #refuse(error: unknown): void {
    if (error instanceof WireError && error.code === 'OVERSIZED') {
      this.misbehave('OVERSIZED_MESSAGE', error.message);
    } else if (error instanceof WireError || error instanceof DecodeError) {
      this.misbehave('MALFORMED_MESSAGE', error.message);
    } else {
      this.misbehave('MALFORMED_MESSAGE', String(error));
    }
    this.disconnect('unreadable message');
  }

  #ended(reason: string): void {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    const error = new P2PError('DISCONNECTED', `peer ${this.id} disconnected: ${reason}`);
    for (const route of new Set(this.#routes.values())) route.close(error);
    this.#routes.clear();
    this.#resolveClosed(reason);
    this.#hooks.onClose(this, reason);
  }
}
