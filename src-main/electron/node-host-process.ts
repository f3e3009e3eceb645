/**
 * The entry of the process that hosts the node, so block validation, mining and P2P never stall
 * the window. In the app, main starts it with Electron's utilityProcess.fork and it talks over
 * process.parentPort; started with Node's child_process.fork (the tests, or a debugging run) it
 * talks over the IPC channel instead. The logic is host/node-host.ts.
 *
 *   args: [--data-dir <folder>]   (default: DAGWALLET_HOME, else the platform's data folder)
 */
import { readPackageVersion } from '../cli/version.ts';
import { type HostPort, runNodeHost } from './host/node-host.ts';

/** Electron's process.parentPort in a utility process (absent under plain Node). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

const pendingSends = new Set<Promise<void>>();

function portToMain(): HostPort {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort)
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  const send = process.send?.bind(process);
  if (send)
    return {
      post: (message) => {
        const sent = new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));
        pendingSends.add(sent);
        void sent.then(() => pendingSends.delete(sent));
      },
      onMessage: (listener) => process.on('message', listener),
    };
  throw new Error('node-host-process runs under Electron utilityProcess.fork or Node child_process.fork');
}

void runNodeHost(portToMain(), {
  args: process.argv.slice(2),
  version: readPackageVersion(),
  exit: (code) => {
    // The last message ('closed' or 'failed') leaves before the process does.
    void Promise.all(pendingSends).then(() => setTimeout(() => process.exit(code), 20));
  },
});
