import { decodeBlock, encodeBlock } from '../../consensus/codec/block-codec.ts';
import { encodeHeader, readHeader } from '../../consensus/codec/header-codec.ts';
import { HASH_SIZE } from '../../consensus/model/hash.ts';
import type { BlockHeader } from '../../consensus/model/header.ts';
import type { BodyCodecs } from './body-codec.ts';
import { emptyBody } from './body-codec.ts';
import {
  readHash,
  readHashList,
  readOptionalHash,
  writeCount,
  writeHash,
  writeHashList,
  writeOptionalHash,
  writeU32,
} from './fields.ts';
import { IBD_BATCH_SIZE, MAX_BLOCK_LOCATOR_HASHES, MAX_HEADERS_PER_MESSAGE } from './limits.ts';

/** The smallest header encoding (no parents, empty blue work), to refuse counts the bytes cannot hold. */
const MIN_HEADER_BYTES = 2 + 8 + 3 * HASH_SIZE + 8 + 4 + 8 + 8 + 8 + 8 + HASH_SIZE;

/** Initial block download, after kaspad's v5 IBD flow: headers first, then bodies by hash. */
export const IBD_BODIES: BodyCodecs<
  | 'requestHeaders'
  | 'headers'
  | 'doneHeaders'
  | 'requestNextHeaders'
  | 'requestBlockLocator'
  | 'blockLocator'
  | 'requestIbdChainBlockLocator'
  | 'ibdChainBlockLocator'
  | 'requestAnticone'
  | 'requestIbdBlocks'
  | 'ibdBlock'
> = {
  requestHeaders: {
    write(w, m) {
      writeHash(w, m.lowHash, 'low hash');
      writeHash(w, m.highHash, 'high hash');
    },
    read: (r) => ({ type: 'requestHeaders', lowHash: readHash(r, 'low hash'), highHash: readHash(r, 'high hash') }),
  },
  headers: {
    write(w, m) {
      writeCount(w, m.headers.length, MAX_HEADERS_PER_MESSAGE, 'header');
      for (const header of m.headers) w.bytes(encodeHeader(header));
    },
    read(r) {
      const count = r.count(MAX_HEADERS_PER_MESSAGE, MIN_HEADER_BYTES, 'header');
      const headers: BlockHeader[] = [];
      for (let i = 0; i < count; i++) headers.push(readHeader(r));
      return { type: 'headers', headers };
    },
  },
  doneHeaders: emptyBody('doneHeaders'),
  requestNextHeaders: emptyBody('requestNextHeaders'),
  requestBlockLocator: {
    write(w, m) {
      writeHash(w, m.highHash, 'high hash');
      writeU32(w, m.limit, 'locator limit');
    },
    read: (r) => ({ type: 'requestBlockLocator', highHash: readHash(r, 'high hash'), limit: r.u32('locator limit') }),
  },
  blockLocator: {
    write: (w, m) => writeHashList(w, m.hashes, MAX_BLOCK_LOCATOR_HASHES, 'locator hash'),
    read: (r) => ({ type: 'blockLocator', hashes: readHashList(r, MAX_BLOCK_LOCATOR_HASHES, 'locator hash') }),
  },
  requestIbdChainBlockLocator: {
    write(w, m) {
      writeOptionalHash(w, m.lowHash, 'low hash');
      writeOptionalHash(w, m.highHash, 'high hash');
    },
    read: (r) => ({
      type: 'requestIbdChainBlockLocator',
      lowHash: readOptionalHash(r, 'low hash'),
      highHash: readOptionalHash(r, 'high hash'),
    }),
  },
  ibdChainBlockLocator: {
    write: (w, m) => writeHashList(w, m.hashes, MAX_BLOCK_LOCATOR_HASHES, 'locator hash'),
    read: (r) => ({ type: 'ibdChainBlockLocator', hashes: readHashList(r, MAX_BLOCK_LOCATOR_HASHES, 'locator hash') }),
  },
  requestAnticone: {
    write(w, m) {
      writeHash(w, m.blockHash, 'block hash');
      writeHash(w, m.contextHash, 'context hash');
    },
    read: (r) => ({
      type: 'requestAnticone',
      blockHash: readHash(r, 'block hash'),
      contextHash: readHash(r, 'context hash'),
    }),
  },
  requestIbdBlocks: {
    write: (w, m) => writeHashList(w, m.hashes, IBD_BATCH_SIZE, 'block hash'),
    read: (r) => ({ type: 'requestIbdBlocks', hashes: readHashList(r, IBD_BATCH_SIZE, 'block hash') }),
  },
  ibdBlock: {
    write: (w, m) => w.bytes(encodeBlock(m.block)),
    read: (r) => ({ type: 'ibdBlock', block: decodeBlock(r.bytes(r.remaining, 'block')) }),
  },
};
