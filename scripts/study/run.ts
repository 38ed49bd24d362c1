/**
 * One study scenario (docs/results.md): every policy at the default scenario on one region,
 * start and seed; the same policies ended at CE-NAS's carbon (hypervolume at equal carbon);
 * and, on the first starts of each region, the one-shot fairness grid.
 */

import { runSearch } from '../../src/sim/engine.js';
import { MATCHED_REQUEST, matchedFixedPolicy } from '../../src/sim/matched.js';
import { cenasPolicy, oneshotPolicy, randomPolicy, vanillaPolicy } from '../../src/sim/policies.js';
import { parseScenario, parseWindow } from '../../src/sim/scenario.js';
import { setUpSimulation } from '../../src/sim/setup.js';
import { simulate } from '../../src/sim/simulate.js';
import { compareWithVanilla, type RunSummary, summarizeRun } from '../../src/sim/summary.js';
import type { StudyScenario } from './grid.js';
import { SEARCH_HOURS } from './grid.js';

/** CE-NAS's windows compared: the reference's (foresight to the trace end), causal trailing, a perfect forecast. */
export const WINDOWS = ['reference', 'trailing:24', 'forecast:24'] as const;

/** The one-shot fairness grid: supernet training cost × estimator quality × idle power. */
export const SUPERNET_GPU_HOURS = [0, 2.224, 8.896] as const;
export const KENDALL_TAUS = [0.5, 0.7, 0.9] as const;
export const IDLE_WATTS = [0, 50] as const;
/** Fairness grid on the first starts of each region (it multiplies the runs by 20). */
export const FAIRNESS_STARTS = 4;

/** What the study keeps of a run: every figure, without the per-activity breakdowns. */
export type StudyRun = Omit<RunSummary, 'breakdown' | 'gpuHours'>;

function slim(summary: RunSummary): StudyRun {
  const { breakdown: _breakdown, gpuHours: _gpuHours, ...kept } = summary;
  return kept;
}

export interface FairnessCell {
  readonly supernetGpuHours: number;
  readonly kendallTau: number;
  readonly idleW: number;
  readonly cenas: StudyRun;
  readonly oneshot: StudyRun;
}

export interface StudyLine {
  readonly zone: string;
  readonly trace: string;
  readonly start: string;
  readonly seed: number;
  /** CE-NAS under each window, vanilla, one-shot, random and fixed(matched) (matched to the reference window). */
  readonly runs: readonly StudyRun[];
  /** Vanilla, random and fixed(matched) ended at CE-NAS(reference)'s carbon. */
  readonly equalCarbon: readonly StudyRun[];
  readonly equalCarbonKg: number;
  readonly fairness?: readonly FairnessCell[];
  readonly elapsedS: number;
}

function scenarioOf(study: StudyScenario, settings: Record<string, unknown> = {}) {
  return parseScenario({ ...settings, trace: study.trace, start: study.start, seed: study.seed, hours: SEARCH_HOURS }, 'study');
}

function fairnessGrid(study: StudyScenario): FairnessCell[] {
  const cells: FairnessCell[] = [];
  for (const idleW of IDLE_WATTS) {
    // Vanilla never samples: one run per idle power serves every cell.
    const vanillaSetup = setUpSimulation(scenarioOf(study, { power: { idleW } }));
    const vanilla = summarizeRun(vanillaSetup, runSearch(vanillaSetup, vanillaPolicy));
    for (const supernetGpuHours of SUPERNET_GPU_HOURS) {
      for (const kendallTau of KENDALL_TAUS) {
        const setup = setUpSimulation(
          scenarioOf(study, { power: { idleW }, sampling: { supernetTrainingGpuHours: supernetGpuHours, noisyKendallTau: kendallTau } }),
        );
        const runs = [vanilla, ...[cenasPolicy({ kind: 'reference' }), oneshotPolicy].map((policy) => summarizeRun(setup, runSearch(setup, policy)))];
        compareWithVanilla(runs);
        cells.push({ supernetGpuHours, kendallTau, idleW, cenas: slim(runs[1]!), oneshot: slim(runs[2]!) });
      }
    }
  }
  return cells;
}

export function runStudyScenario(study: StudyScenario, withFairness: boolean): StudyLine {
  const startedMs = performance.now();
  const scenario = scenarioOf(study);
  const policies = [...WINDOWS.map((window) => cenasPolicy(parseWindow(window))), vanillaPolicy, oneshotPolicy, randomPolicy, MATCHED_REQUEST];
  const main = simulate(scenario, policies);
  const cenas = main.outcomes[0]!;
  const cenasKg = main.summaries[0]!.carbonKg;

  // Equal carbon: the baselines stop when they have spent what CE-NAS spent; vanilla's own
  // time-budget run stays the reference of the comparison.
  const budget = setUpSimulation({ ...scenario, carbonBudgetKg: cenasKg });
  const equal = [vanillaPolicy, randomPolicy, matchedFixedPolicy(cenas.epochs, scenario.gpus, scenario.allocation)].map((policy) =>
    summarizeRun(budget, runSearch(budget, policy)),
  );
  const vanilla = main.summaries[WINDOWS.length]!;
  const equalCarbon = equal.map((run) => ({
    ...slim(run),
    hvGapVsVanilla: vanilla.finalHv > 0 ? Number(((vanilla.finalHv - run.finalHv) / vanilla.finalHv).toPrecision(12)) : null,
  }));
  return {
    zone: study.zone,
    trace: study.trace,
    start: study.start,
    seed: study.seed,
    runs: main.summaries.map(slim),
    equalCarbon,
    equalCarbonKg: cenasKg,
    ...(withFairness ? { fairness: fairnessGrid(study) } : {}),
    elapsedS: Number(((performance.now() - startedMs) / 1000).toFixed(2)),
  };
}
