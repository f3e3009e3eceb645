import type { WalletHistoryEntryJson } from '../../../src-shared/api.ts';

export interface MiningRewards {
  /** Coinbase rewards still inside the maturity window (the wallet's immature balance). */
  maturing: bigint;
  /** Rewards past it: every confirmed coinbase received minus what is still maturing. */
  mature: bigint;
}

/**
 * What mining earned this wallet. The history's confirmed coinbase entries hold every reward,
 * maturing ones included, so the mature part is their sum less the immature balance (never
 * below zero: the two are read at slightly different moments).
 */
export function miningRewards(history: readonly WalletHistoryEntryJson[], immature: string): MiningRewards {
  const maturing = BigInt(immature);
  let received = 0n;
  for (const entry of history) {
    if (entry.kind === 'coinbase' && entry.status === 'confirmed') received += BigInt(entry.received);
  }
  const mature = received - maturing;
  return { maturing, mature: mature > 0n ? mature : 0n };
}
