import { bytesToHex } from '../encoding/hex.ts';
import type { Hash } from '../consensus/model/hash.ts';
import type { UtxoEntry } from '../consensus/model/transaction.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';

/** An unspent output paying one of the wallet's scripts. */
export interface WalletUtxo {
  /** outpointKey form: "<transaction id hex>:<output index>". */
  outpoint: OutpointKey;
  entry: UtxoEntry;
  /** The entry's script bytes in hex (no version), the key WalletAccount.findByScript takes. */
  scriptHex: string;
}

export function walletUtxo(transactionId: Hash, index: number, entry: UtxoEntry): WalletUtxo {
  return { outpoint: outpointKey(transactionId, index), entry, scriptHex: bytesToHex(entry.scriptPublicKey.script) };
}

export function sumUtxos(utxos: readonly WalletUtxo[]): bigint {
  let total = 0n;
  for (const utxo of utxos) total += utxo.entry.amount;
  return total;
}
