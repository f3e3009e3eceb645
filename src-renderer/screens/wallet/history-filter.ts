import type { WalletHistoryEntryJson, WalletHistoryKind } from '../../../src-shared/api.ts';

export type HistoryKindFilter = 'all' | WalletHistoryKind;

export const HISTORY_KIND_LABELS: Record<WalletHistoryKind, string> = {
  receive: 'Received',
  send: 'Sent',
  self: 'To yourself',
  coinbase: 'Mining reward',
};

/** Entries of the kind chosen whose id or one of whose addresses contains the search text (any case). */
export function filterHistory(
  entries: readonly WalletHistoryEntryJson[],
  kind: HistoryKindFilter,
  search: string,
): WalletHistoryEntryJson[] {
  const needle = search.trim().toLowerCase();
  return entries.filter(
    (entry) =>
      (kind === 'all' || entry.kind === kind) &&
      (needle === '' ||
        entry.transactionId.toLowerCase().includes(needle) ||
        entry.addresses.some((address) => address.toLowerCase().includes(needle))),
  );
}

/** "Pending", "Maturing (12 of 100)" for a young reward, else "1,234 confirmations". */
export function describeStatus(entry: WalletHistoryEntryJson, coinbaseMaturity: number | undefined): string {
  if (entry.status === 'pending') return 'Pending';
  if (entry.kind === 'coinbase' && coinbaseMaturity !== undefined && entry.confirmations < coinbaseMaturity)
    return `Maturing (${entry.confirmations.toLocaleString('en-US')} of ${coinbaseMaturity.toLocaleString('en-US')})`;
  return entry.confirmations === 1 ? '1 confirmation' : `${entry.confirmations.toLocaleString('en-US')} confirmations`;
}
