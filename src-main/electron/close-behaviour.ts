/**
 * What closing the window does. A full node is most useful running: the first time the window
 * closes, the app asks whether to keep running in the tray or to quit, and remembers the answer
 * in a small prefs file beside Electron's own data (the tray menu can change it later).
 * Plain functions and a file: no electron import, tested in Node.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type CloseAction = 'tray' | 'quit';

export interface ShellPrefs {
  /** What closing the window does; unset until the user answered once. */
  closeAction?: CloseAction;
}

/** The prefs file's name inside app.getPath('userData'). */
export const SHELL_PREFS_FILE = 'shell-prefs.json';

/** The prefs, or none when the file is missing or damaged (the question is simply asked again). */
export function readShellPrefs(path: string): ShellPrefs {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const closeAction = (json as { closeAction?: unknown }).closeAction;
  return closeAction === 'tray' || closeAction === 'quit' ? { closeAction } : {};
}

/** Writes the prefs whole (through a temporary file, so a crash leaves the old or the new file). */
export function writeShellPrefs(path: string, prefs: ShellPrefs): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(prefs)}\n`);
  renameSync(temporary, path);
}

/**
 * - 'close': let the window close (the app is quitting anyway).
 * - 'hide': keep running, window hidden, the tray icon brings it back.
 * - 'quit': quit the app (which closes the node gracefully first).
 * - 'ask': ask, then remember the answer.
 */
export type CloseDecision = 'close' | 'hide' | 'quit' | 'ask';

export interface CloseContext {
  /** The app is already quitting (menu Quit, tray Quit, the OS logging out). */
  quitting: boolean;
  /** A tray icon exists: without one a hidden window could not be found again. */
  trayAvailable: boolean;
  prefs: ShellPrefs;
}

export function decideOnClose(context: CloseContext): CloseDecision {
  if (context.quitting) return 'close';
  if (!context.trayAvailable) return 'quit';
  if (context.prefs.closeAction === 'tray') return 'hide';
  if (context.prefs.closeAction === 'quit') return 'quit';
  return 'ask';
}

/** The question, for dialog.showMessageBox; the answer's index maps through closeAnswer. */
export const CLOSE_QUESTION = {
  type: 'question',
  title: 'Keep dagwallet running?',
  message: 'Keep the node running in the tray when the window closes?',
  detail:
    'Running in the background keeps your node in sync and serving peers, and the wallet up to date. ' +
    'You can change this later from the tray menu.',
  buttons: ['Keep running in the tray', 'Quit dagwallet'],
  defaultId: 0,
  // Escape or closing the dialog keeps the app running: the safer answer for a node mid-sync.
  cancelId: 0,
  noLink: true,
} as const;

export function closeAnswer(response: number): CloseAction {
  return response === 1 ? 'quit' : 'tray';
}

/** What a decision does once the question is answered. */
export function decisionFor(action: CloseAction): 'hide' | 'quit' {
  return action === 'tray' ? 'hide' : 'quit';
}
