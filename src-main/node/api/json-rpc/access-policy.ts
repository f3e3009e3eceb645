/**
 * Who may use the node's API port, decided before any handler runs: pure functions and a rate
 * limiter, shared by the HTTP server (rpc-server.ts) and the WebSocket upgrade (ws-rpc-server.ts).
 *
 * - Loopback bind (the default): the Host header must name the loopback address and the port,
 *   so a web page cannot reach the node by DNS rebinding; JSON-RPC and WebSocket need the token.
 * - Any other bind: the node is reachable from the network, and the token is required for every
 *   request but the UI's static files (they hold no secret: the token travels in the URL's
 *   fragment). The Host header is not checked there: remote clients name the node as they reach it.
 * - Either way, a browser request whose Origin is present and is not the page's own origin
 *   (`http://` + the Host it was sent to) is refused: another site's page may not use the API.
 */
import { isIP } from 'node:net';

/** Request rate per client: a token bucket refilled at `perSecond`, holding at most `burst`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Generous for one user's UI, CLI and scripts on the same machine (they share 127.0.0.1): a page
 * load is tens of requests, a busy screen a few per second. An operator serving others lowers it.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 500, burst: 5_000 };

/** The REST API's paths (api/rest/): their errors take the REST shape, {errorCode, errorMessage}. */
export const REST_PATH_PREFIXES = [
  '/block',
  '/blocks',
  '/transaction',
  '/transactions',
  '/utxos',
  '/fee-estimates',
  '/info',
  '/openapi.json',
] as const;

/** The JSON-RPC and WebSocket endpoints' paths. */
export const RPC_PATH = '/rpc';
export const WS_API_PATH = '/ws';

export function isRestPath(pathname: string): boolean {
  return REST_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** A path the API answers (as opposed to the UI's files): untokened requests to it are refused on a public bind. */
export function isApiPath(pathname: string): boolean {
  return pathname === RPC_PATH || pathname === WS_API_PATH || isRestPath(pathname);
}

/** A listen host that only this machine can reach: 127.0.0.0/8, ::1 (any spelling) or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  if (lower === 'localhost') return true;
  const family = isIP(lower);
  if (family === 4) return lower.split('.')[0] === '127';
  if (family === 6) {
    if (lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4) return lower.slice(7).split('.')[0] === '127';
    // ::1 however it is written (0:0:0:0:0:0:0:1, ::0:1): every group zero but a last 1.
    const [head = '', tail = ''] = lower.split('::');
    const groups = lower.includes('::')
      ? [...head.split(':').filter(Boolean), ...tail.split(':').filter(Boolean)]
      : lower.split(':');
    const values = groups.map((group) => Number.parseInt(group, 16));
    return values.at(-1) === 1 && values.slice(0, -1).every((value) => value === 0);
  }
  return false;
}

/** The host as it goes in a URL (an IPv6 address in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * The host local clients use to reach a server bound to `listenHost`: a wildcard bind (every
 * interface) is reached on the loopback address, any other on itself.
 */
export function clientHost(listenHost: string): string {
  if (listenHost === '0.0.0.0' || listenHost === '') return '127.0.0.1';
  if (listenHost === '::' || listenHost === '[::]') return '::1';
  return listenHost;
}

/** How the server decides who may call. */
export interface AccessPolicy {
  /** The port the server listens on. */
  port: number;
  /**
   * true on a loopback bind: the Host header must be a loopback name with `port`. false on any
   * other bind: every request but the UI's files needs the token, and any Host is taken.
   */
  loopbackOnly: boolean;
  /** On a loopback bind, the Host values it answers to (with the port, lower case); empty otherwise. */
  loopbackHosts: readonly string[];
}

/** The policy of a server bound to `listenHost`; `treatAsPublic` applies the public rules on a loopback bind (tests). */
export function accessPolicy(listenHost: string, port: number, treatAsPublic = false): AccessPolicy {
  const loopbackOnly = !treatAsPublic && isLoopbackHost(listenHost);
  return { port, loopbackOnly, loopbackHosts: loopbackOnly ? loopbackHosts(listenHost, port) : [] };
}

/** The usual loopback names, and the bound address itself (127.0.0.2 is loopback too, and clients use it). */
function loopbackHosts(listenHost: string, port: number): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]', urlHost(clientHost(listenHost)).toLowerCase()];
  return [...new Set(names)].map((name) => `${name}:${port}`);
}

/** Whether a request with this Host header may be answered (see AccessPolicy). */
export function hostAllowed(host: string | undefined, policy: AccessPolicy): boolean {
  if (host === undefined || host === '') return false;
  if (!policy.loopbackOnly) return true;
  return policy.loopbackHosts.includes(host.toLowerCase());
}

/**
 * Whether a request with this Origin may be answered: no Origin (not a browser, or a same-origin
 * GET), or the origin of the server as the request named it (`http://` + Host); on a loopback
 * bind, the server under any of its loopback names (a page from localhost calling 127.0.0.1).
 */
export function originAllowed(origin: string | undefined, host: string | undefined, policy: AccessPolicy): boolean {
  if (origin === undefined) return true;
  const lower = origin.toLowerCase();
  if (policy.loopbackOnly) return policy.loopbackHosts.some((name) => lower === `http://${name}`);
  if (host === undefined || host === '') return false;
  return lower === `http://${host.toLowerCase()}`;
}

/**
 * Whether a request to this path needs the token before anything answers it: JSON-RPC and the
 * WebSocket always, every API path on a public bind. (On loopback the REST API asks for it
 * itself where a request changes state.)
 */
export function tokenRequired(pathname: string, policy: AccessPolicy): boolean {
  if (pathname === RPC_PATH || pathname === WS_API_PATH) return true;
  return !policy.loopbackOnly && isApiPath(pathname);
}

/** One token bucket: `take()` spends a token, or says how long until one is there. */
export class TokenBucket {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(limit: RateLimit, now: () => number = () => performance.now()) {
    this.#limit = limit;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#at = now();
  }

  /** 0 when a token was taken; otherwise the milliseconds until the next one (nothing taken). */
  take(): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + ((now - this.#at) * this.#limit.perSecond) / 1000);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1000) / this.#limit.perSecond);
  }

  /** It has refilled to its burst: forgetting it loses nothing. */
  get full(): boolean {
    const elapsed = this.#now() - this.#at;
    return this.#tokens + (elapsed * this.#limit.perSecond) / 1000 >= this.#limit.burst;
  }
}

/** Clients remembered at once; past this, refilled buckets are forgotten (and, if none is, the oldest). */
const MAX_CLIENTS = 10_000;

/** A token bucket per client key (the remote address). */
export class RateLimiter {
  readonly limit: RateLimit;
  readonly #now: () => number;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(limit: RateLimit = DEFAULT_RATE_LIMIT, now: () => number = () => performance.now()) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1))
      throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
    this.limit = limit;
    this.#now = now;
  }

  /** 0 when the client may go on; otherwise the milliseconds it should wait. */
  take(client: string): number {
    let bucket = this.#buckets.get(client);
    if (!bucket) {
      if (this.#buckets.size >= MAX_CLIENTS) this.#forget();
      bucket = new TokenBucket(this.limit, this.#now);
      this.#buckets.set(client, bucket);
    }
    return bucket.take();
  }

  /** A bucket for one client on its own (a WebSocket connection's messages). */
  bucket(): TokenBucket {
    return new TokenBucket(this.limit, this.#now);
  }

  get clients(): number {
    return this.#buckets.size;
  }

  #forget(): void {
    for (const [client, bucket] of this.#buckets) if (bucket.full) this.#buckets.delete(client);
    // Everyone is mid-burst (a flood from many addresses): drop the oldest, which only lets it start afresh.
    if (this.#buckets.size >= MAX_CLIENTS) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }
}

/** Retry-After's whole seconds for a wait in milliseconds (at least 1). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
