/**
 * The shell's security decisions as plain functions (main.ts wires them to Electron): where the
 * page comes from and with which headers, where it may navigate, which links leave for the
 * system browser, which IPC senders are ours. No electron import, so they are tested in Node.
 *
 * The UI is served from a custom `app://dagwallet/` scheme rather than file://: the page gets a
 * real, stable origin of its own ('self' in the CSP means our files and nothing else, where under
 * file:// it would mean every file on the disk), main answers every request itself so it sets
 * the CSP as a response header and serves only what lies inside dist/ui, and the IPC bridge can
 * tell our page from anything else by its URL.
 */
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dagwallet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;
/** Requests over IPC come from URLs starting with this only. */
export const APP_URL_PREFIX = `${APP_ORIGIN}/`;

/**
 * The page's Content-Security-Policy, sent as a header with every response (index.html carries a
 * meta one too; both apply). Scripts and styles from our origin only, no inline code, no eval; no
 * network at all (connect-src 'none'): the node is reached over IPC.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The privileges app:// is registered with (protocol.registerSchemesAsPrivileged, before ready). */
export const APP_SCHEME_PRIVILEGES = {
  /** Parsed like http: origins, relative URLs and the module scripts Vite emits work. */
  standard: true,
  /** A secure context, as https is. */
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  codeCache: true,
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppRequestDecision =
  | { status: 200; file: string; headers: Record<string, string> }
  | { status: 404 | 400 | 405; headers: Record<string, string> };

/** Headers every answer carries. */
export function appResponseHeaders(contentType?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  if (contentType) headers['Content-Type'] = contentType;
  return headers;
}

/**
 * Which file of `root` (dist/ui) answers an app:// request, if any: GET of our host only, a path
 * that stays inside root after decoding (no '..', no encoded slashes or backslashes), a known
 * file type. '/' is index.html. The caller still answers 404 when the file does not exist.
 */
export function resolveAppRequest(url: string, root: string, method = 'GET'): AppRequestDecision {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: appResponseHeaders() };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, headers: appResponseHeaders() };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return { status: 404, headers: appResponseHeaders() };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400, headers: appResponseHeaders() };
  }
  // After decoding: a slash or backslash smuggled in as %2F/%5C, a NUL, or a way out of root.
  if (/[\\\0]/.test(path) || parsed.pathname.match(/%2f|%5c/i)) return { status: 400, headers: appResponseHeaders() };
  if (path === '/' || path === '') path = '/index.html';
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return { status: 400, headers: appResponseHeaders() };
  const base = resolve(root);
  const file = join(base, ...segments);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return { status: 400, headers: appResponseHeaders() };
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return { status: 404, headers: appResponseHeaders() };
  return { status: 200, file, headers: appResponseHeaders(contentType) };
}

/** A link the system browser may open: http or https, nothing else (no file:, no custom schemes). */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
}

export interface NavigationDecision {
  /** Whether the window itself may go there. */
  allow: boolean;
  /** Open this in the system browser instead. */
  openExternal?: string;
}

/**
 * For will-navigate: the window stays on our page (a reload of it is fine); an http(s) link
 * opens in the system browser; anything else goes nowhere.
 */
export function navigationDecision(url: string): NavigationDecision {
  if (url.startsWith(APP_URL_PREFIX)) return { allow: true };
  return isSafeExternalUrl(url) ? { allow: false, openExternal: url } : { allow: false };
}

/** For setWindowOpenHandler: never a new Electron window; http(s) opens in the system browser. */
export function windowOpenDecision(url: string): NavigationDecision {
  return isSafeExternalUrl(url) ? { allow: false, openExternal: url } : { allow: false };
}

/**
 * Every permission is denied (camera, notifications, geolocation, clipboard reading, ...) except
 * writing text to the clipboard from our own page: the Copy buttons (navigator.clipboard
 * .writeText) need it, and it gives the page nothing to read.
 */
export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isOurOrigin(requestingUrl);
}

function isOurOrigin(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(APP_URL_PREFIX);
}

/** A download the page may start: only a file it made itself (the history CSV, as a blob: of our origin). */
export function downloadAllowed(url: string): boolean {
  return url.startsWith(`blob:${APP_URL_PREFIX}`);
}
