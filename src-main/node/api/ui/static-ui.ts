import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

/**
 * The built UI (dist/ui) served to a browser by `dagwallet node --ui`, from the API's own origin
 * so the page's WebSocket passes the server's Origin check. The files are not secret (the token
 * travels in the URL's fragment, which browsers never send), but only files inside the folder are
 * served, and every answer carries a strict content security policy.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The page may load its own files and talk to its own origin (the WebSocket API), nothing else. */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': UI_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export class StaticUi {
  readonly #root: string;

  /** `dir` must hold an index.html (checked by the caller, which can say how to build it). */
  constructor(dir: string) {
    this.#root = realpathSync(dir);
  }

  /** Answers a GET or HEAD for a file of the UI; anything else under the root is a 404. */
  serve(request: IncomingMessage, response: ServerResponse): void {
    const pathname = decodePath(request.url ?? '/');
    if (pathname === undefined) return this.#notFound(response);
    const file = this.#resolve(pathname === '/' ? '/index.html' : pathname);
    if (file === undefined) return this.#notFound(response);
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
      'content-length': String(file.size),
      // Vite names assets by their content hash: they never change; the page itself must be re-read.
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file.path)
      .on('error', () => response.destroy())
      .pipe(response);
  }

  #notFound(response: ServerResponse): void {
    response.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    response.end('not found');
  }

  #resolve(pathname: string): { path: string; size: number } | undefined {
    let path: string;
    try {
      path = realpathSync(join(this.#root, pathname));
    } catch {
      return undefined;
    }
    // A symlink or an encoded "..": whatever it resolves to must still lie inside the UI folder.
    if (!path.startsWith(this.#root + sep)) return undefined;
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? { path, size: stats.size } : undefined;
  }
}

function decodePath(url: string): string | undefined {
  const pathname = url.split(/[?#]/, 1)[0] ?? '/';
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') || !decoded.startsWith('/') ? undefined : decoded;
  } catch {
    return undefined;
  }
}
