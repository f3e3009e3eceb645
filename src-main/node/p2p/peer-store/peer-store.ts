import { isIPv4, isIPv6 } from 'node:net';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import type { Database, Statement } from 'better-sqlite3';
import { type Migration, migrate } from '../../store/migrations.ts';
import { openDatabase } from '../../store/open-database.ts';
import { PeerStoreError } from './peer-store-error.ts';

/** The peer store's file in the node's data folder, apart from the consensus store. */
export const PEER_STORE_FILE = 'peers.sqlite';
/** Addresses kept at most (kaspad's addressmanager keeps the same number). */
export const MAX_ADDRESSES = 4096;
/** Bans kept at most, so peers that keep earning bans under fresh ids cannot grow the file forever. */
export const MAX_BANS = 4096;
/** kaspad's default `--banduration`. */
export const DEFAULT_BAN_DURATION_MS = 24 * 60 * 60 * 1000;
/** Longer multiaddr text is skipped before parsing: a dialable TCP address is far shorter. */
export const MAX_MULTIADDR_LENGTH = 256;
/** Addresses older than this are not passed on: the peer has likely moved or gone. */
export const GOSSIP_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
/** An address that failed this many dials in a row is not passed on. */
export const GOSSIP_MAX_FAILURES = 3;
export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 60 * 60 * 1000;
const MAX_REASON_LENGTH = 500;

export type AddressSource = 'config' | 'mdns' | 'peer' | 'inbound';
const SOURCES: ReadonlySet<string> = new Set<AddressSource>(['config', 'mdns', 'peer', 'inbound']);

export interface KnownAddress {
  multiaddr: string;
  lastSeen: number;
}

export interface BanTarget {
  peerId?: string;
  ip?: string;
}

export interface BanRecord {
  peerId?: string;
  ip?: string;
  reason: string;
  bannedAt: number;
  expiresAt: number;
}

/** A multiaddr the node can dial, in one canonical spelling so the same address is stored once. */
export interface DialableAddress {
  multiaddr: string;
  peerId: string;
  /** The host when it is an ip literal; DNS names have none (an ip ban cannot match them unresolved). */
  ip: string | undefined;
  port: number;
}

/**
 * Reads `/ip4|ip6|dns4|dns6/<host>/tcp/<port>/p2p/<peerId>` from untrusted text; anything else,
 * including text that does not parse, gives undefined rather than an exception.
 */
export function parseDialableMultiaddr(text: unknown): DialableAddress | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_MULTIADDR_LENGTH) return undefined;
  try {
    const components = multiaddr(text).getComponents();
    if (components.length !== 3) return undefined;
    const [host, tcp, p2p] = components;
    if (host === undefined || tcp === undefined || p2p === undefined) return undefined;
    if (tcp.name !== 'tcp' || p2p.name !== 'p2p') return undefined;
    const port = Number(tcp.value);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
    const peerId = canonicalPeerId(p2p.value);
    if (peerId === undefined) return undefined;
    let hostText: string;
    let ip: string | undefined;
    if (host.name === 'ip4' || host.name === 'ip6') {
      ip = normalizeIp(host.value);
      if (ip === undefined) return undefined;
      hostText = host.name === 'ip6' ? canonicalIpv6(host.value ?? '') : ip;
      if (hostText === '') return undefined;
    } else if (host.name === 'dns4' || host.name === 'dns6') {
      hostText = (host.value ?? '').toLowerCase().replace(/\.$/, '');
      if (!HOSTNAME.test(hostText)) return undefined;
    } else {
      return undefined;
    }
    return { multiaddr: `/${host.name}/${hostText}/tcp/${port}/p2p/${peerId}`, peerId, ip, port };
  } catch {
    return undefined;
  }
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function canonicalPeerId(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0 || text.length > MAX_MULTIADDR_LENGTH) return undefined;
  try {
    const peerId = peerIdFromString(text);
    // URL peer ids name no key a connection could prove; they are never a TCP peer.
    return peerId.type === 'url' ? undefined : peerId.toString();
  } catch {
    return undefined;
  }
}

/** The compressed lower-case IPv6 spelling, or '' when it does not parse. */
function canonicalIpv6(text: string): string {
  if (!isIPv6(text)) return '';
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return ''; // zone ids (fe80::1%eth0) pass isIPv6 but are no address a peer can share
  }
}

/**
 * One spelling per address, so bans and lookups compare equal: IPv4 as dotted decimal, IPv6
 * compressed, and IPv4-mapped IPv6 (what a dual-stack socket reports) as the IPv4 it carries.
 */
export function normalizeIp(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  if (isIPv4(text)) return text;
  const v6 = canonicalIpv6(text);
  if (v6 === '') return undefined;
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (mapped === null) return v6;
  const high = parseInt(mapped[1] ?? '0', 16);
  const low = parseInt(mapped[2] ?? '0', 16);
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** 127.0.0.0/8 or ::1 (also as IPv4-mapped IPv6); false for text that is no ip. */
export function isLoopback(ip: string): boolean {
  const normalized = normalizeIp(ip);
  if (normalized === undefined) return false;
  return normalized === '::1' || (isIPv4(normalized) && normalized.startsWith('127.'));
}

const PEER_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'known addresses and bans',
    up(db) {
      db.exec(`
        -- One row per dialable multiaddr (which names its peer id). ip is NULL for DNS hosts.
        CREATE TABLE addresses (
          multiaddr TEXT PRIMARY KEY,
          peer_id TEXT NOT NULL,
          ip TEXT,
          source TEXT NOT NULL CHECK (source IN ('config', 'mdns', 'peer', 'inbound')),
          last_seen INTEGER NOT NULL,
          last_attempt INTEGER,
          last_success INTEGER,
          failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0)
        ) STRICT;
        CREATE INDEX addresses_by_peer ON addresses (peer_id);
        CREATE INDEX addresses_by_ip ON addresses (ip);
        CREATE INDEX addresses_by_last_seen ON addresses (last_seen);

        -- '' stands for "not part of this ban" so the pair can be a key (NULLs never collide).
        CREATE TABLE bans (
          peer_id TEXT NOT NULL,
          ip TEXT NOT NULL,
          reason TEXT NOT NULL,
          banned_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          PRIMARY KEY (peer_id, ip),
          CHECK (peer_id <> '' OR ip <> '')
        ) STRICT;
        CREATE INDEX bans_by_ip ON bans (ip);
        CREATE INDEX bans_by_expiry ON bans (expires_at);
      `);
    },
  },
];

/** First-hand knowledge beats gossip; a configured address stays configured. */
const sourceRank = (column: string): string =>
  `CASE ${column} WHEN 'config' THEN 3 WHEN 'mdns' THEN 2 WHEN 'inbound' THEN 1 ELSE 0 END`;

const NOT_BANNED = `NOT EXISTS (
  SELECT 1 FROM bans b WHERE b.expires_at > @now AND (b.peer_id = a.peer_id OR b.ip = a.ip)
)`;

const DIAL_ORDER = `(a.source = 'config') DESC, a.last_success DESC NULLS LAST, a.last_seen DESC,
  a.failures ASC, a.multiaddr ASC`;

interface BanRow {
  peer_id: string;
  ip: string;
  reason: string;
  banned_at: number;
  expires_at: number;
}

function toBanRecord(row: BanRow): BanRecord {
  return {
    ...(row.peer_id === '' ? {} : { peerId: row.peer_id }),
    ...(row.ip === '' ? {} : { ip: row.ip }),
    reason: row.reason,
    bannedAt: row.banned_at,
    expiresAt: row.expires_at,
  };
}

function requireTime(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw new PeerStoreError('INVALID_ARGUMENT', `${name} must be a Unix time in ms, got ${String(value)}`);
  }
  return Math.floor(value);
}

function requireCount(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PeerStoreError('INVALID_ARGUMENT', `${name} must be a count, got ${String(value)}`);
  }
  return Math.floor(value);
}

/**
 * What the node knows about other peers: addresses to dial and pass on, how dialing them went,
 * and who is banned. Adapted from kaspad's addressmanager (bounded table, failure counts, bans
 * with a default 24 h duration) and connmanager (retry with doubling delay), but kept in SQLite so
 * it survives restarts. Every write is one statement or one transaction, so a killed process
 * leaves either the old or the new state.
 */
export class PeerStore {
  readonly #db: Database;
  #self: string | undefined;
  readonly #upsertAddress: Statement;
  readonly #trimAddresses: Statement;
  readonly #deletePeer: Statement;
  readonly #markAttempt: Statement;
  readonly #markSuccess: Statement;
  readonly #markFailure: Statement;
  readonly #candidates: Statement;
  readonly #gossip: Statement;
  readonly #upsertBan: Statement;
  readonly #trimBans: Statement;
  readonly #bansFor: Statement;
  readonly #deleteBan: Statement;
  readonly #deleteExpiredBans: Statement;
  readonly #unbanPeer: Statement;
  readonly #unbanIp: Statement;
  readonly #activeBans: Statement;
  readonly #countAddresses: Statement;
  readonly #countBans: Statement;
  readonly #addAll: (entries: readonly unknown[], source: AddressSource, now: number) => number;
  readonly #banOne: (peerId: string, ip: string, reason: string, now: number, expiresAt: number) => BanRow;

  constructor(db: Database) {
    migrate(db, PEER_STORE_MIGRATIONS);
    this.#db = db;
    this.#upsertAddress = db.prepare(`
      INSERT INTO addresses (multiaddr, peer_id, ip, source, last_seen)
      VALUES (@multiaddr, @peerId, @ip, @source, @lastSeen)
      ON CONFLICT (multiaddr) DO UPDATE SET
        last_seen = max(last_seen, excluded.last_seen),
        source = CASE WHEN ${sourceRank('excluded.source')} > ${sourceRank('source')} THEN excluded.source ELSE source END
      WHERE excluded.last_seen > addresses.last_seen
        OR ${sourceRank('excluded.source')} > ${sourceRank('addresses.source')}`);
    // The worst rows go first: most failures, then longest unseen (kaspad drops the most failing).
    this.#trimAddresses = db.prepare(`
      DELETE FROM addresses WHERE multiaddr IN (
        SELECT multiaddr FROM addresses WHERE source <> 'config'
        ORDER BY failures DESC, last_seen ASC, multiaddr ASC LIMIT ?)`);
    this.#deletePeer = db.prepare('DELETE FROM addresses WHERE peer_id = ?');
    this.#markAttempt = db.prepare('UPDATE addresses SET last_attempt = @now WHERE multiaddr = @multiaddr');
    this.#markSuccess = db.prepare(`
      UPDATE addresses SET failures = 0, last_success = @now, last_seen = max(last_seen, @now),
        last_attempt = coalesce(last_attempt, @now)
      WHERE multiaddr = @multiaddr`);
    // A failure without a recorded attempt still starts the backoff clock.
    this.#markFailure = db.prepare(`
      UPDATE addresses SET failures = failures + 1, last_attempt = coalesce(last_attempt, @now)
      WHERE multiaddr = @multiaddr`);
    // Backoff after n failures: BASE * 2^(n-1), capped; the exponent is capped first so the shift
    // cannot overflow (2^9 * 10 s already exceeds the 1 h cap).
    this.#candidates = db
      .prepare(
        `
      WITH eligible AS (
        SELECT a.*, row_number() OVER (PARTITION BY a.peer_id ORDER BY ${DIAL_ORDER}) AS nth
        FROM addresses a
        WHERE a.peer_id NOT IN (SELECT value FROM json_each(@exclude))
          AND a.peer_id IS NOT @self
          AND (a.failures = 0 OR a.last_attempt IS NULL
            OR @now - a.last_attempt >= min(${BACKOFF_BASE_MS} << min(a.failures - 1, 20), ${BACKOFF_MAX_MS}))
          AND ${NOT_BANNED}
      )
      SELECT a.multiaddr FROM eligible a WHERE a.nth = 1 ORDER BY ${DIAL_ORDER} LIMIT @count`,
      )
      .pluck();
    this.#gossip = db.prepare(`
      SELECT a.multiaddr, a.last_seen AS lastSeen FROM addresses a
      WHERE a.last_seen >= @now - ${GOSSIP_MAX_AGE_MS} AND a.failures < ${GOSSIP_MAX_FAILURES}
        AND a.peer_id IS NOT @self AND ${NOT_BANNED}
      ORDER BY a.last_seen DESC, a.multiaddr ASC LIMIT @count`);
    // A repeated ban keeps the later expiry: a new offence never shortens an old ban.
    this.#upsertBan = db.prepare(`
      INSERT INTO bans (peer_id, ip, reason, banned_at, expires_at)
      VALUES (@peerId, @ip, @reason, @now, @expiresAt)
      ON CONFLICT (peer_id, ip) DO UPDATE SET
        reason = excluded.reason, banned_at = excluded.banned_at,
        expires_at = max(expires_at, excluded.expires_at)
      RETURNING *`);
    this.#trimBans = db.prepare(`
      DELETE FROM bans WHERE rowid IN (SELECT rowid FROM bans ORDER BY expires_at ASC, banned_at ASC LIMIT ?)`);
    this.#bansFor = db.prepare(`
      SELECT * FROM bans WHERE (@peerId <> '' AND peer_id = @peerId) OR (@ip <> '' AND ip = @ip)
      ORDER BY expires_at DESC`);
    this.#deleteBan = db.prepare('DELETE FROM bans WHERE peer_id = @peer_id AND ip = @ip');
    this.#deleteExpiredBans = db.prepare('DELETE FROM bans WHERE expires_at <= ?');
    this.#unbanPeer = db.prepare('DELETE FROM bans WHERE peer_id = ?');
    this.#unbanIp = db.prepare('DELETE FROM bans WHERE ip = ?');
    this.#activeBans = db.prepare('SELECT * FROM bans WHERE expires_at > ? ORDER BY banned_at DESC, peer_id, ip');
    this.#countAddresses = db.prepare('SELECT count(*) FROM addresses').pluck();
    this.#countBans = db.prepare('SELECT count(*) FROM bans').pluck();

    this.#addAll = db.transaction((entries: readonly unknown[], source: AddressSource, now: number) => {
      let changed = 0;
      for (const entry of entries.slice(0, MAX_ADDRESSES)) {
        if (typeof entry !== 'object' || entry === null) continue;
        const { multiaddr: text, lastSeen } = entry as { multiaddr?: unknown; lastSeen?: unknown };
        if (typeof lastSeen !== 'number' || !Number.isFinite(lastSeen) || lastSeen < 0) continue;
        const address = parseDialableMultiaddr(text);
        if (address === undefined || address.peerId === this.#self) continue;
        const result = this.#upsertAddress.run({
          multiaddr: address.multiaddr,
          peerId: address.peerId,
          ip: address.ip ?? null,
          source,
          // A peer's clock (or a lie) must not make an address look fresher than now.
          lastSeen: Math.floor(Math.min(lastSeen, now)),
        });
        changed += result.changes;
      }
      const excess = (this.#countAddresses.get() as number) - MAX_ADDRESSES;
      if (excess > 0) this.#trimAddresses.run(excess);
      return changed;
    });
    this.#banOne = db.transaction((peerId: string, ip: string, reason: string, now: number, expiresAt: number) => {
      this.#deleteExpiredBans.run(now);
      const row = this.#upsertBan.get({ peerId, ip, reason, now, expiresAt }) as BanRow;
      const excess = (this.#countBans.get() as number) - MAX_BANS;
      if (excess > 0) this.#trimBans.run(excess);
      return row;
    });
  }

  static open(path: string): PeerStore {
    const db = openDatabase(path);
    try {
      return new PeerStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.#db.close();
  }

  /** Our own peer id: never stored, dialed or passed on (peers echo our address back to us). */
  setSelf(peerId: string): void {
    const canonical = canonicalPeerId(peerId);
    if (canonical === undefined) throw new PeerStoreError('INVALID_TARGET', `not a peer id: ${String(peerId)}`);
    this.#self = canonical;
    this.#deletePeer.run(canonical);
  }

  /**
   * Records addresses (usually from untrusted peers): entries that are not a dialable TCP
   * multiaddr with a peer id, or carry no usable lastSeen, are skipped; at most MAX_ADDRESSES
   * entries of one call are looked at. Returns how many rows were inserted or freshened, counted
   * before the table is trimmed back to MAX_ADDRESSES.
   */
  addAddresses(addresses: readonly KnownAddress[], source: AddressSource, now: number): number {
    const time = requireTime(now, 'now');
    if (!SOURCES.has(source)) throw new PeerStoreError('INVALID_ARGUMENT', `unknown address source ${String(source)}`);
    if (!Array.isArray(addresses)) throw new PeerStoreError('INVALID_ARGUMENT', 'addresses must be an array');
    return this.#addAll(addresses, source, time);
  }

  /** A dial to `multiaddr` starts now; false when the address is not stored. */
  markAttempt(multiaddr: string, now: number): boolean {
    return this.#mark(this.#markAttempt, multiaddr, now);
  }

  /** The peer answered: its failures are forgiven and it counts as seen now. */
  markSuccess(multiaddr: string, now: number): boolean {
    return this.#mark(this.#markSuccess, multiaddr, now);
  }

  markFailure(multiaddr: string, now: number): boolean {
    return this.#mark(this.#markFailure, multiaddr, now);
  }

  #mark(statement: Statement, text: string, now: number): boolean {
    const time = requireTime(now, 'now');
    const address = parseDialableMultiaddr(text);
    if (address === undefined) return false;
    return statement.run({ multiaddr: address.multiaddr, now: time }).changes > 0;
  }

  /**
   * Up to `count` multiaddrs to dial, one per peer, best first: configured, then most recently
   * successful, then most recently seen, then fewest failures. Banned peers and ips, peers in
   * `exclude` (connected or being dialed) and addresses still in their backoff are left out.
   */
  candidates(count: number, options: { exclude: ReadonlySet<string>; now: number }): string[] {
    const limit = requireCount(count, 'count');
    const now = requireTime(options.now, 'now');
    if (limit === 0) return [];
    return this.#candidates.all({
      exclude: JSON.stringify([...options.exclude]),
      self: this.#self ?? null,
      now,
      count: limit,
    }) as string[];
  }

  /** Addresses worth telling other peers about: recent, not banned, not failing; newest first. */
  gossip(limit: number, now: number): KnownAddress[] {
    const count = requireCount(limit, 'limit');
    const time = requireTime(now, 'now');
    if (count === 0) return [];
    return this.#gossip.all({ now: time, count, self: this.#self ?? null }) as KnownAddress[];
  }

  /**
   * Bans a peer id, an ip, or both (one record; either field matches). An ip ban on a loopback
   * address is refused: every node on this machine (tests, a second wallet, a local miner)
   * connects from 127.0.0.1 or ::1, so banning it would shut out all of them for one culprit.
   * With a peer id given, the ban then names the peer id alone; with only a loopback ip, it throws.
   */
  ban(target: BanTarget, reason: string, durationMs: number, now: number): BanRecord {
    const time = requireTime(now, 'now');
    if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs <= 0) {
      throw new PeerStoreError('INVALID_ARGUMENT', `ban duration must be positive, got ${String(durationMs)}`);
    }
    const expiresAt = requireTime(time + durationMs, 'ban expiry');
    const peerId = target.peerId === undefined ? '' : this.#requirePeerId(target.peerId);
    let ip = target.ip === undefined ? '' : this.#requireIp(target.ip);
    if (ip !== '' && isLoopback(ip)) {
      if (peerId === '') {
        throw new PeerStoreError('LOOPBACK_IP', `refusing to ban ${ip}: every local node shares it; ban the peer id`);
      }
      ip = '';
    }
    if (peerId === '' && ip === '') throw new PeerStoreError('INVALID_TARGET', 'a ban needs a peer id or an ip');
    const text = typeof reason === 'string' ? reason.slice(0, MAX_REASON_LENGTH) : '';
    return toBanRecord(this.#banOne(peerId, ip, text, time, expiresAt));
  }

  /** The active ban matching the peer id or the ip, if any; expired matches are deleted on the way. */
  isBanned(target: BanTarget, now: number): BanRecord | undefined {
    const time = requireTime(now, 'now');
    const peerId = target.peerId === undefined ? '' : this.#requirePeerId(target.peerId);
    const ip = target.ip === undefined ? '' : this.#requireIp(target.ip);
    if (peerId === '' && ip === '') return undefined;
    const rows = this.#bansFor.all({ peerId, ip }) as BanRow[];
    const expired = rows.filter((row) => row.expires_at <= time);
    if (expired.length > 0) {
      this.#db.transaction(() => {
        for (const row of expired) this.#deleteBan.run({ peer_id: row.peer_id, ip: row.ip });
      })();
    }
    const active = rows.find((row) => row.expires_at > time);
    return active === undefined ? undefined : toBanRecord(active);
  }

  /**
   * Lifts every ban naming this peer id or ip (a ban naming both goes whole). True when a ban was
   * on record, even one that had already expired but was not yet pruned.
   */
  unban(peerIdOrIp: string): boolean {
    const ip = normalizeIp(peerIdOrIp);
    if (ip !== undefined) return this.#unbanIp.run(ip).changes > 0;
    const peerId = canonicalPeerId(peerIdOrIp);
    if (peerId === undefined) return false;
    return this.#unbanPeer.run(peerId).changes > 0;
  }

  /** Active bans, newest first. */
  bans(now: number): BanRecord[] {
    const time = requireTime(now, 'now');
    this.#deleteExpiredBans.run(time);
    return (this.#activeBans.all(time) as BanRow[]).map(toBanRecord);
  }

  /** Deletes expired bans; returns how many. */
  pruneExpired(now: number): number {
    return this.#deleteExpiredBans.run(requireTime(now, 'now')).changes;
  }

  /** Stored rows. Expired bans count until `bans`, `ban`, `isBanned` or `pruneExpired` removes them. */
  counts(): { addresses: number; bans: number } {
    return { addresses: this.#countAddresses.get() as number, bans: this.#countBans.get() as number };
  }

  #requirePeerId(text: string): string {
    const peerId = canonicalPeerId(text);
    if (peerId === undefined) throw new PeerStoreError('INVALID_TARGET', `not a peer id: ${String(text)}`);
    return peerId;
  }

  #requireIp(text: string): string {
    const ip = normalizeIp(text);
    if (ip === undefined) throw new PeerStoreError('INVALID_TARGET', `not an ip address: ${String(text)}`);
    return ip;
  }
}
