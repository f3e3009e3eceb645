import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../../src-main/cli/main.ts', import.meta.url);
const START_TIMEOUT_MS = 60_000;

/** A real `dagwallet node --ui` child process on loopback, in its own temporary data folder. */
export class UiNode {
  readonly dataDir: string;
  readonly #child: ChildProcess;
  readonly #output: string[] = [];
  uiUrl = '';
  apiUrl = '';
  /** The node's P2P multiaddr with its peer id (it listens on 127.0.0.1 only). */
  p2pAddress = '';

  private constructor(dataDir: string, child: ChildProcess) {
    this.dataDir = dataDir;
    this.#child = child;
  }

  static async start(name: string, args: string[] = []): Promise<UiNode> {
    const dataDir = mkdtempSync(join(tmpdir(), `dagwallet-e2e-${name}-`));
    const child = spawn(
      process.execPath,
      [
        CLI.pathname,
        'node',
        '--ui',
        '--network',
        'devnet',
        '--data-dir',
        dataDir,
        '--rpc-port',
        '0',
        '--mqtt-port',
        '0',
        '--listen',
        '/ip4/127.0.0.1/tcp/0',
        '--no-mdns',
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const node = new UiNode(dataDir, child);
    await node.#started(name);
    return node;
  }

  #started(name: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start in time:\n${this.output()}`)),
        START_TIMEOUT_MS,
      );
      const onLine = (text: string) => {
        for (const line of text.split('\n')) {
          this.#output.push(line);
          const [label, value] = line.split(/\s+/, 2);
          if (label === 'api' && value) this.apiUrl = value;
          if (label === 'ui' && value) this.uiUrl = value;
          const listening = /^p2p\s+listening on (\S+?)(,|$)/.exec(line);
          if (listening?.[1]) this.p2pAddress = listening[1];
        }
        if (this.uiUrl && this.p2pAddress) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.#child.stdout?.setEncoding('utf8').on('data', onLine);
      this.#child.stderr?.setEncoding('utf8').on('data', (text: string) => this.#output.push(text));
      this.#child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before it started:\n${this.output()}`));
      });
    });
  }

  /** What the node printed so far, for failure messages. */
  output(): string {
    return this.#output.join('\n');
  }

  /** SIGTERM, as Ctrl-C would: the node closes its store; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.#child.exitCode !== null) return this.#child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.#child.once('exit', (code) => resolve(code)));
    this.#child.kill('SIGTERM');
    const forced = setTimeout(() => this.#child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(forced);
    rmSync(this.dataDir, { recursive: true, force: true });
    return code;
  }
}
