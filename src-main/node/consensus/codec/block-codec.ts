import { ByteReader } from '../../encoding/byte-reader.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { DecodeError } from '../../errors.ts';
import type { BlockHeader } from '../model/header.ts';
import type { Transaction } from '../model/transaction.ts';
import { encodeHeader, readHeader } from './header-codec.ts';
import { readTransaction, TX_LIMITS, writeWireTransaction } from './tx-codec.ts';

export interface Block {
  header: BlockHeader;
  transactions: Transaction[];
}

/** A block on the wire: header, u64 transaction count, transactions. */
export const BLOCK_LIMITS = {
  /** Far above what the 500,000 block mass allows; refuses absurd inputs before any work. */
  maxBlockBytes: 8 * 1024 * 1024,
  maxTransactions: 100_000,
} as const;

/** The smallest possible transaction encoding, to refuse counts the bytes cannot hold. */
const MIN_TX_SIZE = 2 + 8 + 8 + 8 + 20 + 8 + 8 + 8;

export function encodeBlock(block: Block): Uint8Array {
  const w = new ByteWriter(1024);
  w.bytes(encodeHeader(block.header)).u64(block.transactions.length);
  for (const tx of block.transactions) writeWireTransaction(w, tx);
  return w.finish();
}

export function decodeBlock(bytes: Uint8Array): Block {
  if (bytes.length > BLOCK_LIMITS.maxBlockBytes) {
    throw new DecodeError('LIMIT_EXCEEDED', `block of ${bytes.length} bytes exceeds ${BLOCK_LIMITS.maxBlockBytes}`);
  }
  const r = new ByteReader(bytes);
  const header = readHeader(r);
  const count = r.count(BLOCK_LIMITS.maxTransactions, MIN_TX_SIZE, 'transaction');
  const transactions: Transaction[] = [];
  for (let i = 0; i < count; i++) transactions.push(readTransaction(r, TX_LIMITS));
  r.expectEnd('block');
  return { header, transactions };
}
