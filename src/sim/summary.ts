/**
 * What a run reports (MODEL.md §6): carbon, energy and hypervolume figures of one run, and
 * the comparison of each run with vanilla LaMOO on the same scenario.
 */

import type { AccountingMode, GpuActivity } from '../../spec/index.js';
import { isoSeconds } from '../carbon/trace.js';
import type { RunOutcome } from './records.js';
import { ACTIVITIES, type Charge } from './ledger.js';
import type { SimulationSetup } from './setup.js';
import { SECONDS_PER_HOUR } from '../units.js';

export interface RunSummary {
  readonly policy: string;
  /** Totals in the scenario's accounting mode, supernet training included. */
  readonly carbonKg: number;
  readonly energyKwh: number;
  readonly trainings: number;
  readonly finalHv: number;
  readonly finalHvNormalized: number;
  /** This run's carbon over vanilla's (< 1: less carbon); null without a vanilla run. */
  carbonRatioVsVanilla: number | null;
  /** Vanilla's carbon over this run's: the paper's "× less carbon". */
  carbonReductionVsVanilla: number | null;
  /** (vanilla HV − this HV) / vanilla HV: the paper's "lower HV", as a fraction. */
  hvGapVsVanilla: number | null;
  /** CE-NAS only: the `fixed:matched` control's carbon over this run's (timing's gain); null otherwise. */
  timingGain: number | null;
  /** Which budget ended the search: its time, or its carbon (`carbonBudgetKg`). */
  readonly endedBy: 'time' | 'carbon';
  /** Carbon spent until the normalised HV first reached the target; null if never. */
  readonly carbonKgToTargetHv: number | null;
  readonly hoursToTargetHv: number | null;
  readonly estimates: number;
  readonly preemptions: number;
  readonly abandonedTrainings: number;
  readonly meanSamplingShare: number;
  readonly finish: string;
  /** Energy and carbon by activity (scenario's mode), the supernet's one-off training included. */
  readonly breakdown: Readonly<Record<GpuActivity, Charge>>;
  readonly gpuHours: Readonly<Record<GpuActivity, number>>;
  /** Totals in both accounting modes, whichever the scenario selects. */
  readonly byAccountingMode: Readonly<Record<AccountingMode, Charge>>;
}

function round(value: number): number {
  // Keeps summaries readable and stable: 12 significant digits is far beyond the model's precision.
  return Number(value.toPrecision(12));
}

function roundCharge(charge: Charge): Charge {
  return { energyKwh: round(charge.energyKwh), carbonKg: round(charge.carbonKg) };
}

export function summarizeRun(setup: SimulationSetup, outcome: RunOutcome): RunSummary {
  const { scenario, startS } = setup;
  const mode = scenario.accounting;
  const total = outcome.ledger.total(mode);
  const last = outcome.progress[outcome.progress.length - 1];
  const target = outcome.progress.find((record) => record.hvNormalized >= scenario.targetHvNormalized);
  const shares = outcome.epochs.map((epoch) => epoch.samplingShare);
  const charges = outcome.ledger.charges[mode];
  return {
    policy: outcome.policy,
    carbonKg: round(total.carbonKg),
    energyKwh: round(total.energyKwh),
    trainings: outcome.trained.length,
    finalHv: round(last?.hv ?? 0),
    finalHvNormalized: round(last?.hvNormalized ?? 0),
    carbonRatioVsVanilla: null,
    carbonReductionVsVanilla: null,
    hvGapVsVanilla: null,
    timingGain: null,
    endedBy: outcome.endedBy,
    carbonKgToTargetHv: target === undefined ? null : round(target.carbonKg),
    hoursToTargetHv: target === undefined ? null : round((target.timeS - startS) / SECONDS_PER_HOUR),
    estimates: outcome.estimates,
    preemptions: outcome.preemptions,
    abandonedTrainings: outcome.abandonedTrainings,
    meanSamplingShare: round(shares.length === 0 ? 0 : shares.reduce((sum, share) => sum + share, 0) / shares.length),
    finish: isoSeconds(outcome.finishS),
    breakdown: {
      training: roundCharge(charges.training),
      sampling: roundCharge(charges.sampling),
      idle: roundCharge(charges.idle),
      supernet: roundCharge(charges.supernet),
    },
    gpuHours: Object.fromEntries(ACTIVITIES.map((activity) => [activity, round(outcome.ledger.gpuSeconds[activity] / SECONDS_PER_HOUR)])) as Record<
      GpuActivity,
      number
    >,
    byAccountingMode: {
      'all-gpu-time': roundCharge(outcome.ledger.total('all-gpu-time')),
      'reference-code': roundCharge(outcome.ledger.total('reference-code')),
    },
  };
}

/** Fills each run's comparison with the vanilla run of the same scenario, when there is one. */
export function compareWithVanilla(runs: RunSummary[]): void {
  const vanilla = runs.find((run) => run.policy === 'vanilla');
  if (vanilla === undefined) return;
  for (const run of runs) {
    run.carbonRatioVsVanilla = vanilla.carbonKg > 0 ? round(run.carbonKg / vanilla.carbonKg) : null;
    run.carbonReductionVsVanilla = run.carbonKg > 0 ? round(vanilla.carbonKg / run.carbonKg) : null;
    run.hvGapVsVanilla = vanilla.finalHv > 0 ? round((vanilla.finalHv - run.finalHv) / vanilla.finalHv) : null;
  }
}
