/**
 * The coinbase subsidy of Go kaspad (1 block per second, pre-Crescendo), in sompi
 * (kaspad coinbasemanager.go CalcBlockSubsidy; rusty-kaspa coinbase.rs legacy_calc_block_subsidy).
 */

/** A month is 365.25 / 12 = 30.4375 days; at 1 BPS the DAA score counts seconds. */
export const SECONDS_PER_MONTH = 2_629_800;

/** 440 KAS per second: month 0 of the deflationary phase, the table's starting point on every network. */
const DEFLATIONARY_PHASE_BASE_SUBSIDY = 44_000_000_000;

export interface SubsidyParams {
  /** DAA score at which the smooth halving starts (mainnet 15_519_600). */
  deflationaryPhaseDaaScore: number;
  /** Flat subsidy before that (mainnet 50_000_000_000, 500 KAS). */
  preDeflationaryPhaseBaseSubsidy: bigint;
}

/**
 * Subsidy per month, halving every 12 months smoothly: trunc(44e9 / 2^(month/12)), month 0, 1, …
 * up to and including the first 0 (426 entries). This is exactly how kaspad generated its
 * hard-coded table (calcDeflationaryPeriodBlockSubsidyFloatCalc: uint64(float64(base) /
 * math.Pow(2, float64(month)/12))): truncation, not rounding. Regenerating it is safe from pow
 * differences across platforms: every non-exact value lies at least 5e-4 from an integer, far beyond
 * a double's error at these magnitudes; the subsidy test checks all 426 entries against the Go table.
 */
function buildSubsidyByMonthTable(): readonly bigint[] {
  const table: bigint[] = [];
  for (let month = 0; ; month++) {
    const subsidy = Math.trunc(DEFLATIONARY_PHASE_BASE_SUBSIDY / 2 ** (month / 12));
    table.push(BigInt(subsidy));
    if (subsidy === 0) return Object.freeze(table);
  }
}

export const SUBSIDY_BY_MONTH_TABLE: readonly bigint[] = buildSubsidyByMonthTable();

/**
 * The subsidy of a block with this DAA score. Before the deflationary phase it is flat; after, the
 * month since the phase began indexes the table, staying at its last entry (0) forever. The genesis
 * block's own reward (SubsidyGenesisReward) is the caller's special case, as in kaspad.
 */
export function calcBlockSubsidy(daaScore: number, params: SubsidyParams): bigint {
  if (daaScore < params.deflationaryPhaseDaaScore) return params.preDeflationaryPhaseBaseSubsidy;
  const month = Math.floor((daaScore - params.deflationaryPhaseDaaScore) / SECONDS_PER_MONTH);
  return SUBSIDY_BY_MONTH_TABLE[Math.min(month, SUBSIDY_BY_MONTH_TABLE.length - 1)] as bigint;
}
