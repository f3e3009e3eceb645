import { inflateRawSync } from 'node:zlib';
import { DecodeError } from '../errors.ts';

const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;

/** Offset of the deflate data after a gzip member header (RFC 1952, section 2.3). */
function deflateStart(data: Uint8Array): number {
  if (data.length < 18 || data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) {
    throw new DecodeError('BAD_VALUE', 'not a gzip (deflate) file');
  }
  const flags = data[3] as number;
  let pos = 10;
  if (flags & FLAG_EXTRA) pos += 2 + ((data[pos] as number) | ((data[pos + 1] as number) << 8));
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    while (pos < data.length && data[pos] !== 0) pos++;
    pos++;
  }
  if (flags & FLAG_HCRC) pos += 2;
  if (pos >= data.length) throw new DecodeError('TRUNCATED', 'gzip header runs past the end of the file');
  return pos;
}

/**
 * Inflates the first gzip member and ignores whatever follows it: one of Kaspa's recorded
 * streams carries megabytes of non-gzip bytes after its first member (`zcat` skips them too),
 * and Node's gunzip refuses such files. Raw inflate stops at the end of the deflate stream.
 */
export function gunzipFirstMember(data: Uint8Array, maxOutputLength = 1 << 30): Buffer {
  try {
    return inflateRawSync(data.subarray(deflateStart(data)), { maxOutputLength });
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError('BAD_VALUE', `corrupt gzip data: ${(error as Error).message}`, { cause: error });
  }
}
