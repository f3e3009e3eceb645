import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CLOSE_QUESTION,
  closeAnswer,
  decideOnClose,
  decisionFor,
  readShellPrefs,
  SHELL_PREFS_FILE,
  writeShellPrefs,
} from './close-behaviour.ts';

describe('decideOnClose', () => {
  it('asks the first time, then does what the user answered', () => {
    const context = { quitting: false, trayAvailable: true };
    assert.equal(decideOnClose({ ...context, prefs: {} }), 'ask');
    assert.equal(decideOnClose({ ...context, prefs: { closeAction: 'tray' } }), 'hide');
    assert.equal(decideOnClose({ ...context, prefs: { closeAction: 'quit' } }), 'quit');
  });

  it('lets the window close while the app quits, whatever the prefs say', () => {
    for (const closeAction of [undefined, 'tray', 'quit'] as const)
      assert.equal(decideOnClose({ quitting: true, trayAvailable: true, prefs: { closeAction } }), 'close');
  });

  it('quits without a tray: a hidden window could not be found again', () => {
    assert.equal(decideOnClose({ quitting: false, trayAvailable: false, prefs: {} }), 'quit');
    assert.equal(decideOnClose({ quitting: false, trayAvailable: false, prefs: { closeAction: 'tray' } }), 'quit');
  });

  it('maps the dialog answer, Escape keeping the app running', () => {
    assert.equal(CLOSE_QUESTION.buttons.length, 2);
    assert.equal(closeAnswer(0), 'tray');
    assert.equal(closeAnswer(1), 'quit');
    assert.equal(closeAnswer(CLOSE_QUESTION.cancelId), 'tray');
    assert.equal(decisionFor('tray'), 'hide');
    assert.equal(decisionFor('quit'), 'quit');
  });
});

describe('the prefs file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dagwallet-shell-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers the answer across runs', () => {
    const path = join(dir, 'nested', SHELL_PREFS_FILE);
    assert.deepEqual(readShellPrefs(path), {});
    writeShellPrefs(path, { closeAction: 'tray' });
    assert.deepEqual(readShellPrefs(path), { closeAction: 'tray' });
    writeShellPrefs(path, { closeAction: 'quit' });
    assert.deepEqual(readShellPrefs(path), { closeAction: 'quit' });
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { closeAction: 'quit' });
  });

  it('forgets a damaged or foreign file instead of failing', () => {
    const path = join(dir, SHELL_PREFS_FILE);
    for (const text of ['{not json', '[]', 'null', '{"closeAction":"explode"}', '{"closeAction":1}']) {
      writeFileSync(path, text);
      assert.deepEqual(readShellPrefs(path), {}, text);
    }
  });
});
