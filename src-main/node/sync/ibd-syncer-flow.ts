import { type BlockKey, keyOf } from '../consensus/model/block-key.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import { hexToBytes } from '../encoding/hex.ts';
import type { FlowContext } from '../p2p/flows/flow-context.ts';
import type { Peer } from '../p2p/peer.ts';
import type { Route } from '../p2p/route.ts';
import { MAX_HEADERS_PER_MESSAGE } from '../p2p/wire/limits.ts';
import { blocksBetween } from './blocks-between.ts';
import { chainBlockLocator } from './chain-locator.ts';
import { SyncError } from './sync-error.ts';

/**
 * The syncer's side of IBD (kaspad flows/v5/blockrelay: HandleIBDBlockLocator,
 * HandleRequestHeaders, HandleIBDBlockRequests): chain locators, headers in batches of 1,024 paced
 * by the syncee's RequestNextHeaders, and block bodies for the hashes asked.
 */
export async function runIbdSyncerFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['requestIbdChainBlockLocator', 'requestHeaders', 'requestNextHeaders', 'requestIbdBlocks']);
  for (;;) {
    const message = await route.next();
    switch (message.type) {
      case 'requestIbdChainBlockLocator': {
        const low = message.lowHash && keyOf(message.lowHash);
        const high = message.highHash && keyOf(message.highHash);
        // An empty locator tells the syncee we cannot serve that range (kaspad answers the same way).
        const hashes = answerOrEmpty(() => chainBlockLocator(context.consensus, low, high));
        peer.send({ type: 'ibdChainBlockLocator', hashes: hashes.map((hash) => hexToBytes(hash)) });
        break;
      }
      case 'requestHeaders':
        await sendHeaders(peer, route, context, keyOf(message.lowHash), keyOf(message.highHash));
        break;
      case 'requestNextHeaders':
        peer.misbehave('UNEXPECTED_MESSAGE', 'RequestNextHeaders without a header stream');
        break;
      case 'requestIbdBlocks':
        for (const requested of message.hashes) {
          const hash = keyOf(requested);
          const header = context.consensus.header(hash);
          const transactions = context.consensus.store.bodies.get(hash);
          if (!header || !transactions) {
            peer.misbehave('UNANNOUNCED_REQUEST', `asked for IBD block ${hash}, which we do not hold`);
            break;
          }
          await peer.sendPaced({ type: 'ibdBlock', block: { header, transactions: [...transactions] } });
        }
        break;
      default:
        peer.misbehave('UNEXPECTED_MESSAGE', `${message.type} on the IBD route`);
    }
  }
}

function answerOrEmpty(query: () => BlockKey[]): BlockKey[] {
  try {
    return query();
  } catch (error) {
    if (error instanceof SyncError) return [];
    throw error;
  }
}

/** Streams the headers of past(high) ∖ past(low) in topological order; DoneHeaders ends the stream. */
async function sendHeaders(
  peer: Peer,
  route: Route,
  context: FlowContext,
  low: BlockKey,
  high: BlockKey,
): Promise<void> {
  let hashes: Iterator<BlockKey>;
  try {
    hashes = blocksBetween(context.consensus, low, high);
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    peer.send({ type: 'doneHeaders' });
    return;
  }
  for (;;) {
    const batch: BlockHeader[] = [];
    while (batch.length < MAX_HEADERS_PER_MESSAGE) {
      const next = hashes.next();
      if (next.done) break;
      batch.push(context.consensus.header(next.value) as BlockHeader);
    }
    if (batch.length === 0) break;
    await peer.sendPaced({ type: 'headers', headers: batch });
    await route.expect(['requestNextHeaders'], context.timings.responseTimeoutMs);
  }
  peer.send({ type: 'doneHeaders' });
}
