/**
 * electron-builder.yml parses, passes electron-builder's own schema, and packs what the app
 * needs: the bundles, the UI, the icons (large enough), every package the node imports, and
 * better-sqlite3's binary outside the archive.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { PACKAGE_ROOT } from './build.ts';
import { decodePng } from './icons.ts';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { add(): void; isEnabled: boolean }): Promise<void>;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  linux: { target: string[]; category: string; icon: string; maintainer: string };
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
  dmg: object;
  nsis: object;
}

const config = yaml.load(readFileSync(join(PACKAGE_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Whether electron-builder's `files` keep this path (the last pattern matching it decides). */
function packed(path: string): boolean {
  let kept = path.startsWith('node_modules/'); // production dependencies are added unless excluded
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) kept = !negated;
  }
  return kept;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await validateConfiguration(config, { add() {}, isEnabled: false });
    assert.equal(config.productName, 'dagwallet');
    assert.match(config.appId, /^[a-z]+(\.[a-z]+)+$/);
  });

  it('builds Linux AppImage and deb in Finance, a mac dmg and a Windows installer', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.equal(config.linux.category, 'Finance');
    assert.match(config.linux.maintainer, /<[^>]+@[^>]+>/);
    assert.equal(config.mac.target, 'dmg');
    assert.equal(config.win.target, 'nsis');
    assert.ok(config.dmg && config.nsis);
  });

  it('points at icons that exist, the PNG square and at least 256 px', () => {
    const png = decodePng(readFileSync(join(PACKAGE_ROOT, config.linux.icon)));
    assert.equal(png.width, png.height);
    assert.ok(png.width >= 256, `${png.width}px`);
    assert.match(config.mac.icon, /\.icns$/);
    assert.match(config.win.icon, /\.ico$/);
    for (const icon of [config.mac.icon, config.win.icon]) assert.ok(existsSync(join(PACKAGE_ROOT, icon)), icon);
  });

  it('writes packages outside dist/, which the app is made from', () => {
    assert.ok(!config.directories.output.startsWith('dist'), config.directories.output);
  });

  it('packs the bundles, the UI and the tray icon, not the sources or source maps', () => {
    for (const path of [
      'package.json',
      'dist/electron/main.js',
      'dist/electron/preload.cjs',
      'dist/electron/node-host-process.js',
      'dist/electron/mining-worker.js',
      'dist/ui/index.html',
      'dist/ui/assets/index-abc.js',
      'assets/icon.png',
    ])
      assert.ok(packed(path), path);
    for (const path of ['src-main/electron/main.ts', 'dist/electron/main.js.map', 'release/x.AppImage'])
      assert.ok(!packed(path), path);
  });

  it('packs every package the node needs, and leaves out what the UI bundle already holds', () => {
    const uiOnly = new Set(['react', 'react-dom', 'zustand', 'uqr', '@types/ws']);
    for (const name of Object.keys(pkg.dependencies)) {
      const path = `node_modules/${name}/package.json`;
      assert.equal(packed(path), !uiOnly.has(name), name);
    }
    assert.ok(packed('node_modules/better-sqlite3/lib/index.js'));
    assert.ok(!packed('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c'));
  });

  it('unpacks better-sqlite3’s native binary for every platform it ships', () => {
    for (const target of ['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64', 'win32-x64', 'win32-arm64']) {
      const path = `node_modules/better-sqlite3/prebuilds/${target}.node`;
      assert.ok(packed(path), path);
      assert.ok(
        config.asarUnpack.some((pattern) => minimatch(path, pattern)),
        `${path} stays inside app.asar`,
      );
    }
  });
});
