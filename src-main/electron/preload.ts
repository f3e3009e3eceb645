/**
 * The window's preload. It runs sandboxed (webPreferences.sandbox): it may require only
 * `electron` (and a few polyfilled Node built-ins), and cannot load other files at run time, so
 * build.ts bundles it with preload-bridge.ts into one CommonJS file, dist/electron/preload.cjs.
 * It exposes the IPC bridge and nothing else: no ipcRenderer, no Node, no token.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcBridge } from './preload-bridge.ts';

contextBridge.exposeInMainWorld('dagwallet', createIpcBridge(ipcRenderer));
