import type { ConsensusParams } from '../consensus/params/params.ts';
import { DEFAULT_MINIMUM_RELAY_FEE_RATE } from './relay-fee.ts';

export interface MempoolOptions {
  /** Transactions the pool holds at most (orphans not counted). */
  maxTransactionCount: number;
  /** Σ mass of the pool's transactions at most. */
  maxTotalMass: number;
  /** Sompi per 1000 grams of mass (kaspad MinimumRelayTransactionFee); also sets the dust threshold. */
  minimumRelayFeeRate: bigint;
  /** kaspad MaximumOrphanTransactionCount; beyond it the oldest orphan leaves. */
  maxOrphanCount: number;
  /** kaspad MaximumOrphanTransactionMass: a heavier orphan is refused. */
  maxOrphanMass: number;
  /** An orphan whose parents have not come within this much DAA score is dropped (kaspad OrphanExpireIntervalDAAScore). */
  orphanExpiryDaaScore: number;
  /** A transaction not mined within this much DAA score leaves as 'expired' (kaspad TransactionExpireIntervalDAAScore). */
  transactionExpiryDaaScore: number;
  /** Milliseconds since the epoch, for each entry's `addedAt`. */
  now: () => number;
}

/** kaspad defaultTransactionExpireIntervalSeconds and defaultOrphanExpireIntervalSeconds. */
const EXPIRY_MS = 60_000;

/**
 * kaspad mempool DefaultConfig, except the size limits: kaspad keeps up to 1,000,000
 * transactions (a server's memory); a desktop node keeps about a hundred full blocks' worth,
 * which at legacy masses (~1,600 grams for a one-input payment) is some 30,000 payments.
 */
export function defaultMempoolOptions(
  params: Pick<ConsensusParams, 'maxBlockMass' | 'targetTimePerBlockMs'>,
): MempoolOptions {
  const expiryDaaScore = Math.max(1, Math.floor(EXPIRY_MS / params.targetTimePerBlockMs));
  return {
    maxTransactionCount: 50_000,
    maxTotalMass: 100 * params.maxBlockMass,
    minimumRelayFeeRate: DEFAULT_MINIMUM_RELAY_FEE_RATE,
    maxOrphanCount: 50,
    maxOrphanMass: 100_000,
    orphanExpiryDaaScore: expiryDaaScore,
    transactionExpiryDaaScore: expiryDaaScore,
    now: Date.now,
  };
}
