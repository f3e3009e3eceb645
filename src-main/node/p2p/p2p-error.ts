import { DagwalletError } from '../errors.ts';

export const P2PErrorCode = {
  /** The peer broke the protocol: an unexpected, unrequested or out-of-order message. */
  PROTOCOL: 'PROTOCOL',
  /** The peer did not answer in time. */
  TIMEOUT: 'TIMEOUT',
  /** The peer speaks another network or protocol version, or is ourselves or already connected. */
  INCOMPATIBLE: 'INCOMPATIBLE',
  /** The connection closed (by either side) while a flow was waiting on it. */
  DISCONNECTED: 'DISCONNECTED',
  /** The peer sends faster than its flows can process (a route's queue is full). */
  FLOODING: 'FLOODING',
  /** A multiaddr we were asked to dial does not parse or cannot be dialed. */
  BAD_ADDRESS: 'BAD_ADDRESS',
  /** Dialing a peer failed or it refused our protocol. */
  DIAL_FAILED: 'DIAL_FAILED',
} as const;
export type P2PErrorCode = (typeof P2PErrorCode)[keyof typeof P2PErrorCode];

/** A failure of a peer connection or flow; flows end with it and the peer is disconnected (or scored). */
export class P2PError extends DagwalletError<P2PErrorCode> {}
