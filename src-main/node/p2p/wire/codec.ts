import { ByteReader } from '../../encoding/byte-reader.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import type { BodyCodec, BodyCodecs } from './body-codec.ts';
import { HANDSHAKE_BODIES } from './handshake-bodies.ts';
import { IBD_BODIES } from './ibd-bodies.ts';
import { MAX_BODY_BYTES, MAX_FRAME_BYTES } from './limits.ts';
import { MessageType, type WireMessage, type WireMessageType } from './messages.ts';
import { RELAY_BODIES } from './relay-bodies.ts';
import { WireError } from './wire-error.ts';

/**
 * A frame is one type byte (MessageType) followed by the message body; the transport (a
 * length-prefixed libp2p stream) delimits frames, so a frame carries no length of its own.
 */

const BODIES: BodyCodecs<WireMessageType> = { ...HANDSHAKE_BODIES, ...RELAY_BODIES, ...IBD_BODIES };

const TYPE_BY_BYTE = new Map<number, WireMessageType>(
  Object.entries(MessageType).map(([name, byte]) => [byte, name as WireMessageType]),
);

/**
 * Encodes a message as a frame. Throws WireError('INVALID_MESSAGE') for a message a peer would
 * refuse, so we never send what we would ban a peer for.
 */
export function encodeMessage(message: WireMessage): Uint8Array {
  const w = new ByteWriter(64);
  w.u8(MessageType[message.type]);
  // The table is keyed by `type`, so this codec is the one for this message's own type.
  (BODIES[message.type] as BodyCodec<WireMessageType>).write(w, message);
  const bodyBytes = w.length - 1;
  if (bodyBytes > MAX_BODY_BYTES[message.type]) {
    throw new WireError(
      'INVALID_MESSAGE',
      `${message.type} body of ${bodyBytes} bytes exceeds ${MAX_BODY_BYTES[message.type]}`,
    );
  }
  return w.finish();
}

/**
 * Decodes one frame of untrusted bytes. Sizes are checked before any body byte is read; every
 * failure is a WireError or a DecodeError, both with a code to score the peer by.
 */
export function decodeMessage(frame: Uint8Array): WireMessage {
  if (frame.length > MAX_FRAME_BYTES) {
    throw new WireError('OVERSIZED', `frame of ${frame.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
  const typeByte = frame[0];
  if (typeByte === undefined) throw new WireError('MALFORMED', 'empty frame');
  const type = TYPE_BY_BYTE.get(typeByte);
  if (type === undefined) throw new WireError('UNKNOWN_TYPE', `unknown message type ${typeByte}`);
  const bodyBytes = frame.length - 1;
  if (bodyBytes > MAX_BODY_BYTES[type]) {
    throw new WireError('OVERSIZED', `${type} body of ${bodyBytes} bytes exceeds ${MAX_BODY_BYTES[type]}`);
  }
  const r = new ByteReader(frame.subarray(1));
  const message = BODIES[type].read(r);
  r.expectEnd(type);
  return message;
}

/** The message type a frame claims, without decoding it (for logging and per-type rate limits). */
export function frameType(frame: Uint8Array): WireMessageType | undefined {
  const typeByte = frame[0];
  return typeByte === undefined ? undefined : TYPE_BY_BYTE.get(typeByte);
}
