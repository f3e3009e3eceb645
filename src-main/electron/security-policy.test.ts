import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  APP_PAGE_URL,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  downloadAllowed,
  isSafeExternalUrl,
  navigationDecision,
  permissionAllowed,
  resolveAppRequest,
  windowOpenDecision,
} from './security-policy.ts';

const ROOT = resolve('/opt/dagwallet/dist/ui');

describe('the content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows no inline code, no eval and no network', () => {
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*/);
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('connect-src'), ["'none'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('img-src'), ["'self'", 'data:']);
  });

  it('registers app:// as a secure standard scheme that does not bypass the CSP', () => {
    assert.equal(APP_SCHEME_PRIVILEGES.standard, true);
    assert.equal(APP_SCHEME_PRIVILEGES.secure, true);
    assert.equal(APP_SCHEME_PRIVILEGES.bypassCSP, false);
    assert.equal(APP_SCHEME_PRIVILEGES.allowServiceWorkers, false);
  });
});

describe('resolveAppRequest', () => {
  it('serves dist/ui files with their type and the CSP header', () => {
    const page = resolveAppRequest(APP_PAGE_URL, ROOT);
    assert.equal(page.status, 200);
    assert.ok(page.status === 200 && page.file === join(ROOT, 'index.html'));
    assert.equal(page.headers['Content-Type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(page.headers['X-Content-Type-Options'], 'nosniff');
    const script = resolveAppRequest('app://dagwallet/assets/index-C4YI_d72.js?v=1#x', ROOT);
    assert.ok(script.status === 200 && script.file === join(ROOT, 'assets', 'index-C4YI_d72.js'));
    assert.equal(script.headers['Content-Type'], 'text/javascript; charset=utf-8');
    const root = resolveAppRequest('app://dagwallet/', ROOT);
    assert.ok(root.status === 200 && root.file === join(ROOT, 'index.html'));
    const spaced = resolveAppRequest('app://dagwallet/assets/a%20b.css', ROOT);
    assert.ok(spaced.status === 200 && spaced.file === join(ROOT, 'assets', 'a b.css'));
  });

  it('never leaves dist/ui, however the path is spelled', () => {
    const attempts = [
      'app://dagwallet/../../etc/passwd',
      'app://dagwallet/%2e%2e/%2e%2e/etc/passwd',
      'app://dagwallet/assets/%2E%2E/%2E%2E/secret.js',
      'app://dagwallet/..%2f..%2fetc%2fpasswd',
      'app://dagwallet/..%5c..%5cwindows%5cwin.ini',
      'app://dagwallet/assets/..\\..\\x.js',
      'app://dagwallet/%00.html',
      'app://dagwallet/%E0%A4%A',
    ];
    for (const url of attempts) {
      const decision = resolveAppRequest(url, ROOT);
      if (decision.status === 200) assert.ok(decision.file.startsWith(`${ROOT}/`), `${url} → ${decision.file}`);
      else assert.ok(decision.status === 400 || decision.status === 404, url);
    }
    assert.equal(resolveAppRequest('app://dagwallet/../../etc/passwd', ROOT).status, 404); // URL-normalized to /etc/passwd: no type
  });

  it('answers other hosts, schemes, methods and file types with an error', () => {
    assert.equal(resolveAppRequest('app://evil/index.html', ROOT).status, 404);
    assert.equal(resolveAppRequest('https://dagwallet/index.html', ROOT).status, 404);
    assert.equal(resolveAppRequest('app://dagwallet/node.json.bak', ROOT).status, 404);
    assert.equal(resolveAppRequest('app://dagwallet/index.html', ROOT, 'POST').status, 405);
    assert.equal(resolveAppRequest('not a url', ROOT).status, 400);
    assert.equal(resolveAppRequest('app://dagwallet/index.html', ROOT, 'HEAD').status, 200);
  });
});

describe('navigation and links', () => {
  it('opens http and https links in the system browser, nothing else', () => {
    for (const url of ['https://kaspa.org/', 'http://example.com/a?b=c'])
      assert.deepEqual(windowOpenDecision(url), { allow: false, openExternal: url });
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://dagwallet/index.html',
      'smb://host/share',
      'ms-msdt:/id',
      'data:text/html,hi',
      'https://',
      'not a url',
    ]) {
      assert.deepEqual(windowOpenDecision(url), { allow: false }, url);
      assert.equal(isSafeExternalUrl(url), false, url);
    }
  });

  it('keeps the window on our page', () => {
    assert.deepEqual(navigationDecision(APP_PAGE_URL), { allow: true });
    assert.deepEqual(navigationDecision('app://dagwallet/index.html#/wallet'), { allow: true });
    assert.deepEqual(navigationDecision('https://evil.example/'), {
      allow: false,
      openExternal: 'https://evil.example/',
    });
    assert.deepEqual(navigationDecision('app://dagwallet.evil/'), { allow: false });
    assert.deepEqual(navigationDecision('file:///home/me/'), { allow: false });
    assert.deepEqual(navigationDecision('http://127.0.0.1:17510/'), {
      allow: false,
      openExternal: 'http://127.0.0.1:17510/',
    });
  });
});

describe('permissions and downloads', () => {
  it('denies every permission but writing the clipboard from our page', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
    ])
      assert.equal(permissionAllowed(permission, APP_PAGE_URL), false, permission);
    assert.equal(permissionAllowed('clipboard-sanitized-write', APP_PAGE_URL), true);
    assert.equal(permissionAllowed('clipboard-sanitized-write', 'app://dagwallet'), true);
    assert.equal(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.equal(permissionAllowed('clipboard-sanitized-write', 'app://dagwallet.evil/'), false);
  });

  it('lets the page save only files it made itself', () => {
    assert.equal(downloadAllowed('blob:app://dagwallet/4b1e-9c'), true);
    assert.equal(downloadAllowed('https://evil.example/setup.exe'), false);
    assert.equal(downloadAllowed('blob:https://evil.example/x'), false);
    assert.equal(downloadAllowed('data:application/octet-stream,xx'), false);
  });
});
