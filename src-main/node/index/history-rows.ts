import type { Hash } from '../consensus/model/hash.ts';
import { isCoinbase, type Transaction, type TransactionOutput } from '../consensus/model/transaction.ts';
import type { UtxoDiff } from '../consensus/utxo/utxo-diff.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { utxoScriptKey } from '../store/utxo-set-repository.ts';
import { IndexError } from './index-error.ts';

/** A transaction a chain block accepted, with what its acceptance data says of it. */
export interface AcceptedTransaction {
  transaction: Transaction;
  id: Hash;
  fee: bigint;
}

/** One transaction's effect on one script. */
export interface HistoryEntry {
  /** utxoScriptKey of the script. */
  script: Buffer;
  transactionId: Hash;
  /** The transaction's place in the chain block's acceptance order (0 = the coinbase). */
  position: number;
  received: bigint;
  sent: bigint;
  fee: bigint;
  isCoinbase: boolean;
}

/**
 * The history entries of one chain block: for each transaction it accepted (in acceptance order),
 * per script, the outputs paying it (`received`) and the spent outputs that had paid it (`sent`).
 * A spent output is found in the block's UTXO diff (`spentFromPast`: what the mergeset took from
 * the selected parent's past set) or, when an earlier transaction of the same mergeset created it
 * (the diff then cancels both), among that transaction's outputs.
 */
export function historyEntriesOf(
  accepted: readonly AcceptedTransaction[],
  spentFromPast: UtxoDiff['toRemove'],
): HistoryEntry[] {
  const createdInMergeset = new Map<OutpointKey, TransactionOutput>();
  const entries: HistoryEntry[] = [];
  accepted.forEach(({ transaction, id, fee }, position) => {
    const coinbase = isCoinbase(transaction);
    const byScript = new Map<string, HistoryEntry>();
    const entryFor = (output: TransactionOutput): HistoryEntry => {
      const script = utxoScriptKey(output.scriptPublicKey);
      const key = script.toString('latin1');
      let entry = byScript.get(key);
      if (entry === undefined) {
        entry = { script, transactionId: id, position, received: 0n, sent: 0n, fee, isCoinbase: coinbase };
        byScript.set(key, entry);
      }
      return entry;
    };
    for (const input of transaction.inputs) {
      const key = outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index);
      const spentEntry = spentFromPast.get(key);
      const spent =
        createdInMergeset.get(key) ??
        (spentEntry && { value: spentEntry.amount, scriptPublicKey: spentEntry.scriptPublicKey });
      if (spent === undefined) {
        throw new IndexError(
          'INCONSISTENT',
          `accepted transaction ${bytesToHex(id)} spends ${key}, which neither the block's UTXO diff nor its mergeset holds`,
        );
      }
      entryFor(spent).sent += spent.value;
    }
    transaction.outputs.forEach((output, index) => {
      entryFor(output).received += output.value;
      createdInMergeset.set(outpointKey(id, index), output);
    });
    entries.push(...byScript.values());
  });
  return entries;
}
