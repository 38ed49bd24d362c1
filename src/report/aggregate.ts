/**
 * Aggregates of run summaries per policy, across seeds or sweep points, computed by the report
 * itself from each run's summary (it does not depend on how a simulation stored aggregates):
 * the share of runs reaching each HV target (a run that never reaches one counts as a failure),
 * the HV-at-equal-carbon curve's quartiles and the timing gain.
 */

import { quantileSorted as quantile } from '../sim/aggregate.js';
import type { Row } from './charts.js';

/** The fields of a run summary the aggregates read; older summaries may lack the newer ones. */
export interface RunFacts {
  readonly policy: string;
  readonly seed?: number;
  readonly carbonKg: number;
  readonly finalHvNormalized: number;
  readonly carbonReductionVsVanilla?: number | null;
  readonly hvGapVsVanilla?: number | null;
  readonly finalHvNadirNormalized?: number;
  readonly igd?: number | null;
  readonly frontRecall?: number;
  readonly hvTargets?: readonly { hvNormalized: number; carbonKg: number | null; hours: number | null }[];
  readonly hvAtCarbon?: { fractionsOfVanilla: readonly number[]; carbonKg: readonly number[]; hvNormalized: readonly number[] } | null;
  readonly timingGain?: number | null;
}

/** Median of the numbers among `values` (nulls and undefined left out); null when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  return known.length === 0 ? null : quantile(known, 0.5);
}

function byPolicy<T extends { policy: string }>(runs: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const run of runs) groups.set(run.policy, [...(groups.get(run.policy) ?? []), run]);
  return groups;
}

/**
 * Per policy and HV target: runs, the share (%) that reached it and the median carbon and
 * hours among those that did. Runs without target figures are left out.
 */
export function targetShares(runs: readonly RunFacts[]): Row[] {
  const rows: Row[] = [];
  for (const [policy, group] of byPolicy(runs.filter((run) => Array.isArray(run.hvTargets)))) {
    const targets = [...new Set(group.flatMap((run) => run.hvTargets!.map((reach) => reach.hvNormalized)))].sort((a, b) => a - b);
    for (const target of targets) {
      const reaches = group.flatMap((run) => run.hvTargets!.filter((reach) => reach.hvNormalized === target));
      const reached = reaches.filter((reach) => reach.carbonKg !== null);
      rows.push({
        policy,
        hvTarget: target,
        runs: reaches.length,
        reachedPercent: (100 * reached.length) / reaches.length,
        medianCarbonKgToTarget: median(reached.map((reach) => reach.carbonKg)),
        medianHoursToTarget: median(reached.map((reach) => reach.hours)),
      });
    }
  }
  return rows;
}

/** Per policy and fraction of vanilla's carbon: the quartiles of the normalised HV reached by then. */
export function hvAtEqualCarbon(runs: readonly RunFacts[]): Row[] {
  const rows: Row[] = [];
  for (const [policy, group] of byPolicy(runs.filter((run) => run.hvAtCarbon != null))) {
    const fractions = group[0]!.hvAtCarbon!.fractionsOfVanilla;
    fractions.forEach((fraction, k) => {
      const values = group.map((run) => run.hvAtCarbon!.hvNormalized[k]).filter((value): value is number => typeof value === 'number');
      if (values.length === 0) return;
      values.sort((a, b) => a - b);
      rows.push({
        policy,
        percentOfVanillaCarbon: Math.round(fraction * 10000) / 100,
        runs: values.length,
        hvQ1: quantile(values, 0.25),
        hvMedian: quantile(values, 0.5),
        hvQ3: quantile(values, 0.75),
      });
    });
  }
  return rows;
}

/** One row per policy: medians over its runs of every headline figure. */
export function policyMedians(runs: readonly RunFacts[]): Row[] {
  return [...byPolicy(runs).entries()].map(([policy, group]) => ({
    policy,
    runs: group.length,
    carbonKg: median(group.map((run) => run.carbonKg)),
    carbonReductionVsVanilla: median(group.map((run) => run.carbonReductionVsVanilla)),
    finalHvNormalized: median(group.map((run) => run.finalHvNormalized)),
    hvGapPercentVsVanilla: percentOrNull(median(group.map((run) => run.hvGapVsVanilla))),
    finalHvNadirNormalized: median(group.map((run) => run.finalHvNadirNormalized)),
    igd: median(group.map((run) => run.igd)),
    frontRecallPercent: percentOrNull(median(group.map((run) => run.frontRecall))),
    timingGain: median(group.map((run) => run.timingGain)),
  }));
}

function percentOrNull(value: number | null): number | null {
  return value === null ? null : value * 100;
}
