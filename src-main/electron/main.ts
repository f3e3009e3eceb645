/**
 * Electron's main process: wiring only. The node runs in a utility process (node-host-process.ts)
 * supervised by host/node-host-supervisor.ts; main connects to it with the WebSocket client and
 * bridges the window's IPC to it (ipc/ipc-bridge-host.ts). Every decision lives in a plain
 * module with its tests: window-options.ts, security-policy.ts, close-behaviour.ts, menus.ts.
 * Built by build.ts into dist/electron/main.js (package.json "main").
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  protocol,
  session,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeClientError, WebSocketNodeClient } from '../../src-shared/node-client.ts';
import {
  closeAnswer,
  CLOSE_QUESTION,
  decideOnClose,
  decisionFor,
  readShellPrefs,
  SHELL_PREFS_FILE,
  type ShellPrefs,
  writeShellPrefs,
} from './close-behaviour.ts';
import { NodeHostSupervisor } from './host/node-host-supervisor.ts';
import { IpcBridgeHost } from './ipc/ipc-bridge-host.ts';
import { applicationMenuTemplate, trayMenuTemplate } from './menus.ts';
import {
  APP_PAGE_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_URL_PREFIX,
  appResponseHeaders,
  downloadAllowed,
  navigationDecision,
  permissionAllowed,
  resolveAppRequest,
  windowOpenDecision,
} from './security-policy.ts';
import { mainWindowOptions } from './window-options.ts';

/** How long quitting waits for the node to close its store before the host is killed. */
const STOP_TIMEOUT_MS = 15_000;

const root = app.getAppPath();
const paths = {
  ui: join(root, 'dist', 'ui'),
  preload: join(root, 'dist', 'electron', 'preload.cjs'),
  host: join(root, 'dist', 'electron', 'node-host-process.js'),
  icon: join(root, 'assets', 'icon.png'),
};

// Before ready: app:// is a standard, secure scheme; every renderer is sandboxed.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another dagwallet runs (and owns the data folder): it shows its window, this one leaves.
  app.quit();
} else {
  run();
}

function run(): void {
  let window: BrowserWindow | undefined;
  let tray: Tray | undefined;
  let quitting = false;
  let askingOnClose = false;
  let shutdownState: 'running' | 'stopping' | 'done' = 'running';
  const prefsPath = join(app.getPath('userData'), SHELL_PREFS_FILE);
  let prefs: ShellPrefs = readShellPrefs(prefsPath);

  // ---- The node, off the UI thread (a utility process can be forked once the app is ready) ----
  let supervisor: NodeHostSupervisor | undefined;
  let nodeClient: WebSocketNodeClient | undefined;
  let nodeWasUp = false;
  const startNodeHost = (): NodeHostSupervisor => {
    const host = utilityProcess.fork(paths.host, [], { serviceName: 'dagwallet node', stdio: 'inherit' });
    const started = new NodeHostSupervisor({
      postMessage: (message) => host.postMessage(message),
      onMessage: (listener) => host.on('message', listener),
      onExit: (listener) => host.on('exit', listener),
      kill: () => {
        if (host.pid !== undefined) process.kill(host.pid, 'SIGKILL');
        else host.kill();
      },
    });
    started.onExit((exit) => {
      if (exit.expected) return;
      const message = `The node's process ended unexpectedly (${exit.code === null ? 'killed' : `exit code ${exit.code}`}).`;
      bridge.close(new NodeClientError('NODE_CLOSED', message));
      nodeClient?.close();
      // A failed start has its own dialog (below).
      if (!quitting && nodeWasUp) dialog.showErrorBox('dagwallet', `${message} Restart dagwallet to start it again.`);
    });
    return started;
  };
  const clientReady = app.whenReady().then(async () => {
    supervisor = startNodeHost();
    const ready = await supervisor.ready.catch((error: Error) => {
      throw new NodeClientError('NODE_UNREACHABLE', error.message);
    });
    nodeWasUp = true;
    nodeClient = await WebSocketNodeClient.connect(ready.wsUrl, ready.token);
    return nodeClient;
  });
  // Registered now, before any window exists: a page's first request always finds its handler.
  const bridge = new IpcBridgeHost({ ipcMain, client: clientReady, appUrl: APP_URL_PREFIX });
  clientReady.catch((error: Error) => {
    if (!quitting) dialog.showErrorBox('dagwallet could not start its node', error.message);
  });

  // ---- Quitting: the node closes its store before the app goes ----
  const shutdown = async (): Promise<void> => {
    window?.hide();
    tray?.destroy();
    tray = undefined;
    bridge.close(new NodeClientError('NODE_CLOSED', 'dagwallet is quitting'));
    const outcome = (await supervisor?.stop(STOP_TIMEOUT_MS)) ?? 'already-exited';
    if (outcome === 'killed')
      console.error(`the node did not close within ${STOP_TIMEOUT_MS / 1000} s and was stopped`);
    if (outcome === 'failed') console.error('the node did not close cleanly');
    nodeClient?.close();
    bridge.dispose();
  };
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutdownState === 'done') return;
    event.preventDefault();
    if (shutdownState === 'stopping') return;
    shutdownState = 'stopping';
    void shutdown().finally(() => {
      shutdownState = 'done';
      app.quit();
    });
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.quit());
  // The window closing does not quit by itself: close-behaviour decides.
  app.on('window-all-closed', () => {});

  // ---- Every web contents: no navigation away, no new windows, no webviews ----
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    const guard = (event: Electron.Event, url: string) => {
      const decision = navigationDecision(url);
      if (decision.allow) return;
      event.preventDefault();
      if (decision.openExternal) void shell.openExternal(decision.openExternal);
    };
    contents.on('will-navigate', (event) => guard(event, event.url));
    contents.on('will-frame-navigate', (event) => guard(event, event.url));
    contents.on('will-redirect', (event) => guard(event, event.url));
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url);
      if (decision.openExternal) void shell.openExternal(decision.openExternal);
      return { action: 'deny' };
    });
  });

  const showWindow = () => {
    if (!window) createWindow();
    else {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
  };
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);

  const savePrefs = (next: ShellPrefs) => {
    prefs = next;
    try {
      writeShellPrefs(prefsPath, prefs);
    } catch (error) {
      console.warn(`cannot save ${prefsPath}:`, error);
    }
    updateTrayMenu();
  };

  const askOnClose = async (owner: BrowserWindow) => {
    askingOnClose = true;
    const { response } = await dialog.showMessageBox(owner, {
      ...CLOSE_QUESTION,
      buttons: [...CLOSE_QUESTION.buttons],
    });
    askingOnClose = false;
    const action = closeAnswer(response);
    savePrefs({ ...prefs, closeAction: action });
    if (decisionFor(action) === 'hide') owner.hide();
    else app.quit();
  };

  function createWindow(): void {
    const created = new BrowserWindow(
      mainWindowOptions(
        { preload: paths.preload, icon: paths.icon },
        { dark: nativeTheme.shouldUseDarkColors, developer: !app.isPackaged },
      ),
    );
    window = created;
    created.once('ready-to-show', () => created.show());
    created.on('close', (event) => {
      const decision = decideOnClose({ quitting, trayAvailable: tray !== undefined, prefs });
      if (decision === 'close') return;
      event.preventDefault();
      if (decision === 'hide') created.hide();
      else if (decision === 'quit') app.quit();
      else if (!askingOnClose) void askOnClose(created);
    });
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    const senderId = created.webContents.id;
    // A reload: the old page's subscriptions go; the new page makes its own.
    created.webContents.on('did-navigate', () => bridge.releaseSender(senderId));
    void created.loadURL(APP_PAGE_URL);
  }

  function updateTrayMenu(): void {
    tray?.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuTemplate({
          keepRunning: prefs.closeAction === 'tray',
          show: showWindow,
          setKeepRunning: (keep) => savePrefs({ ...prefs, closeAction: keep ? 'tray' : 'quit' }),
          quit: () => app.quit(),
        }),
      ),
    );
  }

  function createTray(): void {
    try {
      tray = new Tray(nativeImage.createFromPath(paths.icon).resize({ width: 32, height: 32 }));
    } catch (error) {
      // Some desktops have no tray: closing the window then quits (close-behaviour).
      console.warn('no tray icon:', error);
      tray = undefined;
      return;
    }
    tray.setToolTip('dagwallet');
    tray.on('click', showWindow);
    updateTrayMenu();
  }

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(permissionAllowed(permission, details.requestingUrl)),
    );
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
      permissionAllowed(permission, requestingOrigin),
    );
    ses.on('will-download', (event, item) => {
      if (!downloadAllowed(item.getURL())) event.preventDefault();
    });
    ses.protocol.handle(APP_SCHEME, async (request) => {
      const decision = resolveAppRequest(request.url, paths.ui, request.method);
      if (decision.status !== 200) return new Response(null, { status: decision.status, headers: decision.headers });
      try {
        const body = await readFile(decision.file);
        return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: decision.headers });
      } catch {
        return new Response(null, { status: 404, headers: appResponseHeaders() });
      }
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenuTemplate({ isMac: process.platform === 'darwin', developer: !app.isPackaged }),
      ),
    );
    createTray();
    createWindow();
  });
}
