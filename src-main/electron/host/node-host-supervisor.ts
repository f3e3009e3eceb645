/**
 * Main's handle on the node's host process: learns where the node serves its API (or why it did
 * not start), and stops it gracefully: asks the host to close the node (store closed cleanly,
 * data folder unlocked), waits a bounded time, and only then kills it. The process is abstract
 * (HostChild): Electron's UtilityProcess in the app, a Node child process in tests.
 */
import { DagwalletError } from '../../node/errors.ts';
import { type HostReadyMessage, type MainToHostMessage, parseHostMessage } from './node-host-protocol.ts';

export const NodeHostSupervisorErrorCode = {
  /** The host reported that the node could not start; `message` says why. */
  START_FAILED: 'START_FAILED',
  /** The host process ended before it reported ready. */
  EXITED: 'EXITED',
} as const;
export type NodeHostSupervisorErrorCode =
  (typeof NodeHostSupervisorErrorCode)[keyof typeof NodeHostSupervisorErrorCode];

export class NodeHostSupervisorError extends DagwalletError<NodeHostSupervisorErrorCode> {
  /** The host's own code for a failed start (BAD_CONFIG, ALREADY_RUNNING, API_LISTEN_FAILED, ...). */
  readonly hostCode: string | undefined;

  constructor(code: NodeHostSupervisorErrorCode, message: string, hostCode?: string) {
    super(code, message);
    this.hostCode = hostCode;
  }
}

/** The process, as main sees it. */
export interface HostChild {
  postMessage(message: MainToHostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `code` is null when a signal ended it. */
  onExit(listener: (code: number | null) => void): void;
  /** Ends it now (SIGKILL): for a host that did not close in time. */
  kill(): void;
}

/**
 * - closed: the node closed cleanly and the process ended.
 * - failed: the process ended within the bound, but without a clean close (the node's close failed).
 * - killed: it did not end within the bound and was killed.
 * - already-exited: it had ended before stop() was called.
 */
export type StopOutcome = 'closed' | 'failed' | 'killed' | 'already-exited';

export interface HostExit {
  code: number | null;
  /** Main asked for it (stop()); otherwise the host crashed or quit on its own. */
  expected: boolean;
  /** The host reported a clean close before exiting. */
  closedCleanly: boolean;
}

/** Bound on a graceful stop: closing flushes the store, which takes well under a second normally. */
export const DEFAULT_STOP_TIMEOUT_MS = 15_000;

export class NodeHostSupervisor {
  /** Where the node serves its API; rejects (NodeHostSupervisorError) if it never does. */
  readonly ready: Promise<HostReadyMessage>;
  readonly #child: HostChild;
  #exit: HostExit | undefined;
  #stopping = false;
  #closedCleanly = false;
  readonly #exitListeners = new Set<(exit: HostExit) => void>();
  readonly #exited: Promise<HostExit>;

  constructor(child: HostChild) {
    this.#child = child;
    let resolveReady!: (message: HostReadyMessage) => void;
    let rejectReady!: (error: NodeHostSupervisorError) => void;
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // Whoever starts the supervisor may only watch onExit: a failed start is no unhandled rejection.
    this.ready.catch(() => {});
    let resolveExited!: (exit: HostExit) => void;
    this.#exited = new Promise((resolve) => (resolveExited = resolve));
    let failure: NodeHostSupervisorError | undefined;
    child.onMessage((raw) => {
      const message = parseHostMessage(raw);
      if (!message) return;
      if (message.type === 'ready') resolveReady(message);
      else if (message.type === 'failed') {
        failure = new NodeHostSupervisorError(
          'START_FAILED',
          `the node could not start: ${message.message}`,
          message.code,
        );
        rejectReady(failure);
      } else this.#closedCleanly = true;
    });
    child.onExit((code) => {
      if (this.#exit) return;
      const exit: HostExit = {
        code,
        expected: this.#stopping,
        closedCleanly: this.#closedCleanly || (this.#stopping && code === 0),
      };
      this.#exit = exit;
      rejectReady(
        failure ??
          new NodeHostSupervisorError(
            'EXITED',
            `the node's process ended (${code === null ? 'killed' : `exit code ${code}`}) before the node was up`,
          ),
      );
      resolveExited(exit);
      for (const listener of [...this.#exitListeners]) listener(exit);
    });
  }

  /** How the process ended, once it has. */
  get exit(): HostExit | undefined {
    return this.#exit;
  }

  onExit(listener: (exit: HostExit) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  /**
   * Asks the host to close the node and waits for the process to end, at most `timeoutMs`;
   * then kills it. Safe to call twice (the second waits for the first).
   */
  async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<StopOutcome> {
    if (this.#exit && !this.#stopping) return 'already-exited';
    if (!this.#stopping) {
      this.#stopping = true;
      try {
        this.#child.postMessage({ type: 'close' });
      } catch {
        // The channel is already gone: the process is ending; the wait below sees it.
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([this.#exited, timedOut]);
    clearTimeout(timer);
    if (outcome !== 'timeout') return outcome.closedCleanly ? 'closed' : 'failed';
    this.#child.kill();
    await this.#exited;
    return 'killed';
  }
}
