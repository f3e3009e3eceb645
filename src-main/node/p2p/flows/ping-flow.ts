import { randomBytes } from 'node:crypto';
import type { Peer } from '../peer.ts';
import type { FlowContext } from './flow-context.ts';

/**
 * kaspad's ping flows (flows/ping): answer every Ping with its nonce; send our own Ping every
 * interval and expect the matching Pong before the next one is due. A wrong nonce is an offence
 * (a peer that cannot echo eight bytes is broken or lying); no Pong in time ends the connection.
 */
export async function runPingFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['ping', 'pong']);
  let outstanding: { nonce: bigint; sentAt: number } | undefined;
  const timer = setInterval(() => {
    if (outstanding) {
      peer.disconnect(`no pong within ${context.timings.pingIntervalMs} ms`);
      return;
    }
    outstanding = { nonce: randomBytes(8).readBigUInt64BE(), sentAt: performance.now() };
    peer.send({ type: 'ping', nonce: outstanding.nonce });
  }, context.timings.pingIntervalMs);
  timer.unref();
  try {
    for (;;) {
      const message = await route.expect(['ping', 'pong']);
      if (message.type === 'ping') {
        peer.send({ type: 'pong', nonce: message.nonce });
      } else if (!outstanding) {
        peer.misbehave('UNREQUESTED_DATA', 'a pong without a ping');
      } else if (message.nonce !== outstanding.nonce) {
        peer.misbehave('WRONG_PONG', `pong nonce ${message.nonce}, ping nonce was ${outstanding.nonce}`);
      } else {
        peer.lastPingMs = Math.round(performance.now() - outstanding.sentAt);
        outstanding = undefined;
      }
    }
  } finally {
    clearInterval(timer);
  }
}
