import type { Block } from '../../consensus/codec/block-codec.ts';
import { headerHash } from '../../consensus/hashing/header-hash.ts';
import { type BlockKey, keyOf } from '../../consensus/model/block-key.ts';
import { hexToBytes } from '../../encoding/hex.ts';
import type { Peer } from '../peer.ts';
import { BLOCK_INV_ROUTE_CAPACITY } from '../route.ts';
import type { FlowContext } from './flow-context.ts';
import { isInvalidBlock } from './peer-fault.ts';

/**
 * kaspad's HandleRelayInvs (flows/v5/blockrelay): an announced block we lack and nobody is
 * fetching is requested, then goes through the node's import queue like a mined one. A block
 * whose parents we lack starts IBD towards it (which also covers a gap of a few blocks); an
 * invalid one is an offence. Invs that arrive while a block is awaited are kept and handled next.
 */
export async function runBlockRelayFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['invRelayBlock', 'block'], BLOCK_INV_ROUTE_CAPACITY);
  const invs: BlockKey[] = [];
  for (;;) {
    const next = invs.shift();
    let hash: BlockKey;
    if (next !== undefined) {
      hash = next;
    } else {
      const message = await route.expect(['invRelayBlock', 'block']);
      if (message.type === 'block') {
        peer.misbehave('UNREQUESTED_DATA', `block ${keyOf(headerHash(message.block.header))} was not requested`);
        continue;
      }
      hash = keyOf(message.hash);
    }
    peer.knownBlocks.add(hash);
    if (
      context.blocksInFlight.has(hash) ||
      context.imports.isWaiting(hash) ||
      context.consensus.store.bodies.has(hash)
    ) {
      continue;
    }
    // In flight until imported, so an inv from another peer meanwhile does not fetch it again.
    context.blocksInFlight.add(hash);
    try {
      peer.send({ type: 'requestRelayBlocks', hashes: [hexToBytes(hash)] });
      const block = await awaitBlock(peer, route, hash, invs, context.timings.responseTimeoutMs);
      context.stats.relayBlocksReceived++;
      const outcome = await context.imports.submit(block, 'peer');
      if (outcome.status === 'waiting') {
        context.requestIbd(peer, hash, block.header);
      } else if (outcome.status === 'rejected') {
        if (isInvalidBlock(outcome.error)) peer.misbehave('INVALID_BLOCK', `block ${hash}: ${outcome.error.message}`);
        else context.log('warn', `block ${hash} from ${peer.id} not imported: ${outcome.error.message}`);
      }
    } finally {
      context.blocksInFlight.delete(hash);
    }
  }
}

/** Reads the route until the requested block comes; invs meanwhile are queued, any other block is unrequested. */
async function awaitBlock(
  peer: Peer,
  route: ReturnType<Peer['route']>,
  hash: BlockKey,
  invs: BlockKey[],
  timeoutMs: number,
): Promise<Block> {
  for (;;) {
    const message = await route.expect(['invRelayBlock', 'block'], timeoutMs);
    if (message.type === 'invRelayBlock') {
      invs.push(keyOf(message.hash));
      continue;
    }
    const received = keyOf(headerHash(message.block.header));
    if (received === hash) return message.block;
    peer.misbehave('UNREQUESTED_DATA', `asked for block ${hash}, got ${received}`);
  }
}

/**
 * kaspad's HandleRelayBlockRequests: a peer may ask only for blocks we announced to it (we
 * announce only blocks we hold with their bodies); anything else is scored.
 */
export async function runBlockRequestFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['requestRelayBlocks']);
  for (;;) {
    const message = await route.expect(['requestRelayBlocks']);
    for (const requested of message.hashes) {
      const hash = keyOf(requested);
      const header = context.consensus.header(hash);
      const transactions = context.consensus.store.bodies.get(hash);
      if (!peer.announcedBlocks.has(hash) || !header || !transactions) {
        peer.misbehave('UNANNOUNCED_REQUEST', `asked for block ${hash}, which we never announced`);
        if (!peer.isOpen) return;
        continue;
      }
      await peer.sendPaced({ type: 'block', block: { header, transactions: [...transactions] } });
    }
  }
}
