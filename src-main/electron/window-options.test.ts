import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mainWindowOptions, WINDOW_BACKGROUND } from './window-options.ts';

describe('mainWindowOptions', () => {
  it('makes the renderer a sandboxed, isolated web page without Node', () => {
    const options = mainWindowOptions({ preload: '/app/dist/electron/preload.cjs' });
    const web = options.webPreferences;
    assert.ok(web);
    assert.equal(web.preload, '/app/dist/electron/preload.cjs');
    assert.equal(web.contextIsolation, true);
    assert.equal(web.sandbox, true);
    assert.equal(web.nodeIntegration, false);
    assert.equal(web.nodeIntegrationInWorker, false);
    assert.equal(web.nodeIntegrationInSubFrames, false);
    assert.equal(web.webSecurity, true);
    assert.equal(web.allowRunningInsecureContent, false);
    assert.equal(web.webviewTag, false);
    assert.equal(web.experimentalFeatures, false);
    assert.equal(web.navigateOnDragDrop, false);
    assert.equal(web.devTools, false);
  });

  it('opens the developer tools only for an unpackaged run', () => {
    assert.equal(mainWindowOptions({ preload: 'p' }, { dark: true, developer: true }).webPreferences?.devTools, true);
  });

  it('shows the window once painted, on the theme background, with the icon when there is one', () => {
    const dark = mainWindowOptions({ preload: 'p', icon: '/app/assets/icon.png' }, { dark: true });
    assert.equal(dark.show, false);
    assert.equal(dark.backgroundColor, WINDOW_BACKGROUND.dark);
    assert.equal(dark.icon, '/app/assets/icon.png');
    const light = mainWindowOptions({ preload: 'p' }, { dark: false });
    assert.equal(light.backgroundColor, WINDOW_BACKGROUND.light);
    assert.equal('icon' in light, false);
    assert.ok((light.minWidth ?? 0) >= 800 && (light.minHeight ?? 0) >= 560);
  });
});
