/**
 * The offline-optimal bound of a finished run (docs/offline-bound.md): the least carbon the
 * same training and sampling work could have cost in the same budget on the same GPUs with
 * the whole trace known, the carbon of the carbon-blind schedule of that work (as soon as
 * possible), the run's own carbon recomputed from its intervals, and how much of the gap
 * between blind and optimal the run's timing closed.
 *
 * Only the placement of the work moves. The held GPUs draw idle power over the whole run
 * whatever they do, and the supernet trains before the search, so both are a fixed part; the
 * work adds (busy − idle) power (both × PUE) over the time it runs. The learning (which
 * architecture the search trains next) is not re-simulated: the bound keeps the run's jobs.
 */

import { type AccountingMode, chargedPowerW, type GpuActivity } from '../../spec/index.js';
import type { CarbonIntegrator } from '../carbon/accounting.js';
import type { RunOutcome } from '../sim/records.js';
import type { SimulationSetup } from '../sim/setup.js';
import { type Job, placeJobs, type Segment } from './schedule.js';

export interface OfflineBound {
  /** The least carbon of the run's work, kgCO2eq (the scenario's accounting). */
  readonly optimalKg: number;
  /** The carbon of the same work run as soon as possible from the search start, kgCO2eq. */
  readonly blindKg: number;
  /** The run's carbon, recomputed from its intervals, kgCO2eq. */
  readonly actualKg: number;
  /** (blind − actual) / (blind − optimal): 1 for perfect timing, 0 for carbon-blind; null when blind = optimal. */
  readonly timingEfficiency: number | null;
}

/** W · gCO2eq/kWh · s → kg. */
const KG_PER_W_G_PER_KWH_S = 1 / 3.6e9;

/** The trace's rows over [fromS, toS] as segments of constant intensity. */
export function segmentsOf(carbon: CarbonIntegrator, fromS: number, toS: number): Segment[] {
  const { timesS, intensityGPerKwh } = carbon.trace;
  const segments: Segment[] = [];
  for (let row = 0; row < timesS.length; row++) {
    const rowEndS = timesS[row + 1] ?? carbon.trace.endS;
    const startS = Math.max(fromS, timesS[row]!);
    const endS = Math.min(toS, rowEndS);
    if (endS > startS) segments.push({ startS, endS, intensityGPerKwh: intensityGPerKwh[row]! });
  }
  return segments;
}

/**
 * The run's jobs: the intervals of one activity and architecture, in time order, form one job
 * (a training paused and resumed is one job that cannot run on two GPUs at once). Should two
 * of them overlap, the later starts another job.
 */
export function jobsOf(outcome: RunOutcome, marginalW: (activity: GpuActivity) => number): Job[] {
  const open = new Map<string, { endS: number; durationS: number; activity: GpuActivity }[]>();
  const sorted = outcome.intervals.filter((i) => i.activity === 'training' || i.activity === 'sampling').sort((a, b) => a.startS - b.startS);
  for (const interval of sorted) {
    const key = `${interval.activity}|${interval.architecture}`;
    const chains = open.get(key) ?? [];
    const chain = chains.find((c) => c.endS <= interval.startS);
    if (chain === undefined) chains.push({ endS: interval.endS, durationS: interval.endS - interval.startS, activity: interval.activity });
    else {
      chain.endS = interval.endS;
      chain.durationS += interval.endS - interval.startS;
    }
    open.set(key, chains);
  }
  return [...open.values()].flat().map((chain) => ({ durationS: chain.durationS, marginalW: marginalW(chain.activity) }));
}

export function offlineBound(setup: SimulationSetup, outcome: RunOutcome, mode: AccountingMode = setup.scenario.accounting): OfflineBound {
  const { carbon, power, startS } = setup;
  // The GPUs are held until the run releases them: the time budget's end, or earlier when a
  // carbon budget ended the search; the bound keeps that span.
  const endS = outcome.finishS;
  const gpus = setup.scenario.gpus;
  const powerW = (activity: GpuActivity): number => chargedPowerW(activity, mode, power);

  let actualKg = 0;
  let supernetKg = 0;
  for (const interval of outcome.intervals) {
    const kg = carbon.emissionsKg(interval.startS, interval.endS, powerW(interval.activity));
    actualKg += kg;
    if (interval.activity === 'supernet') supernetKg += kg;
  }
  // Every GPU is held over the whole search; the work adds its marginal power on top.
  const fixedKg = supernetKg + gpus * carbon.emissionsKg(startS, endS, powerW('idle'));
  const jobs = jobsOf(outcome, (activity) => powerW(activity) - powerW('idle'));
  const segments = segmentsOf(carbon, startS, endS);
  const optimalKg = fixedKg + placeJobs(segments, jobs, gpus, 'cheapest').costWGPerKwhS * KG_PER_W_G_PER_KWH_S;
  const blindKg = fixedKg + placeJobs(segments, jobs, gpus, 'earliest').costWGPerKwhS * KG_PER_W_G_PER_KWH_S;
  const gapKg = blindKg - optimalKg;
  return {
    optimalKg,
    blindKg,
    actualKg,
    timingEfficiency: gapKg > 1e-12 * Math.max(1, blindKg) ? (blindKg - actualKg) / gapKg : null,
  };
}
