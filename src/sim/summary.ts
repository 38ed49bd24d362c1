/**
 * What a run reports (MODEL.md §6): carbon, energy and hypervolume figures of one run, and
 * the comparison of each run with vanilla LaMOO on the same scenario.
 */

import type { AccountingMode, GpuActivity } from '../../spec/index.js';
import { isoSeconds } from '../carbon/trace.js';
import type { RunOutcome } from './records.js';
import { ACTIVITIES, type Charge } from './ledger.js';
import type { SimulationSetup } from './setup.js';
import { type OfflineBound, offlineBound } from '../bound/offline-bound.js';
import { SECONDS_PER_HOUR } from '../units.js';
import {
  CARBON_FRACTIONS,
  frontRecall,
  hvAtCarbon,
  type HvCarbonSteps,
  hvCarbonSteps,
  invertedGenerationalDistance,
  targetReaches,
  type TargetReach,
} from './metrics.js';
import { hypervolume, type PointMatrix } from '../pareto.js';

/** HV at equal carbon: the run's normalised HV at fractions of its seed's vanilla carbon (MODEL.md §6). */
export interface HvAtCarbon {
  readonly fractionsOfVanilla: readonly number[];
  readonly carbonKg: readonly number[];
  readonly hvNormalized: readonly number[];
}

export interface RunSummary {
  readonly policy: string;
  readonly seed: number;
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
  /** Carbon and hours until the normalised HV first reached each of the scenario's `hvTargets`; null: never. */
  readonly hvTargets: readonly TargetReach[];
  /** The same for the first of `hvTargets` (0.95 by default). */
  readonly carbonKgToTargetHv: number | null;
  readonly hoursToTargetHv: number | null;
  /** Final HV at the second reference point (just beyond the true front's nadir) over the true front's HV there. */
  readonly finalHvNadirNormalized: number;
  /** Inverted generational distance of the trained set to the true front (min–max scaled objectives); null: nothing trained. */
  readonly igd: number | null;
  /** Share of the true front's architectures trained. */
  readonly frontRecall: number;
  /** The HV-versus-cumulative-carbon step curve (absolute kg): where the normalised HV rose. */
  readonly hvCarbonSteps: HvCarbonSteps;
  /** That curve sampled at fractions of the same seed's vanilla carbon; null without a vanilla run. */
  hvAtCarbon: HvAtCarbon | null;
  /**
   * The offline-optimal bound of this run's own work (docs/offline-bound.md): its least carbon
   * with the trace known, the carbon-blind (as soon as possible) schedule's, and the share of
   * the gap between them the run's timing closed; null where the bound does not apply.
   */
  readonly offlineBound: { readonly optimalKg: number; readonly blindKg: number; readonly timingEfficiency: number | null } | null;
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

function boundOf(setup: SimulationSetup, outcome: RunOutcome): RunSummary['offlineBound'] {
  let bound: OfflineBound;
  try {
    bound = offlineBound(setup, outcome);
  } catch (error) {
    // Reference-code accounting: free estimates that may not fit beside the optimal trainings.
    if (error instanceof RangeError) return null;
    throw error;
  }
  const { optimalKg, blindKg, timingEfficiency } = bound;
  return { optimalKg: round(optimalKg), blindKg: round(blindKg), timingEfficiency: timingEfficiency === null ? null : round(timingEfficiency) };
}

export function summarizeRun(setup: SimulationSetup, outcome: RunOutcome): RunSummary {
  const { scenario, startS } = setup;
  const mode = scenario.accounting;
  const total = outcome.ledger.total(mode);
  const last = outcome.progress[outcome.progress.length - 1];
  const reaches = targetReaches(outcome.progress, scenario.hvTargets, startS).map((reach) => ({
    hvNormalized: reach.hvNormalized,
    carbonKg: reach.carbonKg === null ? null : round(reach.carbonKg),
    hours: reach.hours === null ? null : round(reach.hours),
  }));
  const trainedPoints = trainedPointsOf(setup, outcome.trained);
  const nadirHv = hypervolume(trainedPoints, setup.nadirReference, { maximise: setup.objectives.maximise, backend: setup.backend });
  const igd = invertedGenerationalDistance(setup.trueFrontPoints, trainedPoints, setup.objectiveLow, setup.objectiveHigh);
  const steps = hvCarbonSteps(outcome.progress);
  const shares = outcome.epochs.map((epoch) => epoch.samplingShare);
  const charges = outcome.ledger.charges[mode];
  return {
    policy: outcome.policy,
    seed: scenario.seed,
    carbonKg: round(total.carbonKg),
    energyKwh: round(total.energyKwh),
    trainings: outcome.trained.length,
    finalHv: round(last?.hv ?? 0),
    finalHvNormalized: round(last?.hvNormalized ?? 0),
    carbonRatioVsVanilla: null,
    carbonReductionVsVanilla: null,
    hvGapVsVanilla: null,
    hvTargets: reaches,
    carbonKgToTargetHv: reaches[0]!.carbonKg,
    hoursToTargetHv: reaches[0]!.hours,
    finalHvNadirNormalized: round(setup.nadirFrontHv > 0 ? nadirHv / setup.nadirFrontHv : 0),
    igd: Number.isFinite(igd) ? round(igd) : null,
    frontRecall: round(frontRecall(setup.trueFront, outcome.trained)),
    hvCarbonSteps: { carbonKg: steps.carbonKg.map(round), hvNormalized: steps.hvNormalized.map(round) },
    hvAtCarbon: null,
    offlineBound: boundOf(setup, outcome),
    timingGain: null,
    endedBy: outcome.endedBy,
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

/** The row of an architecture in the ascending `indices` (binary search: a lookup table would cost more than the run's summary). */
function rowOfArchitecture(indices: Int32Array, architecture: number): number {
  let low = 0;
  let high = indices.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (indices[middle]! < architecture) low = middle + 1;
    else high = middle;
  }
  return low;
}

function trainedPointsOf(setup: SimulationSetup, trained: readonly number[]): PointMatrix {
  const { points, indices } = setup.objectives;
  const dim = points.dim;
  const values = new Float64Array(trained.length * dim);
  trained.forEach((architecture, k) => {
    const row = rowOfArchitecture(indices, architecture);
    values.set(points.values.subarray(row * dim, (row + 1) * dim), k * dim);
  });
  return { values, n: trained.length, dim };
}

/** A run's HV-versus-carbon curve sampled at fractions of a vanilla run's carbon. */
export function hvAtVanillaCarbon(run: Pick<RunSummary, 'hvCarbonSteps'>, vanillaCarbonKg: number): HvAtCarbon {
  const carbonKg = CARBON_FRACTIONS.map((fraction) => round(fraction * vanillaCarbonKg));
  return { fractionsOfVanilla: CARBON_FRACTIONS, carbonKg, hvNormalized: hvAtCarbon(run.hvCarbonSteps, carbonKg).map(round) };
}

/**
 * Fills each run's comparison with the vanilla run of the same scenario, when there is one.
 * Runs of several seeds may be passed together: each is compared with its own seed's vanilla.
 */
export function compareWithVanilla(runs: RunSummary[]): void {
  for (const seed of new Set(runs.map((run) => run.seed))) compareSeedWithVanilla(runs.filter((run) => run.seed === seed));
}

function compareSeedWithVanilla(runs: RunSummary[]): void {
  const vanilla = runs.find((run) => run.policy === 'vanilla');
  if (vanilla === undefined) return;
  for (const run of runs) {
    run.hvAtCarbon = hvAtVanillaCarbon(run, vanilla.carbonKg);
    run.carbonRatioVsVanilla = vanilla.carbonKg > 0 ? round(run.carbonKg / vanilla.carbonKg) : null;
    run.carbonReductionVsVanilla = run.carbonKg > 0 ? round(vanilla.carbonKg / run.carbonKg) : null;
    run.hvGapVsVanilla = vanilla.finalHv > 0 ? round((vanilla.finalHv - run.finalHv) / vanilla.finalHv) : null;
  }
}
