import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { PowState } from '../crypto/pow/kheavyhash.ts';
import {
  type FromWorkerMessage,
  HASH_BATCH,
  HASH_REPORT_INTERVAL_MS,
  type ToWorkerMessage,
  type WorkMessage,
} from './mining-protocol.ts';
import { NonceCursor, searchNonces } from './nonce-search.ts';

/**
 * A mining thread. While it has work it hashes in batches of HASH_BATCH, and between batches
 * drains its port with receiveMessageOnPort, so a new template or a stop takes effect within one
 * batch without going back to the event loop. With no work it returns to the event loop and
 * sleeps until a message comes.
 */

if (!parentPort) throw new Error('mining-worker.ts runs in a worker thread');
const port = parentPort;

interface Job {
  templateId: number;
  state: PowState;
  target: Uint8Array;
  cursor: NonceCursor;
}

let job: Job | undefined;
let mining = false;
/** Hashes done and milliseconds spent hashing since the last report. */
let unreported = 0;
let busyMs = 0;
let lastReport = performance.now();

const post = (message: FromWorkerMessage): void => port.postMessage(message);

function report(): void {
  if (unreported > 0) post({ kind: 'hashes', count: unreported, ms: busyMs });
  unreported = 0;
  busyMs = 0;
  lastReport = performance.now();
}

function jobFrom(message: WorkMessage): Job {
  if (!(message.target instanceof Uint8Array) || message.target.length !== 32) {
    throw new RangeError('the target must be 32 little-endian bytes');
  }
  return {
    templateId: message.templateId,
    state: new PowState(message.prePowHash, message.timestamp),
    target: message.target,
    cursor: new NonceCursor(message.nonceStart, message.nonceStride),
  };
}

function handle(message: ToWorkerMessage): void {
  try {
    if (message.kind === 'work') {
      job = jobFrom(message);
    } else if (message.kind === 'stop') {
      job = undefined;
      report();
      post({ kind: 'stopped' });
    } else {
      throw new TypeError(`unknown message kind ${(message as { kind?: unknown }).kind}`);
    }
  } catch (error) {
    job = undefined;
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

function mine(): void {
  mining = true;
  try {
    while (job) {
      const batchStart = performance.now();
      const { hashes, nonce } = searchNonces(job.state, job.target, job.cursor, HASH_BATCH);
      const batchEnd = performance.now();
      unreported += hashes;
      busyMs += batchEnd - batchStart;
      if (nonce !== undefined) {
        post({ kind: 'found', templateId: job.templateId, nonce });
        job = undefined;
      }
      if (batchEnd - lastReport >= HASH_REPORT_INTERVAL_MS) report();
      for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
        handle(next.message as ToWorkerMessage);
      }
    }
  } finally {
    mining = false;
  }
}

port.on('message', (message: ToWorkerMessage) => {
  handle(message);
  if (job && !mining) mine();
});
