import { DagwalletError } from '../../errors.ts';

export const WireErrorCode = {
  /** The frame's first byte names no message we know. */
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  /** The frame, or a message body, is larger than its limit; refused before decoding. */
  OVERSIZED: 'OVERSIZED',
  /** The bytes are the right size but do not form the message (empty frame, bad flag, bad text). */
  MALFORMED: 'MALFORMED',
  /** We were asked to encode a message a peer would refuse (too many items, text too long). */
  INVALID_MESSAGE: 'INVALID_MESSAGE',
} as const;
export type WireErrorCode = (typeof WireErrorCode)[keyof typeof WireErrorCode];

/**
 * A P2P frame we refuse. Decoding untrusted bytes raises only this or `DecodeError`, so a flow can
 * score the peer from `code` without guessing what an arbitrary exception means.
 */
export class WireError extends DagwalletError<WireErrorCode> {}
