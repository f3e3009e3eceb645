import { MAX_ADDRESSES_PER_MESSAGE } from '../wire/limits.ts';
import type { Peer } from '../peer.ts';
import type { FlowContext } from './flow-context.ts';

/**
 * kaspad's address flows (flows/addressexchange): after the handshake each side asks once for
 * addresses; we answer every request from what we know, and take one Addresses answer per request.
 */
export async function runAddressFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['requestAddresses', 'addresses']);
  let requested = true;
  peer.send({ type: 'requestAddresses' });
  for (;;) {
    const message = await route.expect(['requestAddresses', 'addresses']);
    if (message.type === 'requestAddresses') {
      peer.send({ type: 'addresses', addresses: context.addressesToShare().slice(0, MAX_ADDRESSES_PER_MESSAGE) });
    } else if (!requested) {
      peer.misbehave('PROTOCOL_NUISANCE', 'addresses we did not ask for');
    } else {
      requested = false;
      context.learnAddresses(message.addresses);
    }
  }
}

/** Ends the connection with the reason a peer gave in its Reject (kaspad flows/rejects). */
export async function runRejectFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['reject']);
  const message = await route.expect(['reject']);
  context.log('info', `peer ${peer.id} rejected us: ${message.reason}`);
  peer.disconnect(`rejected by peer: ${message.reason}`, { tellPeer: false });
}
