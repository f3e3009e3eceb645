/**
 * Test support: a bare libp2p host that speaks the dagwallet stream by hand, so a test can play
 * a peer that misbehaves (garbage, oversized frames, invalid or unasked-for data, wrong pongs)
 * and watch what a real node answers. It runs no flows: it sends only what the test tells it to
 * (and, unless told not to, answers pings so the node keeps it connected).
 */
import { randomBytes } from 'node:crypto';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { identify } from '@libp2p/identify';
import type { Connection, Libp2p, PrivateKey, Stream } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { headerHash } from '../consensus/hashing/header-hash.ts';
import { genesisBlock } from '../consensus/params/genesis.ts';
import { DagwalletError } from '../errors.ts';
import { FrameReader, lengthPrefixed } from '../p2p/frame-reader.ts';
import { decodeMessage, encodeMessage } from '../p2p/wire/codec.ts';
import type { MessageOf, VersionMessage, WireMessage, WireMessageType } from '../p2p/wire/messages.ts';
import { type NetworkName, p2pProtocolId, PROTOCOL_VERSION } from '../p2p/wire/protocol.ts';
import { SIMNET } from './simnet.ts';

export const RawPeerErrorCode = {
  /** Dialing the node or opening the protocol stream failed (e.g. the node refuses our peer id). */
  REFUSED: 'REFUSED',
  /** The node closed the stream or connection before the awaited message came. */
  CLOSED: 'CLOSED',
  /** The awaited message did not come in time. */
  TIMEOUT: 'TIMEOUT',
  /** The node answered the handshake with a Reject; the message carries its reason. */
  REJECTED: 'REJECTED',
  /** The node sent bytes that are not a message (a bug in the node, or in this helper). */
  UNREADABLE: 'UNREADABLE',
  /** Used before `connect()` succeeded. */
  NOT_CONNECTED: 'NOT_CONNECTED',
} as const;
export type RawPeerErrorCode = (typeof RawPeerErrorCode)[keyof typeof RawPeerErrorCode];

export class RawPeerError extends DagwalletError<RawPeerErrorCode> {}

export interface RawPeerOptions {
  /** A fixed identity, to come back with the same peer id (default: a fresh Ed25519 key). */
  privateKey?: PrivateKey;
  /** Listen on 127.0.0.1:0 (default false: the raw peer only dials). */
  listen?: boolean;
  /** Answer the node's pings with the right nonce (default true). */
  answerPings?: boolean;
}

export interface RawVersionOptions {
  network?: string;
  protocolVersion?: number;
  /** The 16-byte node id (default: random). */
  id?: Uint8Array;
}

/** How a connection attempt ended: refused (dial, stream or closed before any Version) or accepted. */
export type ConnectAttempt = { outcome: 'accepted' } | { outcome: 'refused'; detail: string };

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * libp2p refuses a host's sixth inbound connection within a second (its connection manager's
 * inboundConnectionThreshold, 5, per fixed one-second window). Every raw peer dials from
 * 127.0.0.1, so dials to one node are paced below that: a refusal a test sees is then always the
 * node's own decision (a ban), never libp2p's rate limit.
 */
const DIALS_PER_WINDOW = 4;
const DIAL_WINDOW_MS = 1_100;
const recentDials = new Map<string, number[]>();

async function paceDial(target: string): Promise<void> {
  for (;;) {
    const now = Date.now();
    const recent = (recentDials.get(target) ?? []).filter((at) => now - at < DIAL_WINDOW_MS);
    recentDials.set(target, recent);
    if (recent.length < DIALS_PER_WINDOW) {
      recent.push(now);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, (recent[0] as number) + DIAL_WINDOW_MS - now));
  }
}
const SIMNET_GENESIS_HASH = headerHash(genesisBlock(SIMNET.genesis).header);

interface Waiter {
  types: readonly WireMessageType[] | undefined;
  consume: boolean;
  resolve: (message: WireMessage) => void;
  reject: (error: RawPeerError) => void;
  timer: NodeJS.Timeout;
}

/** The state of one connection to the node; replaced on every `connect()`. */
interface Session {
  connection: Connection;
  stream: Stream;
  frames: FrameReader;
  inbox: WireMessage[];
  waiters: Waiter[];
  /** Why the session ended, once it has. */
  endedWith: RawPeerError | undefined;
  ended: Promise<void>;
  end(error: RawPeerError): void;
}

export class RawPeer {
  readonly privateKey: PrivateKey;
  readonly #libp2p: Libp2p;
  readonly #answerPings: boolean;
  #session: Session | undefined;

  private constructor(libp2p: Libp2p, privateKey: PrivateKey, answerPings: boolean) {
    this.#libp2p = libp2p;
    this.privateKey = privateKey;
    this.#answerPings = answerPings;
  }

  static async create(options: RawPeerOptions = {}): Promise<RawPeer> {
    const privateKey = options.privateKey ?? (await generateKeyPair('Ed25519'));
    const libp2p = await createLibp2p({
      privateKey,
      addresses: { listen: options.listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify() },
    });
    return new RawPeer(libp2p, privateKey, options.answerPings ?? true);
  }

  get peerId(): string {
    return this.#libp2p.peerId.toString();
  }

  /** Whether the libp2p connection of the current session is still open. */
  get connectionOpen(): boolean {
    return this.#session?.connection.status === 'open';
  }

  /** Every message received on the current session so far that no `nextMessage` took. */
  get inbox(): readonly WireMessage[] {
    return this.#session?.inbox ?? [];
  }

  /**
   * Dials `address` (a multiaddr with /p2p/) and opens the dagwallet stream of `network`. Any
   * earlier connection is closed first, so the dial is a fresh one; dials to one node are paced
   * (see DIALS_PER_WINDOW). Throws RawPeerError('REFUSED').
   */
  async connect(address: string, options: { network?: NetworkName; timeoutMs?: number } = {}): Promise<void> {
    await this.disconnect();
    const target = multiaddr(address);
    await paceDial(target.getComponents().find((component) => component.name === 'p2p')?.value ?? address);
    const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let connection: Connection | undefined;
    let stream: Stream;
    try {
      connection = await this.#libp2p.dial(target, { signal });
      stream = await connection.newStream(p2pProtocolId(options.network ?? SIMNET.name), { signal });
    } catch (error) {
      connection?.abort(error as Error);
      throw new RawPeerError('REFUSED', `cannot open the stream to ${address}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.#session = this.#open(connection, stream);
  }

  /**
   * Connects and waits for the node's first word: its Version means accepted; a failed dial or
   * stream, or a close before any Version, means refused. No answer at all within the timeout throws.
   */
  async tryConnect(address: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ConnectAttempt> {
    try {
      await this.connect(address, { timeoutMs });
    } catch (error) {
      if (error instanceof RawPeerError && error.code === 'REFUSED')
        return { outcome: 'refused', detail: error.message };
      throw error;
    }
    try {
      await this.#await(['version'], timeoutMs, false);
      return { outcome: 'accepted' };
    } catch (error) {
      if (error instanceof RawPeerError && error.code === 'CLOSED') {
        return { outcome: 'refused', detail: `closed before any Version: ${error.message}` };
      }
      throw error;
    }
  }

  /** Writes bytes as they are, framing or not. */
  sendRaw(bytes: Uint8Array): void {
    const session = this.#current();
    if (session.endedWith) throw session.endedWith;
    try {
      session.stream.send(bytes);
    } catch (error) {
      throw new RawPeerError('CLOSED', `cannot send: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Writes one message, length-prefixed as the node reads it. */
  send(message: WireMessage): void {
    this.sendRaw(lengthPrefixed(encodeMessage(message)));
  }

  /** A Version as a node of simnet would send it, with the fields the test changes. */
  version(options: RawVersionOptions = {}): VersionMessage {
    return {
      type: 'version',
      protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION,
      network: options.network ?? SIMNET.name,
      userAgent: '/raw-peer:test/',
      services: 1n,
      selectedTipHash: SIMNET_GENESIS_HASH,
      timestamp: Date.now(),
      id: options.id ?? randomBytes(16),
      disableRelayTx: false,
    };
  }

  /**
   * Sends Version and VerAck and waits for the node's Version and VerAck; returns the node's
   * Version. A Reject instead throws RawPeerError('REJECTED') with the node's reason.
   */
  async handshake(options: RawVersionOptions = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<VersionMessage> {
    this.send(this.version(options));
    this.send({ type: 'verack' });
    const first = await this.nextMessage(['version', 'reject'], timeoutMs);
    if (first.type === 'reject') throw new RawPeerError('REJECTED', first.reason);
    const second = await this.nextMessage(['verack', 'reject'], timeoutMs);
    if (second.type === 'reject') throw new RawPeerError('REJECTED', second.reason);
    return first;
  }

  /**
   * Takes the first received message of `type` (any type if omitted), waiting up to `timeoutMs`;
   * messages of other types stay in the inbox. Rejects with CLOSED if the session ends first.
   */
  nextMessage<T extends WireMessageType>(
    type?: T | readonly T[],
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<MessageOf<T>> {
    const types = type === undefined ? undefined : typeof type === 'string' ? [type] : type;
    return this.#await(types, timeoutMs, true) as Promise<MessageOf<T>>;
  }

  /** Resolves when the node has closed the stream or the connection (at once if there is none). */
  closed(): Promise<void> {
    return this.#session?.ended ?? Promise.resolve();
  }

  /** Closes our connection to the node, if any. */
  async disconnect(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    session.end(new RawPeerError('CLOSED', 'closed by the raw peer'));
    await session.connection.close().catch((error: unknown) => session.connection.abort(error as Error));
  }

  async stop(): Promise<void> {
    this.#session?.end(new RawPeerError('CLOSED', 'the raw peer stopped'));
    await this.#libp2p.stop();
  }

  #current(): Session {
    if (!this.#session) throw new RawPeerError('NOT_CONNECTED', 'connect() first');
    return this.#session;
  }

  #open(connection: Connection, stream: Stream): Session {
    let resolveEnded!: () => void;
    const session: Session = {
      connection,
      stream,
      frames: new FrameReader(),
      inbox: [],
      waiters: [],
      endedWith: undefined,
      ended: new Promise((resolve) => (resolveEnded = resolve)),
      end: (error) => {
        if (session.endedWith) return;
        session.endedWith = error;
        for (const waiter of session.waiters.splice(0)) {
          clearTimeout(waiter.timer);
          waiter.reject(error);
        }
        resolveEnded();
      },
    };
    stream.addEventListener('message', (event) => this.#receive(session, event.data));
    // 'end': the node closed its side and everything it sent before has been delivered.
    stream.addEventListener('end', () => session.end(new RawPeerError('CLOSED', 'the node closed the stream')));
    stream.addEventListener('close', (event) =>
      session.end(new RawPeerError('CLOSED', `the stream closed${event.error ? `: ${event.error.message}` : ''}`)),
    );
    connection.addEventListener('close', () =>
      session.end(new RawPeerError('CLOSED', 'the node closed the connection')),
    );
    return session;
  }

  #receive(session: Session, data: Uint8Array | { subarray(): Uint8Array }): void {
    if (session.endedWith) return;
    const chunk = data instanceof Uint8Array ? data : data.subarray();
    const messages: WireMessage[] = [];
    try {
      for (const frame of session.frames.push(chunk)) messages.push(decodeMessage(frame));
    } catch (error) {
      session.end(new RawPeerError('UNREADABLE', `the node sent an unreadable frame: ${(error as Error).message}`));
      session.stream.abort(error as Error);
      return;
    }
    for (const message of messages) {
      if (message.type === 'ping' && this.#answerPings) {
        session.stream.send(lengthPrefixed(encodeMessage({ type: 'pong', nonce: message.nonce })));
      }
      session.inbox.push(message);
    }
    this.#serveWaiters(session);
  }

  #serveWaiters(session: Session): void {
    for (const waiter of [...session.waiters]) {
      const index = session.inbox.findIndex((message) => waiter.types?.includes(message.type) ?? true);
      if (index < 0) continue;
      const message = session.inbox[index] as WireMessage;
      if (waiter.consume) session.inbox.splice(index, 1);
      session.waiters.splice(session.waiters.indexOf(waiter), 1);
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    }
  }

  #await(types: readonly WireMessageType[] | undefined, timeoutMs: number, consume: boolean): Promise<WireMessage> {
    const session = this.#current();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        types,
        consume,
        resolve,
        reject,
        timer: setTimeout(() => {
          session.waiters.splice(session.waiters.indexOf(waiter), 1);
          reject(new RawPeerError('TIMEOUT', `no ${types?.join('/') ?? 'message'} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      session.waiters.push(waiter);
      // A message already received is served at once; a session already over rejects at once.
      this.#serveWaiters(session);
      if (session.waiters.includes(waiter) && session.endedWith) {
        session.waiters.splice(session.waiters.indexOf(waiter), 1);
        clearTimeout(waiter.timer);
        reject(session.endedWith);
      }
    });
  }
}
