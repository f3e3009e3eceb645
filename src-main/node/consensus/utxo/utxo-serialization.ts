import { ByteReader } from '../../encoding/byte-reader.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import { bytesToHex, hexToBytes } from '../../encoding/hex.ts';
import type { Hash } from '../model/hash.ts';
import type { UtxoEntry } from '../model/transaction.ts';

/** An outpoint as a map key: the transaction ID in hex, a colon, the output index. */
export type OutpointKey = string;

export function outpointKey(transactionId: Hash, index: number): OutpointKey {
  return `${bytesToHex(transactionId)}:${index}`;
}

export function parseOutpointKey(key: OutpointKey): { transactionId: Hash; index: number } {
  const [id, index] = key.split(':') as [string, string];
  return { transactionId: hexToBytes(id, 32), index: Number(index) };
}

function writeEntry(w: ByteWriter, entry: UtxoEntry): void {
  w.u64(entry.blockDaaScore)
    .u64(entry.amount)
    .u8(entry.isCoinbase ? 1 : 0)
    .u16(entry.scriptPublicKey.version)
    .u64(entry.scriptPublicKey.script.length)
    .bytes(entry.scriptPublicKey.script);
}

/**
 * The bytes MuHash commits to for one unspent output (kaspad utxo.SerializeUTXO): transaction
 * ID, index u32, then the entry: DAA score u64, amount u64, coinbase flag, script version u16,
 * script length u64, script. All little-endian.
 */
export function serializeUtxo(key: OutpointKey, entry: UtxoEntry): Uint8Array {
  const { transactionId, index } = parseOutpointKey(key);
  const w = new ByteWriter(64 + entry.scriptPublicKey.script.length);
  w.bytes(transactionId).u32(index);
  writeEntry(w, entry);
  return w.finish();
}

/** An entry alone, as the store keeps it. */
export function encodeUtxoEntry(entry: UtxoEntry): Uint8Array {
  const w = new ByteWriter(32 + entry.scriptPublicKey.script.length);
  writeEntry(w, entry);
  return w.finish();
}

export function readUtxoEntry(r: ByteReader): UtxoEntry {
  const blockDaaScore = r.u64AtMost(Number.MAX_SAFE_INTEGER, 'UTXO DAA score');
  const amount = r.u64('UTXO amount');
  const isCoinbase = r.u8('UTXO coinbase flag') === 1;
  const version = r.u16('script version');
  const length = r.u64AtMost(1 << 20, 'script length');
  return { blockDaaScore, amount, isCoinbase, scriptPublicKey: { version, script: r.bytes(length, 'script') } };
}

export function decodeUtxoEntry(bytes: Uint8Array): UtxoEntry {
  const r = new ByteReader(bytes);
  const entry = readUtxoEntry(r);
  r.expectEnd('UTXO entry');
  return entry;
}
