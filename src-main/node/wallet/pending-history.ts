import type { MempoolEntryJson, UtxoJson } from '../../../src-shared/api.ts';
import type { AddressHistoryRow } from './history.ts';

/**
 * History rows for the wallet's transactions still in the mempool, shaped like the address
 * index's rows so that walletHistory() merges them and names their kind by the same rules.
 * `ours` maps each watched script (API script text) to its bare script hex. A spent outpoint is
 * resolved from the wallet's confirmed outputs (`utxos`, including those the pool spends) or from
 * an earlier pool transaction paying the wallet (a compound before its payment); an outpoint that
 * is neither is someone else's. Rows have no accepting block: the caller marks them pending.
 */
export function pendingHistoryRows(
  pool: readonly MempoolEntryJson[],
  ours: ReadonlyMap<string, string>,
  utxos: readonly UtxoJson[],
  firstSeen: (transactionId: string) => number,
): AddressHistoryRow[] {
  const spendable = new Map<string, { script: string; amount: bigint }>();
  for (const utxo of utxos) spendable.set(utxo.outpoint, { script: utxo.scriptPublicKey, amount: BigInt(utxo.amount) });
  for (const entry of pool)
    for (const output of entry.outputs)
      if (ours.has(output.scriptPublicKey))
        spendable.set(`${entry.transactionId}:${output.index}`, {
          script: output.scriptPublicKey,
          amount: BigInt(output.amount),
        });

  const rows: AddressHistoryRow[] = [];
  for (const entry of pool) {
    const perScript = new Map<string, { received: bigint; sent: bigint }>();
    const tally = (script: string) => {
      let sums = perScript.get(script);
      if (!sums) perScript.set(script, (sums = { received: 0n, sent: 0n }));
      return sums;
    };
    for (const output of entry.outputs)
      if (ours.has(output.scriptPublicKey)) tally(output.scriptPublicKey).received += BigInt(output.amount);
    for (const outpoint of entry.spends) {
      const spent = spendable.get(outpoint);
      if (spent && ours.has(spent.script)) tally(spent.script).sent += spent.amount;
    }
    const timestamp = firstSeen(entry.transactionId);
    for (const [script, sums] of perScript)
      rows.push({
        scriptHex: ours.get(script) as string,
        transactionId: entry.transactionId,
        acceptingBlock: '',
        acceptingBlueScore: 0,
        timestamp,
        received: sums.received,
        sent: sums.sent,
        fee: BigInt(entry.fee),
        isCoinbase: false,
      });
  }
  return rows;
}
