import { ByteReader } from '../../encoding/byte-reader.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import type { Hash } from '../model/hash.ts';
import type { Transaction, UtxoEntry } from '../model/transaction.ts';
import { encodeUtxoEntry, type OutpointKey, outpointKey, readUtxoEntry } from './utxo-serialization.ts';

/**
 * How one UTXO set differs from another (kaspad UTXODiff): outputs it has that the base lacks,
 * and outputs of the base it has spent. A block's diff takes its selected parent's past UTXO set
 * to its own; diffs chain along the selected-parent tree.
 */
export class UtxoDiff {
  readonly toAdd = new Map<OutpointKey, UtxoEntry>();
  readonly toRemove = new Map<OutpointKey, UtxoEntry>();

  /** Spends `entries` (aligned with the inputs) and adds the outputs at `daaScore` (kaspad AddTransaction). */
  addTransaction(tx: Transaction, id: Hash, entries: readonly UtxoEntry[], daaScore: number, coinbase: boolean): void {
    tx.inputs.forEach((input, i) => {
      const key = outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index);
      this.remove(key, entries[i] as UtxoEntry);
    });
    tx.outputs.forEach((output, index) => {
      this.add(outpointKey(id, index), {
        amount: output.value,
        scriptPublicKey: output.scriptPublicKey,
        blockDaaScore: daaScore,
        isCoinbase: coinbase,
      });
    });
  }

  add(key: OutpointKey, entry: UtxoEntry): void {
    // Re-adding what this diff spent from the base cancels out.
    if (this.toRemove.has(key)) this.toRemove.delete(key);
    else this.toAdd.set(key, entry);
  }

  remove(key: OutpointKey, entry: UtxoEntry): void {
    if (this.toAdd.has(key)) this.toAdd.delete(key);
    else this.toRemove.set(key, entry);
  }

  /** The diff that undoes this one. */
  reversed(): UtxoDiff {
    const reverse = new UtxoDiff();
    for (const [key, entry] of this.toRemove) reverse.toAdd.set(key, entry);
    for (const [key, entry] of this.toAdd) reverse.toRemove.set(key, entry);
    return reverse;
  }

  encode(): Uint8Array {
    const w = new ByteWriter(256);
    for (const map of [this.toAdd, this.toRemove]) {
      w.u64(map.size);
      for (const [key, entry] of map) {
        w.varBytes(Buffer.from(key, 'utf8'));
        w.varBytes(encodeUtxoEntry(entry));
      }
    }
    return w.finish();
  }

  static decode(bytes: Uint8Array): UtxoDiff {
    const r = new ByteReader(bytes);
    const diff = new UtxoDiff();
    for (const map of [diff.toAdd, diff.toRemove]) {
      const count = r.count(1 << 24, 8, 'UTXO diff entry');
      for (let i = 0; i < count; i++) {
        const key = Buffer.from(r.varBytes(80, 'outpoint')).toString('utf8');
        const entryBytes = r.varBytes(1 << 20, 'UTXO entry');
        map.set(key, readUtxoEntry(new ByteReader(entryBytes)));
      }
    }
    r.expectEnd('UTXO diff');
    return diff;
  }
}
