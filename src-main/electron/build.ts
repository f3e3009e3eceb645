/**
 * Builds the Electron side into dist/electron/ with rolldown (the bundler Vite 8 is built on):
 * Electron's own Node may not strip TypeScript types, and a sandboxed preload cannot load a
 * second file, so everything Electron runs is plain JavaScript bundled from our sources.
 *
 *   main.js               ESM, Electron's main process (package.json "main": "dist/electron/main.js")
 *   preload.cjs           CommonJS, one file, requires only 'electron' (a sandboxed preload cannot do more)
 *   node-host-process.js  ESM, the utility process hosting the node
 *   mining-worker.js      ESM, the miner's worker thread, self-contained
 *
 * Our own modules (src-main, src-shared) are bundled; packages stay imports resolved from
 * node_modules at run time (better-sqlite3 is native, libp2p is large; electron-builder ships
 * them). The worker's URL in miner.ts names the .ts source, rewritten here to the built .js.
 * The bundles sit two folders below package.json, as src-main/cli/version.ts expects to find it.
 *
 *   node src-main/electron/build.ts [outDir]     (default dist/electron)
 */
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'rolldown';

const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_ROOT = resolve(here, '..', '..');
export const DEFAULT_OUT_DIR = join(PACKAGE_ROOT, 'dist', 'electron');

const WORKER_SOURCE = "new URL('./mining-worker.ts', import.meta.url)";
const WORKER_BUILT = "new URL('./mining-worker.js', import.meta.url)";

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** A bare import (a package or a Node built-in), left for run time; relative and absolute paths are bundled. */
function isPackageImport(id: string): boolean {
  return !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id) && !id.startsWith('\0');
}

/** Points the miner at the built worker; fails the build if miner.ts stopped naming it this way. */
function workerUrlPlugin(): Plugin {
  let rewritten = false;
  return {
    name: 'dagwallet-mining-worker-url',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/src-main/node/mining/miner.ts')) return null;
      if (!code.includes(WORKER_SOURCE))
        this.error(`miner.ts no longer starts its worker with ${WORKER_SOURCE}: update build.ts`);
      rewritten = true;
      return { code: code.replaceAll(WORKER_SOURCE, WORKER_BUILT), map: null };
    },
    buildEnd() {
      if (!rewritten) this.error('the host bundle did not include miner.ts: the worker URL was not rewritten');
    },
  };
}

function nodeBundle(input: string, file: string, external: (id: string) => boolean, plugins: Plugin[] = []) {
  return {
    input,
    platform: 'node',
    external,
    plugins,
    logLevel: 'warn',
    output: { file, format: 'esm', sourcemap: true, codeSplitting: false },
  } satisfies BuildOptions;
}

export async function buildElectron(outDir = DEFAULT_OUT_DIR): Promise<string[]> {
  rmSync(outDir, { recursive: true, force: true });
  const source = (path: string) => join(here, path);
  const out = (name: string) => join(outDir, name);
  const options: BuildOptions[] = [
    nodeBundle(source('main.ts'), out('main.js'), isPackageImport),
    nodeBundle(source('node-host-process.ts'), out('node-host-process.js'), isPackageImport, [workerUrlPlugin()]),
    // A worker thread resolves packages on its own; bundling its few pure-JS imports makes it one file.
    nodeBundle(join(PACKAGE_ROOT, 'src-main/node/mining/mining-worker.ts'), out('mining-worker.js'), (id) =>
      builtins.has(id),
    ),
    {
      input: source('preload.ts'),
      platform: 'node',
      external: (id) => id === 'electron',
      logLevel: 'warn',
      output: { file: out('preload.cjs'), format: 'cjs', sourcemap: false, codeSplitting: false },
    },
  ];
  await build(options);
  return ['main.js', 'preload.cjs', 'node-host-process.js', 'mining-worker.js'].map(out);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  const files = await buildElectron(outDir);
  for (const file of files) process.stdout.write(`built ${file}\n`);
}
