import type { ByteReader } from '../../encoding/byte-reader.ts';
import type { ByteWriter } from '../../encoding/byte-writer.ts';
import type { MessageOf, WireMessageType } from './messages.ts';

/** How one message type's body is written and read; the frame's type byte is not part of it. */
export interface BodyCodec<T extends WireMessageType> {
  write(w: ByteWriter, message: MessageOf<T>): void;
  /** Reads the body from `r`; the caller checks that nothing is left over. */
  read(r: ByteReader): MessageOf<T>;
}

export type BodyCodecs<K extends WireMessageType> = { readonly [T in K]: BodyCodec<T> };

/** A message with no body (VerAck, DoneHeaders …). */
export function emptyBody<T extends WireMessageType>(type: T): BodyCodec<T> {
  return {
    write() {},
    read: () => ({ type }) as MessageOf<T>,
  };
}
