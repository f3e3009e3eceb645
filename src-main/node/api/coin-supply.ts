/**
 * The two figures of getCoinSupply: the most sompi the subsidy schedule will ever create, and the
 * sompi in the virtual's UTXO set now.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Consensus } from '../consensus/consensus.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { SECONDS_PER_MONTH, SUBSIDY_BY_MONTH_TABLE, type SubsidyParams } from '../consensus/subsidy.ts';

/**
 * Σ calcBlockSubsidy(d) over DAA scores `from` ≤ d < `to` (to: until the schedule has paid its
 * last sompi), in closed form: the flat phase, then whole and partial months of the table. The
 * table ends with 0 and stays there, so the sum to infinity is finite.
 */
export function subsidyScheduleSum(params: SubsidyParams, from: number, to = Number.POSITIVE_INFINITY): bigint {
  if (!Number.isSafeInteger(from) || from < 0 || !(to === Number.POSITIVE_INFINITY || Number.isSafeInteger(to)))
    throw new RangeError('DAA scores must be non-negative integers');
  const table = SUBSIDY_BY_MONTH_TABLE;
  const last = table.length - 1;
  if (to === Number.POSITIVE_INFINITY && table[last] !== 0n) throw new RangeError('the schedule never ends');
  let total = 0n;
  const phase = params.deflationaryPhaseDaaScore;
  const flatEnd = Math.min(to, phase);
  if (from < flatEnd) total += BigInt(flatEnd - from) * params.preDeflationaryPhaseBaseSubsidy;
  const start = Math.max(from, phase);
  for (let month = Math.min(Math.floor((start - phase) / SECONDS_PER_MONTH), last); month <= last; month++) {
    const monthStart = phase + month * SECONDS_PER_MONTH;
    // The last entry holds from its month on, forever.
    const monthEnd = month === last ? Number.POSITIVE_INFINITY : monthStart + SECONDS_PER_MONTH;
    const lo = Math.max(start, monthStart);
    const hi = Math.min(to, monthEnd);
    if (lo >= to) break;
    const subsidy = table[month] as bigint;
    if (hi > lo && subsidy !== 0n) total += BigInt(hi - lo) * subsidy;
  }
  return total;
}

/**
 * The most sompi there will ever be: one subsidy per DAA score after genesis's, as Kaspa's supply
 * figures count. Genesis's own coinbase creates nothing and the reward its payload names is never
 * paid (genesis is in no block's DAA window). rusty-kaspa answers getCoinSupply with its MAX_SOMPI
 * constant (29 billion KAS), a round bound above this sum.
 */
export function maxSompi(params: ConsensusParams): bigint {
  return subsidyScheduleSum(params, params.genesis.daaScore + 1);
}

/** A UTXO entry's amount, in SQL: bytes 9..16 of the stored entry (u64 little-endian, after the DAA score). */
function storedAmountSql(): string {
  const nibble = (position: number) => `(instr('0123456789ABCDEF', substr(h, ${position}, 1)) - 1)`;
  const bytes = [];
  for (let i = 0; i < 8; i++) bytes.push(`(${nibble(2 * i + 1)} * 16 + ${nibble(2 * i + 2)}) * ${256n ** BigInt(i)}`);
  return bytes.join(' + ');
}

/**
 * The sompi in the virtual's UTXO set: the stored set (the sink's past) summed by SQLite, each
 * entry's amount read from its bytes in SQL (hex, then nibble by nibble: no row crosses into
 * JavaScript), then corrected by the virtual's diff, the few outputs the virtual's mergeset adds
 * and spends. SQLite's integer sum fits: every amount and the total stay below MAX_SOMPI < 2^63.
 */
export class CirculatingSupply {
  readonly #consensus: Consensus;
  readonly #sum: Statement<[], bigint>;

  constructor(consensus: Consensus, db: Database = consensus.store.db) {
    this.#consensus = consensus;
    this.#sum = db
      .prepare<[], bigint>(
        `SELECT coalesce(sum(${storedAmountSql()}), 0) FROM (SELECT hex(substr(entry, 9, 8)) AS h FROM utxo_set)`,
      )
      .pluck()
      .safeIntegers(true);
  }

  sompi(): bigint {
    const { diff } = this.#consensus.virtualState();
    let total = this.#sum.get() as bigint;
    for (const entry of diff.toAdd.values()) total += entry.amount;
    for (const entry of diff.toRemove.values()) total -= entry.amount;
    return total;
  }
}
