/**
 * The application menu (the usual roles, so copy/paste and window shortcuts work everywhere) and
 * the tray menu, as templates. Only the type comes from electron, so this loads in plain Node.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  /** macOS puts the app's own menu first and Quit in it. */
  isMac: boolean;
  /** Reload and the developer tools, for unpackaged runs only. */
  developer: boolean;
}

export function applicationMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.developer) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    ...(options.isMac ? [{ role: 'appMenu' } as const] : []),
    { label: '&File', submenu: [options.isMac ? { role: 'close' } : { role: 'quit', label: 'Quit dagwallet' }] },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    { role: 'windowMenu' },
  ];
}

export interface TrayMenuActions {
  /** Closing the window keeps the app running in the tray (the remembered answer). */
  keepRunning: boolean;
  show(): void;
  setKeepRunning(keep: boolean): void;
  quit(): void;
}

export function trayMenuTemplate(actions: TrayMenuActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Show dagwallet', click: () => actions.show() },
    {
      label: 'Keep running when the window closes',
      type: 'checkbox',
      checked: actions.keepRunning,
      click: (item) => actions.setKeepRunning(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit dagwallet', click: () => actions.quit() },
  ];
}
