/**
 * The messages between the Miner (main thread) and its mining workers. Everything here survives
 * structured cloning: bigints and Uint8Arrays travel as they are.
 */

/** Hashes per batch: about 12 ms at 170k hashes/s, so a new template or a stop waits at most that long. */
export const HASH_BATCH = 2000;

/** How often a worker reports the hashes it has done. */
export const HASH_REPORT_INTERVAL_MS = 1000;

/** Search nonceStart, nonceStart + nonceStride, … (mod 2^64) for a kHeavyHash at most `target`. */
export interface WorkMessage {
  kind: 'work';
  /** The Miner's number for this piece of work, echoed back in 'found'. */
  templateId: number;
  prePowHash: Uint8Array;
  timestamp: number;
  /** 32 little-endian bytes (targetToLeBytes). */
  target: Uint8Array;
  nonceStart: bigint;
  /** The number of workers: worker i searches the nonces ≡ start + i, so no two search the same one. */
  nonceStride: number;
}

/** Stop hashing after the current batch, report what was done, and answer 'stopped'. */
export interface StopMessage {
  kind: 'stop';
}

export type ToWorkerMessage = WorkMessage | StopMessage;

/** `count` hashes done since the previous report, in `ms` milliseconds of hashing (idle time left out). */
export interface HashesMessage {
  kind: 'hashes';
  count: number;
  ms: number;
}

/** A nonce that meets the target; the worker then waits for new work. */
export interface FoundMessage {
  kind: 'found';
  templateId: number;
  nonce: bigint;
}

export interface StoppedMessage {
  kind: 'stopped';
}

/** A message the worker could not act on. */
export interface WorkerErrorMessage {
  kind: 'error';
  message: string;
}

export type FromWorkerMessage = HashesMessage | FoundMessage | StoppedMessage | WorkerErrorMessage;
