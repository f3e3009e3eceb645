import { MempoolError } from './mempool-error.ts';
import type { MempoolOptions } from './mempool-options.ts';
import type { MempoolEntry, TransactionPool } from './transaction-pool.ts';

/**
 * The pool transactions to evict so that `entry` fits within the limits: the cheapest fee rates
 * first, each with its descendants (they cannot stay without it), never one of the newcomer's
 * own ancestors, and only transactions paying a lower fee rate than the newcomer. Throws
 * FEE_RATE_TOO_LOW when the newcomer does not outbid what would have to go, POOL_FULL when no
 * eviction can make room.
 */
export function planEviction(
  pool: TransactionPool,
  entry: MempoolEntry,
  limits: Pick<MempoolOptions, 'maxTransactionCount' | 'maxTotalMass'>,
): string[] {
  const { maxTransactionCount, maxTotalMass } = limits;
  let excessCount = pool.size + 1 - maxTransactionCount;
  let excessMass = pool.totalMass + entry.mass - maxTotalMass;
  if (excessCount <= 0 && excessMass <= 0) return [];
  const full = (why: string) =>
    new MempoolError('POOL_FULL', `transaction ${entry.id} does not fit in the mempool: ${why}`, {
      transactionId: entry.id,
    });
  if (entry.mass > maxTotalMass || maxTransactionCount < 1) {
    throw full(`its mass of ${entry.mass} is above the pool's whole capacity of ${maxTotalMass}`);
  }
  const ancestors = pool.ancestors(entry.parents);
  const evicted = new Set<string>();
  for (const candidate of pool.cheapestFirst()) {
    if (excessCount <= 0 && excessMass <= 0) break;
    if (evicted.has(candidate.id) || ancestors.has(candidate.id)) continue;
    if (candidate.feeRate >= entry.feeRate) {
      throw new MempoolError(
        'FEE_RATE_TOO_LOW',
        `the mempool is full and transaction ${entry.id} pays ${formatRate(entry.feeRate)} sompi/gram, ` +
          `not more than the ${formatRate(candidate.feeRate)} of the cheapest transaction it could replace`,
        { transactionId: entry.id },
      );
    }
    for (const id of pool.withDescendants(candidate.id)) {
      if (evicted.has(id)) continue;
      evicted.add(id);
      excessCount -= 1;
      excessMass -= (pool.get(id) as MempoolEntry).mass;
    }
  }
  if (excessCount > 0 || excessMass > 0) {
    throw full('every cheaper transaction is one it spends from');
  }
  return [...evicted];
}

function formatRate(rate: number): string {
  return Number(rate.toPrecision(6)).toString();
}
