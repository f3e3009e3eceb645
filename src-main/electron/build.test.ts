/**
 * The Electron bundles build, hold nothing Electron could not load (TypeScript, our own
 * relative imports, a sandboxed preload requiring more than 'electron'), and the bundled host
 * runs a node: built into a scratch copy of the package layout (package.json two folders up,
 * node_modules beside it).
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildElectron, PACKAGE_ROOT } from './build.ts';
import { parseHostMessage } from './host/node-host-protocol.ts';

const ALLOWED_PACKAGES = new Set(
  Object.keys(
    (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
      .dependencies,
  ),
);

/** The specifiers an ESM bundle imports (static and dynamic). */
function imports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']/g))
    found.add(match[1] as string);
  for (const match of code.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) found.add(match[1] as string);
  for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(match[1] as string);
  return [...found];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

describe('build.ts', () => {
  const root = mkdtempSync(join(tmpdir(), 'dagwallet-build-'));
  const out = join(root, 'dist', 'electron');
  let files: string[];

  before(async () => {
    copyFileSync(join(PACKAGE_ROOT, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    files = await buildElectron(out);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes the four bundles', () => {
    assert.deepEqual(
      files.map((file) => file.slice(out.length + 1)),
      ['main.js', 'preload.cjs', 'node-host-process.js', 'mining-worker.js'],
    );
  });

  it('bundles the preload into one CommonJS file that requires electron and nothing else', () => {
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    assert.deepEqual(required, ['electron']);
    assert.doesNotMatch(code, /^\s*(import|export)\s/m);
    assert.match(code, /exposeInMainWorld\(\s*["']dagwallet["']/);
    assert.match(code, /dagwallet:call/);
  });

  it('leaves only electron, Node built-ins and declared packages as imports', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const name of ['main.js', 'node-host-process.js', 'mining-worker.js']) {
      const code = readFileSync(join(out, name), 'utf8');
      for (const specifier of imports(code)) {
        const allowed =
          builtins.has(specifier) ||
          (specifier === 'electron' && name === 'main.js') ||
          (name !== 'mining-worker.js' && ALLOWED_PACKAGES.has(packageName(specifier)));
        assert.ok(allowed, `${name} imports ${specifier}`);
      }
      assert.ok(!/from\s*["'][^"']*\.tsx?["']/.test(code), `${name} imports TypeScript`);
    }
    const host = readFileSync(join(out, 'node-host-process.js'), 'utf8');
    assert.match(host, /new URL\(["']\.\/mining-worker\.js["'], import\.meta\.url\)/);
    assert.ok(!/new URL\(["']\.\/mining-worker\.ts/.test(host), 'the worker URL still names the .ts source');
    const main = readFileSync(join(out, 'main.js'), 'utf8');
    assert.ok(!/from ["'](better-sqlite3|libp2p)["']/.test(main), 'main stays thin: the node is not in it');
  });

  it('runs the bundled host: a node starts, reports ready and closes cleanly', async () => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ network: 'simnet', listen: [], mdns: false }));
    const child = fork(join(out, 'node-host-process.js'), ['--data-dir', dataDir], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const types: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.on('message', (raw) => {
      const message = parseHostMessage(raw);
      if (!message) return;
      types.push(message.type);
      if (message.type === 'ready') child.send({ type: 'close' });
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    assert.equal(code, 0, stderr);
    assert.deepEqual(types, ['ready', 'closed']);
  });
});
