/**
 * Many seeds, one table (MODEL.md §6): each policy's runs over the seeds summarised by the
 * median and the interquartile range (quantiles by linear interpolation between order
 * statistics, R's type 7), and the share of runs that reached each HV target.
 */

import type { RunSummary } from './summary.js';

export interface Spread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  /** Runs with a value (a null — e.g. no vanilla run to compare with — is left out). */
  readonly n: number;
}

export interface PolicyAggregate {
  readonly policy: string;
  readonly runs: number;
  readonly carbonKg: Spread | null;
  readonly energyKwh: Spread | null;
  readonly carbonReductionVsVanilla: Spread | null;
  readonly hvGapVsVanilla: Spread | null;
  readonly finalHvNormalized: Spread | null;
  readonly timingGain: Spread | null;
  readonly trainings: Spread | null;
  readonly igd: Spread | null;
  readonly frontRecall: Spread | null;
  /** Share of the gap between carbon-blind and optimal timing of each run's own work that it closed. */
  readonly timingEfficiency: Spread | null;
  /** Per HV target (the scenario's `hvTargets`), the share of the runs that reached it; never = failure. */
  readonly reachedTargets: readonly { readonly hvNormalized: number; readonly share: number }[];
  /** Share of the runs whose final HV is at least vanilla's on the same seed (null without vanilla). */
  readonly matchedVanillaHvShare: number | null;
}

/** The q-quantile of sorted values, linear between order statistics (type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

export function spread(values: readonly (number | null)[]): Spread | null {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value)).sort((a, b) => a - b);
  if (known.length === 0) return null;
  return { median: round(quantileSorted(known, 0.5)), q1: round(quantileSorted(known, 0.25)), q3: round(quantileSorted(known, 0.75)), n: known.length };
}

/** One aggregate per policy, in the order the policies first appear. */
export function aggregateRuns(runs: readonly RunSummary[]): PolicyAggregate[] {
  const policies = [...new Set(runs.map((run) => run.policy))];
  return policies.map((policy) => {
    const mine = runs.filter((run) => run.policy === policy);
    const gaps = mine.map((run) => run.hvGapVsVanilla);
    const known = gaps.filter((gap): gap is number => gap !== null);
    return {
      policy,
      runs: mine.length,
      carbonKg: spread(mine.map((run) => run.carbonKg)),
      energyKwh: spread(mine.map((run) => run.energyKwh)),
      carbonReductionVsVanilla: spread(mine.map((run) => run.carbonReductionVsVanilla)),
      hvGapVsVanilla: spread(gaps),
      finalHvNormalized: spread(mine.map((run) => run.finalHvNormalized)),
      timingGain: spread(mine.map((run) => run.timingGain)),
      trainings: spread(mine.map((run) => run.trainings)),
      igd: spread(mine.map((run) => run.igd)),
      frontRecall: spread(mine.map((run) => run.frontRecall)),
      timingEfficiency: spread(mine.map((run) => run.offlineBound?.timingEfficiency ?? null)),
      reachedTargets: (mine[0]?.hvTargets ?? []).map(({ hvNormalized }, k) => ({
        hvNormalized,
        share: round(mine.filter((run) => run.hvTargets[k]?.carbonKg !== null).length / mine.length),
      })),
      matchedVanillaHvShare: known.length === 0 ? null : round(known.filter((gap) => gap <= 0).length / known.length),
    };
  });
}
