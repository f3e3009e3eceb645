import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuItem, MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate, trayMenuTemplate } from './menus.ts';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('the application menu', () => {
  it('has the usual roles, and the developer ones only when unpackaged', () => {
    const linux = roles(applicationMenuTemplate({ isMac: false, developer: false }));
    for (const role of ['quit', 'editMenu', 'windowMenu', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen'])
      assert.ok(linux.includes(role), role);
    assert.ok(!linux.includes('toggleDevTools') && !linux.includes('reload') && !linux.includes('appMenu'));
    const dev = roles(applicationMenuTemplate({ isMac: false, developer: true }));
    assert.ok(dev.includes('toggleDevTools') && dev.includes('reload'));
  });

  it('follows macOS: the app menu first, Close in File', () => {
    const mac = applicationMenuTemplate({ isMac: true, developer: false });
    assert.equal(mac[0]?.role, 'appMenu');
    assert.ok(roles(mac).includes('close'));
  });
});

describe('the tray menu', () => {
  it('shows, quits and toggles keep-running', () => {
    const calls: string[] = [];
    const template = trayMenuTemplate({
      keepRunning: true,
      show: () => calls.push('show'),
      setKeepRunning: (keep) => calls.push(`keep ${keep}`),
      quit: () => calls.push('quit'),
    });
    const click = (label: RegExp, checked?: boolean) => {
      const item = template.find((entry) => label.test(entry.label ?? ''));
      assert.ok(item?.click, String(label));
      item.click({ checked } as MenuItem, undefined, {} as never);
    };
    assert.equal(template.find((entry) => entry.type === 'checkbox')?.checked, true);
    click(/^Show/);
    click(/Keep running/, false);
    click(/^Quit/);
    assert.deepEqual(calls, ['show', 'keep false', 'quit']);
  });
});
