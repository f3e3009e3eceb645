import { headerHash } from '../consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import { BlockError } from '../consensus/validation/block-error.ts';
import { hexToBytes } from '../encoding/hex.ts';
import type { FlowContext } from '../p2p/flows/flow-context.ts';
import { isInvalidBlock } from '../p2p/flows/peer-fault.ts';
import { P2PError } from '../p2p/p2p-error.ts';
import type { Peer } from '../p2p/peer.ts';
import type { Route } from '../p2p/route.ts';
import { IBD_BATCH_SIZE, MAX_HEADERS_PER_MESSAGE } from '../p2p/wire/limits.ts';

/** What a UI shows while a node catches up. `total` is an estimate in the headers stage (DAA score distance). */
export interface SyncProgress {
  stage: 'negotiating' | 'headers' | 'blocks' | 'done';
  /** The peer we sync from. */
  peer: string;
  done: number;
  total: number;
  /** Items per second in this stage so far. */
  ratePerSecond: number;
}

/** Chain negotiation halves the unknown range each round; far more rounds than that means a broken peer. */
const MAX_NEGOTIATION_ROUNDS = 64;
/** Headers inserted between yields to the event loop, so the miner, API and other peers keep running. */
const HEADERS_PER_YIELD = 64;
/** Body batches asked ahead of the one being imported, so the syncer's sending overlaps our validation. */
const BATCHES_IN_FLIGHT = 2;

/**
 * The syncee's side of IBD (kaspad flows/v5/blockrelay/ibd.go, headers first):
 * 1. Chain negotiation: locators of the syncer's selected chain towards `high`, narrowed until we
 *    know the highest chain block whose body we hold (a block with a body has its whole past).
 * 2. Headers of everything between that block and `high`, validated and stored as they come.
 * 3. Bodies of every block among them still without one, IBD_BATCH_SIZE at a time, each through
 *    the import queue (full validation, UTXO included).
 * Everything stored stays stored: after a restart the next IBD negotiates from the highest block
 * with a body again, gets the headers it already has as known, and fetches only missing bodies.
 * Errors that prove the syncer wrong score it; any error ends this IBD (the caller disconnects).
 */
export async function runIbd(
  peer: Peer,
  context: FlowContext,
  high: BlockKey,
  highHeader: BlockHeader,
  onProgress: (progress: SyncProgress) => void,
): Promise<void> {
  const route = peer.route(['ibdChainBlockLocator', 'headers', 'doneHeaders', 'ibdBlock']);
  try {
    onProgress({ stage: 'negotiating', peer: peer.id, done: 0, total: 0, ratePerSecond: 0 });
    const low = await negotiateChain(peer, route, context, high);
    if (low === high) return;
    const missingBodies = await syncHeaders(peer, route, context, low, high, highHeader, onProgress);
    await syncBodies(peer, route, context, missingBodies, onProgress);
  } finally {
    peer.unroute(route);
    // Every way out ends the sync for whoever shows it: nothing to fetch, finished, or failed.
    onProgress({ stage: 'done', peer: peer.id, done: 0, total: 0, ratePerSecond: 0 });
  }
}

function hasBody(context: FlowContext, hash: BlockKey): boolean {
  return context.consensus.store.bodies.has(hash);
}

/** kaspad negotiateMissingSyncerChainSegment: returns the highest syncer chain block we hold with its body. */
async function negotiateChain(peer: Peer, route: Route, context: FlowContext, high: BlockKey): Promise<BlockKey> {
  let low: BlockKey | null = null;
  let top = high;
  for (let round = 0; round < MAX_NEGOTIATION_ROUNDS; round++) {
    peer.send({
      type: 'requestIbdChainBlockLocator',
      lowHash: low === null ? null : hexToBytes(low),
      highHash: hexToBytes(top),
    });
    const { hashes } = await route.expect(['ibdChainBlockLocator'], context.timings.responseTimeoutMs);
    const locator = hashes.map((hash) => keyOf(hash));
    if (locator.length === 0 || locator[0] !== top) {
      peer.misbehave('PROTOCOL_NUISANCE', `no chain locator for block ${top}, which the peer announced`);
      throw new P2PError('PROTOCOL', `peer ${peer.id} cannot serve block ${top}`);
    }
    const known = locator.findIndex((hash) => hasBody(context, hash));
    if (known === 0) return top;
    if (known === -1) {
      // The locator ends with the syncer's genesis (or the low we asked for, which we hold).
      throw new P2PError('INCOMPATIBLE', `peer ${peer.id} shares no block with us (another genesis?)`);
    }
    // Adjacent chain blocks: the unknown one's selected parent is the known one.
    if (known === 1 && locator.length === 2) return locator[1] as BlockKey;
    low = locator[known] as BlockKey;
    top = locator[known - 1] as BlockKey;
  }
  throw new P2PError('PROTOCOL', `chain negotiation with ${peer.id} did not converge`);
}

async function syncHeaders(
  peer: Peer,
  route: Route,
  context: FlowContext,
  low: BlockKey,
  high: BlockKey,
  highHeader: BlockHeader,
  onProgress: (progress: SyncProgress) => void,
): Promise<BlockKey[]> {
  const lowHeader = context.consensus.header(low) as BlockHeader;
  const total = Math.max(1, Number(highHeader.daaScore - lowHeader.daaScore));
  // Blocks between two chain blocks number about their DAA score distance (more only when blocks
  // are merged outside the DAA window); far more means a syncer spending our disk on junk headers.
  const maxHeaders = 2 * total + MAX_HEADERS_PER_MESSAGE;
  const started = performance.now();
  const missingBodies: BlockKey[] = [];
  let received = 0;
  peer.send({ type: 'requestHeaders', lowHash: hexToBytes(low), highHash: hexToBytes(high) });
  for (;;) {
    const message = await route.expect(['headers', 'doneHeaders'], context.timings.responseTimeoutMs);
    if (message.type === 'doneHeaders') break;
    if (received + message.headers.length > maxHeaders) {
      peer.misbehave('PROTOCOL_NUISANCE', `more than ${maxHeaders} headers for a DAA score distance of ${total}`);
      throw new P2PError('PROTOCOL', `peer ${peer.id} sends more headers than the range holds`);
    }
    for (const header of message.headers) {
      const hash = insertHeader(peer, context, header);
      if (!hasBody(context, hash)) missingBodies.push(hash);
      if (++received % HEADERS_PER_YIELD === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    onProgress({
      stage: 'headers',
      peer: peer.id,
      done: received,
      total: Math.max(total, received),
      ratePerSecond: rate(received, started),
    });
    peer.send({ type: 'requestNextHeaders' });
  }
  if (!context.consensus.has(high)) {
    peer.misbehave('PROTOCOL_NUISANCE', `the headers stream did not reach ${high}`);
    throw new P2PError('PROTOCOL', `peer ${peer.id} did not send the headers up to ${high}`);
  }
  return missingBodies;
}

function insertHeader(peer: Peer, context: FlowContext, header: BlockHeader): BlockKey {
  try {
    return context.consensus.insertHeader(header).hash;
  } catch (error) {
    if (isInvalidBlock(error)) peer.misbehave('INVALID_BLOCK', `header: ${(error as Error).message}`);
    else if (error instanceof BlockError && error.code === 'MISSING_PARENTS') {
      peer.misbehave('UNREQUESTED_DATA', `a header before its parents: ${(error as Error).message}`);
    }
    throw error;
  }
}

async function syncBodies(
  peer: Peer,
  route: Route,
  context: FlowContext,
  hashes: readonly BlockKey[],
  onProgress: (progress: SyncProgress) => void,
): Promise<void> {
  const started = performance.now();
  const batches: BlockKey[][] = [];
  for (let i = 0; i < hashes.length; i += IBD_BATCH_SIZE) batches.push(hashes.slice(i, i + IBD_BATCH_SIZE));
  const request = (batch: BlockKey[] | undefined): void => {
    if (batch) peer.send({ type: 'requestIbdBlocks', hashes: batch.map((hash) => hexToBytes(hash)) });
  };
  for (let i = 0; i < BATCHES_IN_FLIGHT; i++) request(batches[i]);
  let imported = 0;
  for (let b = 0; b < batches.length; b++) {
    for (const expected of batches[b] as BlockKey[]) {
      const { block } = await route.expect(['ibdBlock'], context.timings.responseTimeoutMs);
      const received = keyOf(headerHash(block.header));
      if (received !== expected) {
        peer.misbehave('UNREQUESTED_DATA', `asked for IBD block ${expected}, got ${received}`);
        throw new P2PError('PROTOCOL', `peer ${peer.id} sent IBD blocks out of order`);
      }
      const outcome = await context.imports.submit(block, 'ibd');
      if (outcome.status === 'rejected') {
        if (isInvalidBlock(outcome.error))
          peer.misbehave('INVALID_BLOCK', `block ${expected}: ${outcome.error.message}`);
        throw outcome.error;
      }
      if (outcome.status === 'waiting') {
        throw new P2PError('PROTOCOL', `IBD block ${expected} is missing parents ${outcome.missing.join(', ')}`);
      }
      imported++;
    }
    request(batches[b + BATCHES_IN_FLIGHT]);
    onProgress({
      stage: 'blocks',
      peer: peer.id,
      done: imported,
      total: hashes.length,
      ratePerSecond: rate(imported, started),
    });
  }
}

function rate(count: number, startedMs: number): number {
  const seconds = (performance.now() - startedMs) / 1000;
  return seconds > 0 ? Math.round(count / seconds) : 0;
}
