import { decodeBlock, encodeBlock } from '../../consensus/codec/block-codec.ts';
import { decodeTransaction, encodeTransaction } from '../../consensus/codec/tx-codec.ts';
import type { BodyCodecs } from './body-codec.ts';
import { readHash, readHashList, writeHash, writeHashList } from './fields.ts';
import { MAX_INV_PER_MESSAGE } from './limits.ts';

/**
 * Block and transaction relay. A block or transaction body is exactly its consensus codec
 * encoding, which checks its own limits and rejects trailing bytes.
 */
export const RELAY_BODIES: BodyCodecs<
  | 'invRelayBlock'
  | 'requestRelayBlocks'
  | 'block'
  | 'invTransactions'
  | 'requestTransactions'
  | 'transaction'
  | 'transactionNotFound'
> = {
  invRelayBlock: {
    write: (w, m) => writeHash(w, m.hash, 'block hash'),
    read: (r) => ({ type: 'invRelayBlock', hash: readHash(r, 'block hash') }),
  },
  requestRelayBlocks: {
    write: (w, m) => writeHashList(w, m.hashes, MAX_INV_PER_MESSAGE, 'block hash'),
    read: (r) => ({ type: 'requestRelayBlocks', hashes: readHashList(r, MAX_INV_PER_MESSAGE, 'block hash') }),
  },
  block: {
    write: (w, m) => w.bytes(encodeBlock(m.block)),
    read: (r) => ({ type: 'block', block: decodeBlock(r.bytes(r.remaining, 'block')) }),
  },
  invTransactions: {
    write: (w, m) => writeHashList(w, m.ids, MAX_INV_PER_MESSAGE, 'transaction id'),
    read: (r) => ({ type: 'invTransactions', ids: readHashList(r, MAX_INV_PER_MESSAGE, 'transaction id') }),
  },
  requestTransactions: {
    write: (w, m) => writeHashList(w, m.ids, MAX_INV_PER_MESSAGE, 'transaction id'),
    read: (r) => ({ type: 'requestTransactions', ids: readHashList(r, MAX_INV_PER_MESSAGE, 'transaction id') }),
  },
  transaction: {
    write: (w, m) => w.bytes(encodeTransaction(m.transaction)),
    read: (r) => ({ type: 'transaction', transaction: decodeTransaction(r.bytes(r.remaining, 'transaction')) }),
  },
  transactionNotFound: {
    write: (w, m) => writeHash(w, m.id, 'transaction id'),
    read: (r) => ({ type: 'transactionNotFound', id: readHash(r, 'transaction id') }),
  },
};
