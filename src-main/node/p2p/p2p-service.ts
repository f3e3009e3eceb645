import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { identify } from '@libp2p/identify';
import type { Connection, Libp2p, PeerId, PrivateKey, Stream } from '@libp2p/interface';
import { mdns } from '@libp2p/mdns';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { ConnectedPeerInfo } from '../../../src-shared/api.ts';
import type { BlockImportQueue } from '../chain/block-import-queue.ts';
import type { Consensus } from '../consensus/consensus.ts';
import type { BlockKey } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import type { Transaction } from '../consensus/model/transaction.ts';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import type { Mempool } from '../mempool/mempool.ts';
import type { NodeEvents } from '../node-events.ts';
import { runIbd, type SyncProgress } from '../sync/ibd-syncee.ts';
import { runIbdSyncerFlow } from '../sync/ibd-syncer-flow.ts';
import { runAddressFlow, runRejectFlow } from './flows/address-flow.ts';
import { runBlockRelayFlow, runBlockRequestFlow } from './flows/block-relay-flow.ts';
import { DEFAULT_FLOW_TIMINGS, type FlowContext, type FlowTimings, type P2PStats } from './flows/flow-context.ts';
import { runPingFlow } from './flows/ping-flow.ts';
import { runTransactionRelayFlow, runTransactionRequestFlow } from './flows/transaction-relay-flow.ts';
import { performHandshake } from './handshake.ts';
import { BAN_SCORE, type Offence } from './misbehaviour.ts';
import { P2PError } from './p2p-error.ts';
import { Peer, type PeerStream } from './peer.ts';
import {
  DEFAULT_BAN_DURATION_MS,
  type BanRecord,
  parseDialableMultiaddr,
  PEER_STORE_FILE,
  PeerStore,
} from './peer-store/peer-store.ts';
import { MAX_INV_PER_MESSAGE } from './wire/limits.ts';
import { type NetworkName, p2pProtocolId, PROTOCOL_VERSION } from './wire/protocol.ts';

/** kaspad's defaults: 8 outbound connections, 117 inbound. */
export const DEFAULT_TARGET_OUTBOUND = 8;
export const DEFAULT_MAX_INBOUND = 117;
/** How often the connection manager looks for peers to dial (kaspad connmanager: 30 s). */
const DEFAULT_DIAL_INTERVAL_MS = 30_000;
/** Services bit 0: we serve full blocks (kaspad SFNodeNetwork). */
const SERVICE_FULL_NODE = 1n;
const IDENTITY_FILE = 'p2p-identity.key';

export interface P2POptions {
  network: NetworkName;
  /** The node's network folder: the identity key and peers.sqlite live here. */
  dir: string;
  /** Multiaddrs to listen on, e.g. /ip4/0.0.0.0/tcp/17611; empty: no inbound connections. */
  listen: string[];
  /** Peers to keep connected to (config `peers`, `--peer`), redialed with backoff. */
  peers: string[];
  userAgent: string;
  targetOutbound?: number;
  maxInbound?: number;
  /** Find peers on the LAN with mDNS (default true). */
  mdns?: boolean;
  dialIntervalMs?: number;
  banDurationMs?: number;
  timings?: Partial<FlowTimings>;
  now?: () => number;
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
}

/** The node parts the P2P layer serves and feeds. */
export interface P2PNodeParts {
  consensus: Consensus;
  imports: BlockImportQueue;
  mempool: Mempool;
  events: NodeEvents;
  submitTransaction(tx: Transaction): void;
}

/** A permanent (configured or added) peer address and its redial backoff. */
interface PermanentPeer {
  address: Multiaddr;
  peerId: string | undefined;
  failures: number;
  nextAttemptAt: number;
  dialing: boolean;
}

/**
 * The P2P layer (DESIGN: p2p/): a libp2p host (TCP, noise, yamux, identify, mDNS) speaking one
 * framed stream per peer on `/dagwallet/<network>/p2p/<version>`, kaspad's flows on top, a
 * persisted peer store with bans, a connection manager and one IBD at a time.
 */
export class P2PService {
  readonly #options: P2POptions;
  readonly #parts: P2PNodeParts;
  readonly #context: FlowContext;
  readonly #nodeId = randomBytes(16);
  readonly #peers = new Map<string, Peer>();
  readonly #peersByNodeId = new Map<string, Peer>();
  /** Peer ids being dialed (outbound connections not yet up). */
  readonly #dialing = new Set<string>();
  readonly #permanent = new Map<string, PermanentPeer>();
  readonly #unsubscribe: (() => void)[] = [];
  #libp2p: Libp2p | undefined;
  #store: PeerStore | undefined;
  #dialTimer: NodeJS.Timeout | undefined;
  #ibd: { peer: Peer; done: Promise<void> } | undefined;
  /** The latest block that asked for IBD while one ran; tried when it ends, so no peer's branch is left behind. */
  #deferredIbd: { peer: Peer; high: BlockKey; header: BlockHeader } | undefined;
  #syncProgress: SyncProgress | undefined;
  #stopped = false;

  private constructor(options: P2POptions, parts: P2PNodeParts) {
    this.#options = options;
    this.#parts = parts;
    const log = options.log ?? (() => {});
    this.#context = {
      consensus: parts.consensus,
      imports: parts.imports,
      mempool: parts.mempool,
      timings: { ...DEFAULT_FLOW_TIMINGS, ...options.timings },
      submitTransaction: (tx) => parts.submitTransaction(tx),
      addressesToShare: () => this.#addressesToShare(),
      learnAddresses: (addresses) => this.#store?.addAddresses(addresses, 'peer', this.#now()),
      requestIbd: (peer, high, header) => this.#requestIbd(peer, high, header),
      blocksInFlight: new Set(),
      transactionsInFlight: new Set(),
      stats: { relayBlocksReceived: 0, relayTransactionsReceived: 0 },
      log,
      now: () => this.#now(),
    };
  }

  static async start(options: P2POptions, parts: P2PNodeParts): Promise<P2PService> {
    const service = new P2PService(options, parts);
    try {
      await service.#start();
    } catch (error) {
      await service.stop();
      throw error;
    }
    return service;
  }

  async #start(): Promise<void> {
    const options = this.#options;
    const store = PeerStore.open(join(options.dir, PEER_STORE_FILE));
    this.#store = store;
    const privateKey = await loadOrCreateIdentity(options.dir);
    const libp2p = await createLibp2p({
      privateKey,
      addresses: { listen: options.listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: {
        maxConnections:
          (options.maxInbound ?? DEFAULT_MAX_INBOUND) + (options.targetOutbound ?? DEFAULT_TARGET_OUTBOUND) + 16,
      },
      connectionGater: {
        denyDialPeer: (peerId: PeerId) => this.#isBanned({ peerId: peerId.toString() }),
        denyInboundConnection: (connection: { remoteAddr: Multiaddr }) =>
          this.#isBanned({ ip: ipOf(connection.remoteAddr) }),
        denyInboundEncryptedConnection: (peerId: PeerId, connection: { remoteAddr: Multiaddr }) =>
          this.#isBanned({ peerId: peerId.toString(), ip: ipOf(connection.remoteAddr) }),
      },
      services: {
        identify: identify(),
        ...((options.mdns ?? true) ? { mdns: mdns({ serviceTag: `_dagwallet-${options.network}._udp.local` }) } : {}),
      },
    });
    this.#libp2p = libp2p;
    store.setSelf(libp2p.peerId.toString());
    libp2p.addEventListener('peer:discovery', (event) => {
      const id = event.detail.id.toString();
      const found = event.detail.multiaddrs.map((address) => ({
        multiaddr: address.toString().includes('/p2p/') ? address.toString() : `${address.toString()}/p2p/${id}`,
        lastSeen: this.#now(),
      }));
      store.addAddresses(found, 'mdns', this.#now());
    });
    await libp2p.handle(this.protocolId, (stream, connection) => {
      void this.#accept(stream, connection, 'inbound');
    });
    this.#unsubscribe.push(
      this.#parts.imports.onOutcome((outcome, _block, source) => {
        if (outcome.status === 'accepted' && outcome.utxo.status === 'valid' && source !== 'ibd') {
          this.announceBlock(outcome.hash);
        }
      }),
      this.#parts.mempool.onChange((change) => {
        if (change.added.length > 0) this.#announceTransactions(change.added.map((entry) => entry.id));
      }),
    );
    for (const text of options.peers) this.addPeer(text);
    this.#dialTimer = setInterval(
      () => this.#maintainConnections(),
      options.dialIntervalMs ?? DEFAULT_DIAL_INTERVAL_MS,
    );
    this.#dialTimer.unref();
    this.#maintainConnections();
  }

  get protocolId(): string {
    return p2pProtocolId(this.#options.network);
  }

  get peerId(): string {
    return this.#libp2p?.peerId.toString() ?? '';
  }

  /** The addresses other nodes can dial us on (with our /p2p/ id). */
  get listenAddresses(): string[] {
    return this.#libp2p?.getMultiaddrs().map(String) ?? [];
  }

  get stats(): Readonly<P2PStats> {
    return this.#context.stats;
  }

  get syncProgress(): SyncProgress | undefined {
    return this.#syncProgress;
  }

  get isSyncing(): boolean {
    return this.#ibd !== undefined;
  }

  /** Peers past the handshake. */
  peers(): ConnectedPeerInfo[] {
    return [...this.#readyPeers()].map((peer) => ({
      peerId: peer.id,
      address: peer.info.remoteAddress,
      direction: peer.info.direction,
      userAgent: peer.version?.userAgent ?? '',
      protocolVersion: peer.version?.protocolVersion ?? 0,
      connectedAt: peer.connectedAt,
      pingMs: peer.lastPingMs ?? null,
      score: peer.score,
      selectedTip: peer.version ? bytesToHex(peer.version.selectedTipHash) : '',
      syncing: this.#ibd?.peer === peer,
      bytesReceived: peer.bytesReceived,
      bytesSent: peer.bytesSent,
    }));
  }

  bans(): BanRecord[] {
    return this.#store?.bans(this.#now()) ?? [];
  }

  knownAddressCount(): number {
    return this.#store?.counts().addresses ?? 0;
  }

  /**
   * Keeps a connection to `address` (a multiaddr, with or without /p2p/<id>), redialing with
   * backoff while it is down. Throws P2PError('BAD_ADDRESS') for text that is not a TCP multiaddr.
   */
  addPeer(text: string): void {
    let address: Multiaddr;
    try {
      address = multiaddr(text);
    } catch (error) {
      throw new P2PError('BAD_ADDRESS', `not a multiaddr: ${text} (${(error as Error).message})`);
    }
    if (!address.getComponents().some((component) => component.name === 'tcp')) {
      throw new P2PError('BAD_ADDRESS', `not a TCP address: ${text}`);
    }
    const key = address.toString();
    if (this.#permanent.has(key)) return;
    const dialable = parseDialableMultiaddr(key);
    this.#permanent.set(key, { address, peerId: dialable?.peerId, failures: 0, nextAttemptAt: 0, dialing: false });
    if (dialable)
      this.#store?.addAddresses([{ multiaddr: dialable.multiaddr, lastSeen: this.#now() }], 'config', this.#now());
    if (this.#libp2p) void this.#dialPermanent(key);
  }

  /**
   * Stops keeping a connection to `address` (as given to addPeer) and disconnects the peer
   * behind it. Returns false if it was not a permanent peer.
   */
  removePeer(text: string): boolean {
    let key: string;
    try {
      key = multiaddr(text).toString();
    } catch {
      return false;
    }
    const permanent = this.#permanent.get(key);
    if (!permanent) return false;
    this.#permanent.delete(key);
    if (permanent.peerId) this.#peers.get(permanent.peerId)?.disconnect('removed by the user');
    return true;
  }

  /** Disconnects a peer now (it may reconnect, or be redialed if it is permanent). */
  disconnectPeer(peerId: string): boolean {
    const peer = this.#peers.get(peerId);
    peer?.disconnect('disconnected by the user');
    return peer !== undefined;
  }

  /** Bans a connected or known peer by id (and its ip, unless loopback), and disconnects it. */
  ban(peerId: string, reason: string, durationMs = this.#options.banDurationMs ?? DEFAULT_BAN_DURATION_MS): BanRecord {
    const peer = this.#peers.get(peerId);
    const record = this.#recordBan(peerId, peer?.info.ip, reason, durationMs);
    peer?.disconnect(`banned: ${reason}`);
    return record;
  }

  /** The peer store keeps the ip too unless it is loopback (every local node shares it). */
  #recordBan(peerId: string, ip: string | undefined, reason: string, durationMs: number): BanRecord {
    const record = (this.#store as PeerStore).ban({ peerId, ip }, reason, durationMs, this.#now());
    this.#parts.events.emit('peerBanned', { peerId, reason: record.reason, expiresAt: record.expiresAt });
    return record;
  }

  unban(peerIdOrIp: string): boolean {
    return this.#store?.unban(peerIdOrIp) ?? false;
  }

  /** Announces a block we hold (body and all) to every peer that does not know it. */
  announceBlock(hash: BlockKey): void {
    for (const peer of this.#readyPeers()) if (!peer.knownBlocks.has(hash)) this.#announceBlockTo(peer, hash);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#dialTimer);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const peer of this.#peers.values()) peer.disconnect('shutting down');
    await this.#ibd?.done;
    await this.#libp2p?.stop();
    this.#store?.close();
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #isBanned(target: { peerId?: string; ip?: string }): boolean {
    if (!this.#store) return false;
    if (target.ip === undefined && target.peerId === undefined) return false;
    return this.#store.isBanned(target, this.#now()) !== undefined;
  }

  *#readyPeers(): Iterable<Peer> {
    for (const peer of this.#peers.values()) if (peer.version && peer.isOpen) yield peer;
  }

  #addressesToShare(): { multiaddr: string; lastSeen: number }[] {
    const now = this.#now();
    const own = this.listenAddresses
      .filter((address) => parseDialableMultiaddr(address) !== undefined)
      .map((address) => ({ multiaddr: address, lastSeen: now }));
    return [...own, ...(this.#store?.gossip(1000, now) ?? [])];
  }

  #announceTransactions(ids: string[]): void {
    for (const peer of this.#readyPeers()) {
      if (peer.version?.disableRelayTx) continue;
      const fresh = ids.filter((id) => !peer.knownTransactions.has(id));
      for (const id of fresh) peer.knownTransactions.add(id);
      for (let i = 0; i < fresh.length; i += MAX_INV_PER_MESSAGE) {
        peer.send({
          type: 'invTransactions',
          ids: fresh.slice(i, i + MAX_INV_PER_MESSAGE).map((id) => hexToBytes(id)),
        });
      }
    }
  }

  #outboundCount(): number {
    let count = this.#dialing.size;
    for (const peer of this.#peers.values()) if (peer.info.direction === 'outbound') count++;
    return count;
  }

  /** Redials permanent peers that are down, then tops outbound connections up from the peer store. */
  #maintainConnections(): void {
    if (this.#stopped || !this.#libp2p) return;
    for (const key of this.#permanent.keys()) void this.#dialPermanent(key);
    const wanted = (this.#options.targetOutbound ?? DEFAULT_TARGET_OUTBOUND) - this.#outboundCount();
    if (wanted <= 0 || !this.#store) return;
    const exclude = new Set([...this.#peers.keys(), ...this.#dialing]);
    for (const address of this.#store.candidates(wanted, { exclude, now: this.#now() })) {
      void this.#dial(multiaddr(address)).catch(() => {});
    }
  }

  async #dialPermanent(key: string): Promise<void> {
    const permanent = this.#permanent.get(key) as PermanentPeer;
    if (permanent.peerId && (this.#peers.has(permanent.peerId) || this.#dialing.has(permanent.peerId))) return;
    if (permanent.dialing || permanent.nextAttemptAt > this.#now()) return;
    permanent.dialing = true;
    try {
      const peer = await this.#dial(permanent.address);
      permanent.peerId = peer.id;
      permanent.failures = 0;
    } catch (error) {
      permanent.failures++;
      // 1 s, 2 s, 4 s … up to 5 minutes between attempts at a configured peer that is down.
      permanent.nextAttemptAt = this.#now() + Math.min(1000 * 2 ** (permanent.failures - 1), 300_000);
      this.#context.log('debug', `dialing ${key} failed: ${(error as Error).message}`);
    } finally {
      permanent.dialing = false;
    }
  }

  /** Dials, opens our protocol's stream and runs the peer; resolves once the handshake is done. */
  async #dial(address: Multiaddr): Promise<Peer> {
    const libp2p = this.#libp2p as Libp2p;
    const text = address.toString();
    const store = this.#store as PeerStore;
    const dialable = parseDialableMultiaddr(text);
    if (dialable) this.#dialing.add(dialable.peerId);
    store.markAttempt(text, this.#now());
    let connection: Connection | undefined;
    try {
      connection = await libp2p.dial(address);
      const stream = await connection.newStream(this.protocolId);
      const peer = await this.#accept(stream, connection, 'outbound');
      if (!peer) throw new P2PError('DIAL_FAILED', `the handshake with ${text} failed`);
      store.markSuccess(text, this.#now());
      return peer;
    } catch (error) {
      store.markFailure(text, this.#now());
      // A node that does not speak our protocol (another network) keeps no idle connection from us.
      if (connection && !connection.streams.some((stream) => stream.protocol === this.protocolId)) {
        void connection.close().catch(() => {});
      }
      if (error instanceof P2PError) throw error;
      throw new P2PError('DIAL_FAILED', `cannot connect to ${text}: ${(error as Error).message}`, { cause: error });
    } finally {
      if (dialable) this.#dialing.delete(dialable.peerId);
    }
  }

  /** Runs a new stream as a peer: handshake, then the flows. Resolves with the peer, or undefined if it was refused. */
  async #accept(stream: Stream, connection: Connection, direction: 'inbound' | 'outbound'): Promise<Peer | undefined> {
    const peerId = connection.remotePeer.toString();
    const peer = new Peer(
      stream as unknown as PeerStream,
      {
        peerId,
        remoteAddress: connection.remoteAddr.toString(),
        ip: ipOf(connection.remoteAddr),
        direction,
        connectionId: connection.id,
      },
      {
        onOffence: (offender, offence, detail) => this.#offence(offender, offence, detail),
        onClose: (closed, reason) => this.#closed(closed, reason, connection),
      },
      this.#now(),
    );
    if (this.#stopped) {
      peer.disconnect('shutting down');
      return undefined;
    }
    const existing = this.#peers.get(peerId);
    if (existing) {
      // Both sides dialed at once. Both keep the stream opened by the lower peer id, so they agree.
      const dialerOf = (p: Peer) => (p.info.direction === 'outbound' ? this.peerId : peerId);
      if (!(dialerOf(peer) < dialerOf(existing))) {
        peer.disconnect('already connected', { tellPeer: false });
        return undefined;
      }
      this.#peers.set(peerId, peer);
      existing.disconnect('replaced by a simultaneous connection', { tellPeer: false });
    }
    if (direction === 'inbound' && this.#inboundCount() >= (this.#options.maxInbound ?? DEFAULT_MAX_INBOUND)) {
      peer.disconnect('too many inbound peers');
      return undefined;
    }
    this.#peers.set(peerId, peer);
    const handshakeRoute = peer.route(['version', 'verack']);
    try {
      const version = await performHandshake(peer, handshakeRoute, this.#version());
      peer.unroute(handshakeRoute);
      const nodeId = bytesToHex(version.id);
      if (this.#peersByNodeId.has(nodeId)) throw new P2PError('INCOMPATIBLE', `already connected to node ${nodeId}`);
      this.#peersByNodeId.set(nodeId, peer);
    } catch (error) {
      peer.disconnect(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    this.#runFlows(peer);
    this.#parts.events.emit('peerConnected', { peerId, address: peer.info.remoteAddress, direction });
    this.#context.log('info', `connected to ${peerId} (${direction}, ${peer.version?.userAgent})`);
    return peer;
  }

  #inboundCount(): number {
    let count = 0;
    for (const peer of this.#peers.values()) if (peer.info.direction === 'inbound') count++;
    return count;
  }

  #version() {
    return {
      type: 'version' as const,
      protocolVersion: PROTOCOL_VERSION,
      network: this.#options.network,
      userAgent: this.#options.userAgent,
      services: SERVICE_FULL_NODE,
      selectedTipHash: hexToBytes(this.#parts.consensus.sink()),
      timestamp: this.#now(),
      id: this.#nodeId,
      disableRelayTx: false,
    };
  }

  /** Starts kaspad's flow set for a peer; every route exists before held messages are let through. */
  #runFlows(peer: Peer): void {
    const flows = [
      runRejectFlow,
      runPingFlow,
      runAddressFlow,
      runBlockRelayFlow,
      runBlockRequestFlow,
      runTransactionRelayFlow,
      runTransactionRequestFlow,
      runIbdSyncerFlow,
    ];
    for (const flow of flows) flow(peer, this.#context).catch((error: unknown) => this.#flowFailed(peer, error));
    peer.startRouting();
    // kaspad sends its selected tip after the handshake, so a peer that lacks it syncs at once.
    this.#announceBlockTo(peer, this.#parts.consensus.sink());
  }

  #announceBlockTo(peer: Peer, hash: BlockKey): void {
    peer.knownBlocks.add(hash);
    peer.announcedBlocks.add(hash);
    peer.send({ type: 'invRelayBlock', hash: hexToBytes(hash) });
  }

  #flowFailed(peer: Peer, error: unknown): void {
    if (error instanceof P2PError && error.code === 'DISCONNECTED') return;
    if (error instanceof P2PError && error.code === 'PROTOCOL') peer.misbehave('UNEXPECTED_MESSAGE', error.message);
    peer.disconnect(error instanceof Error ? error.message : String(error));
  }

  #offence(peer: Peer, offence: Offence, detail: string): void {
    this.#context.log('warn', `peer ${peer.id}: ${offence} (${detail}); score ${peer.score}`);
    if (peer.score < BAN_SCORE || !this.#store) return;
    this.#recordBan(
      peer.id,
      peer.info.ip,
      `${offence}: ${detail}`,
      this.#options.banDurationMs ?? DEFAULT_BAN_DURATION_MS,
    );
  }

  #closed(peer: Peer, reason: string, connection: Connection): void {
    if (this.#peers.get(peer.id) === peer) this.#peers.delete(peer.id);
    if (peer.version) {
      const nodeId = bytesToHex(peer.version.id);
      if (this.#peersByNodeId.get(nodeId) === peer) this.#peersByNodeId.delete(nodeId);
      this.#parts.events.emit('peerDisconnected', { peerId: peer.id, reason });
      this.#context.log('info', `disconnected from ${peer.id}: ${reason}`);
    }
    // One stream per connection: the connection goes with it (and a banned peer's at once), unless
    // the peer's live stream shares it (a duplicate stream refused on a reused connection).
    const live = this.#peers.get(peer.id);
    if (live?.isOpen && live.info.connectionId === connection.id) return;
    connection.close().catch(() => connection.abort(new Error(reason)));
  }

  #requestIbd(peer: Peer, high: BlockKey, highHeader: BlockHeader): void {
    if (this.#stopped) return;
    if (this.#ibd) {
      if (this.#ibd.peer !== peer) this.#deferredIbd = { peer, high, header: highHeader };
      return;
    }
    const sinkBefore = this.#parts.consensus.sink();
    const done = runIbd(peer, this.#context, high, highHeader, (progress) => {
      this.#syncProgress = progress;
      this.#parts.events.emit('syncProgress', progress);
    })
      .catch((error: unknown) => {
        this.#context.log('warn', `IBD from ${peer.id} stopped: ${(error as Error).message}`);
        this.#flowFailed(peer, error);
      })
      .finally(() => {
        this.#ibd = undefined;
        // IBD blocks are not relayed one by one; the new sink is, so peers behind us follow.
        const sink = this.#parts.consensus.sink();
        if (sink !== sinkBefore && !this.#stopped) this.announceBlock(sink);
        const deferred = this.#deferredIbd;
        this.#deferredIbd = undefined;
        if (deferred?.peer.isOpen && !this.#parts.consensus.store.bodies.has(deferred.high)) {
          this.#requestIbd(deferred.peer, deferred.high, deferred.header);
        }
      });
    this.#ibd = { peer, done };
  }
}

/** The IP of a TCP multiaddr, for IP bans. */
function ipOf(address: Multiaddr): string | undefined {
  const component = address.getComponents().find((part) => part.name === 'ip4' || part.name === 'ip6');
  return component?.value;
}

/**
 * The node's libp2p identity, kept across restarts (so peers' records and bans of us stay
 * meaningful): an Ed25519 key in the network folder, written 0600 and atomically.
 */
async function loadOrCreateIdentity(dir: string): Promise<PrivateKey> {
  const path = join(dir, IDENTITY_FILE);
  if (existsSync(path)) return privateKeyFromProtobuf(readFileSync(path));
  const key = await generateKeyPair('Ed25519');
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, privateKeyToProtobuf(key), { mode: 0o600 });
  renameSync(temporary, path);
  return key;
}
