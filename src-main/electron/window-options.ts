/**
 * The main window's options (main.ts passes them to BrowserWindow). The renderer is an ordinary
 * sandboxed web page: no Node, its own JavaScript world apart from the preload's, same-origin
 * rules on, no <webview>. Only the type comes from electron, so this loads in plain Node.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The page's background before it paints (the themes' --bg in styles.css), so the window does not flash. */
export const WINDOW_BACKGROUND = { dark: '#111419', light: '#f5f6f8' } as const;

export interface MainWindowPaths {
  /** The bundled preload, dist/electron/preload.cjs. */
  preload: string;
  /** The window icon (Linux and Windows; macOS takes the app bundle's). */
  icon?: string;
}

export interface MainWindowLook {
  /** The system prefers dark colors (nativeTheme.shouldUseDarkColors). */
  dark: boolean;
  /** An unpackaged run: the developer tools may open. */
  developer?: boolean;
}

export function mainWindowOptions(
  paths: MainWindowPaths,
  look: MainWindowLook = { dark: true },
): BrowserWindowConstructorOptions {
  return {
    title: 'dagwallet',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    // Shown on ready-to-show, once the page has painted.
    show: false,
    backgroundColor: look.dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: look.developer ?? false,
    },
  };
}
