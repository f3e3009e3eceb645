/** What the node's address index returns for one of the wallet's scripts in one accepted transaction. */
export interface AddressHistoryRow {
  scriptHex: string;
  transactionId: string;
  /** The chain block that accepted the transaction. */
  acceptingBlock: string;
  acceptingBlueScore: number;
  /** The accepting block's timestamp, ms. */
  timestamp: number;
  /** Sompi the transaction's outputs pay to this script. */
  received: bigint;
  /** Sompi of this script's outputs the transaction's inputs spend. */
  sent: bigint;
  /** The whole transaction's fee. */
  fee: bigint;
  isCoinbase: boolean;
}

export type HistoryKind = 'receive' | 'send' | 'self' | 'coinbase';

export interface HistoryEntry {
  transactionId: string;
  acceptingBlock: string;
  acceptingBlueScore: number;
  timestamp: number;
  /** Totals over all of the wallet's scripts. */
  received: bigint;
  sent: bigint;
  /** received − sent: what the transaction changed the balance by. */
  net: bigint;
  /** Only when the wallet spent in the transaction (the fee was then, at least partly, its own). */
  fee?: bigint;
  /** Blue score of the virtual minus that of the accepting block; never negative. */
  confirmations: number;
  kind: HistoryKind;
  /** The wallet's scripts the transaction touched, in first-seen order. */
  scriptHexes: string[];
}

/**
 * One entry per transaction from the per-script rows, newest first (accepting blue score,
 * then timestamp, then id, so equal blocks list in a stable order). A row repeated for the same
 * script and transaction counts once.
 */
export function walletHistory(rows: readonly AddressHistoryRow[], virtualBlueScore: number): HistoryEntry[] {
  const byTransaction = new Map<string, HistoryEntry>();
  const seen = new Set<string>();
  for (const row of rows) {
    const rowKey = `${row.transactionId}/${row.scriptHex}`;
    if (seen.has(rowKey)) continue;
    seen.add(rowKey);
    let entry = byTransaction.get(row.transactionId);
    if (!entry) {
      entry = {
        transactionId: row.transactionId,
        acceptingBlock: row.acceptingBlock,
        acceptingBlueScore: row.acceptingBlueScore,
        timestamp: row.timestamp,
        received: 0n,
        sent: 0n,
        net: 0n,
        confirmations: Math.max(0, virtualBlueScore - row.acceptingBlueScore),
        kind: row.isCoinbase ? 'coinbase' : 'receive',
        scriptHexes: [],
      };
      byTransaction.set(row.transactionId, entry);
    }
    entry.received += row.received;
    entry.sent += row.sent;
    entry.scriptHexes.push(row.scriptHex);
    if (row.sent > 0n) entry.fee = row.fee;
  }
  const entries = [...byTransaction.values()];
  for (const entry of entries) {
    entry.net = entry.received - entry.sent;
    if (entry.kind !== 'coinbase') entry.kind = kindOf(entry);
  }
  return entries.sort(newestFirst);
}

/**
 * A transaction the wallet spent in is 'self' when everything but the fee came back (a
 * compound, a payment to one's own address), 'send' when value left, and 'receive' when it
 * still gained (someone else's inputs paid more to it than it spent).
 */
function kindOf(entry: HistoryEntry): HistoryKind {
  if (entry.sent === 0n) return 'receive';
  if (entry.net === -(entry.fee ?? 0n)) return 'self';
  return entry.net > 0n ? 'receive' : 'send';
}

function newestFirst(a: HistoryEntry, b: HistoryEntry): number {
  if (a.acceptingBlueScore !== b.acceptingBlueScore) return b.acceptingBlueScore - a.acceptingBlueScore;
  if (a.timestamp !== b.timestamp) return b.timestamp - a.timestamp;
  return a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0;
}
