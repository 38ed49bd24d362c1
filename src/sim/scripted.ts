/**
 * A scripted search: the scheduler and ledger without LaMOO (the conformance kit's `schedule`
 * function, docs/conformance.md). The architectures are drawn in the script's order and the
 * policy's λs per epoch is given, so another implementation can reproduce the GPU intervals,
 * energy, carbon, trainings and hypervolume progress with no SVM involved. Everything the
 * run needs is in the case: durations, estimates, objectives, the trace and the power.
 */

import type { AllocationRule, GpuActivity, GpuPower } from '../../spec/index.js';
import { CarbonIntegrator } from '../carbon/accounting.js';
import type { CarbonTrace } from '../carbon/trace.js';
import type { ObjectiveSet } from '../data/objectives.js';
import { InputError } from '../errors.js';
import type { Random } from '../random.js';
import type { ArchitectureSource } from './candidates.js';
import { type EngineSetup, runWithSource } from './engine.js';
import { frontFacts } from './setup.js';
import type { Policy } from './policies.js';
import { parseScenario } from './scenario.js';
import { SECONDS_PER_HOUR } from '../units.js';

/** One architecture of a scripted search; objectives in minimisation form. */
export interface ScriptedArchitecture {
  readonly trainingS: number;
  readonly samplingS: number;
  readonly estimate: readonly number[];
  readonly objectives: readonly number[];
}

export interface ScheduleCase {
  readonly gpus: number;
  readonly startS: number;
  readonly endS: number;
  readonly epochS: number;
  readonly initialSamples: number;
  readonly queueCapacity: number;
  readonly resumeOverheadS: number;
  readonly allocation: AllocationRule;
  readonly power: GpuPower;
  /** A piecewise-constant trace covering [startS, endS]. */
  readonly trace: { readonly timesS: readonly number[]; readonly intensityGPerKwh: readonly number[]; readonly endS: number };
  readonly architectures: readonly ScriptedArchitecture[];
  /** Architecture ids (indices into `architectures`) in the order the search draws them. */
  readonly proposals: readonly number[];
  /** λs of epoch k is `samplingShares[min(k, length − 1)]`. */
  readonly samplingShares: readonly number[];
  /** Hypervolume reference point, minimisation form. */
  readonly reference: readonly number[];
}

export interface ScheduleResult {
  /** [gpu, activity, startS, endS, architecture (−1: none)], by GPU then start. */
  readonly intervals: readonly (readonly [number, GpuActivity, number, number, number])[];
  readonly energyKwh: number;
  readonly carbonKg: number;
  /** Architectures in the order their trainings finished. */
  readonly trainings: readonly number[];
  /** [time, hypervolume of the trained set] after each finished training. */
  readonly progress: readonly (readonly [number, number])[];
}

/** Draws the script's architectures in order; an estimate cut short puts its architecture first again. */
class ScriptedSource implements ArchitectureSource {
  private readonly pending: number[];

  constructor(proposals: readonly number[]) {
    this.pending = [...proposals];
  }

  get regionSize(): number {
    return this.pending.length;
  }

  draw(_random: Random): number | undefined {
    return this.pending.shift();
  }

  release(architecture: number): void {
    this.pending.unshift(architecture);
  }

  hasLeft(): boolean {
    return this.pending.length > 0;
  }

  refresh(): void {}
}

function objectiveSet(rows: readonly (readonly number[])[], dim: number): ObjectiveSet {
  return {
    objectives: Array.from({ length: dim }, (_, j) => ({ column: `objective${j}`, direction: 'min' as const })),
    indices: Int32Array.from(rows.keys()),
    points: { values: Float64Array.from(rows.flat()), n: rows.length, dim },
    maximise: Array.from({ length: dim }, () => false),
    excludedCount: 0,
    defaultReference: [],
  } as unknown as ObjectiveSet;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new InputError(`schedule case: ${message}`);
}

function validate(input: ScheduleCase): void {
  const count = input.architectures.length;
  check(Number.isInteger(input.gpus) && input.gpus >= 1, 'gpus must be an integer ≥ 1');
  check(input.endS > input.startS && input.epochS > 0, 'need startS < endS and epochS > 0');
  check(new Set(input.proposals).size === input.proposals.length, 'proposals must be distinct');
  check(
    input.proposals.every((id) => Number.isInteger(id) && id >= 0 && id < count),
    `proposals must be architecture ids in [0, ${count})`,
  );
  check(input.proposals.length >= input.initialSamples, 'proposals must hold at least the initial samples');
  check(input.samplingShares.length >= 1 && input.samplingShares.every((share) => share >= 0 && share <= 1), 'samplingShares must be ≥ 1 values in [0, 1]');
  const dim = input.reference.length;
  check(
    input.architectures.every((a) => a.trainingS > 0 && a.samplingS > 0 && a.estimate.length === dim && a.objectives.length === dim),
    'every architecture needs trainingS > 0, samplingS > 0 and as many estimates and objectives as the reference has values',
  );
  const { timesS, endS } = input.trace;
  check(timesS.length >= 1 && timesS.length === input.trace.intensityGPerKwh.length, 'trace: as many intensities as times');
  check(timesS[0]! <= input.startS && endS >= input.endS, 'the trace must cover [startS, endS]');
}

/** Runs a scripted search through the product's engine and ledger. */
export function runSchedule(input: ScheduleCase): ScheduleResult {
  validate(input);
  const dim = input.reference.length;
  const scenario = parseScenario(
    {
      gpus: input.gpus,
      initialSamples: input.initialSamples,
      epochHours: input.epochS / SECONDS_PER_HOUR,
      allocation: input.allocation,
      sampling: { queueCapacity: input.queueCapacity, supernetTrainingGpuHours: 0 },
      training: { resumeOverheadS: input.resumeOverheadS },
    },
    'schedule case',
  );
  const steps = input.trace.timesS.slice(1).map((t, k) => t - input.trace.timesS[k]!);
  const trace: CarbonTrace = {
    name: 'schedule case',
    signal: 'lca',
    timesS: Float64Array.from(input.trace.timesS),
    intensityGPerKwh: Float64Array.from(input.trace.intensityGPerKwh),
    stepS: steps.length === 0 ? input.trace.endS - input.trace.timesS[0]! : Math.min(...steps),
    endS: input.trace.endS,
    gapCount: 0,
  };
  const objectives = objectiveSet(
    input.architectures.map((a) => a.objectives),
    dim,
  );
  const candidate = new Uint8Array(input.architectures.length).fill(1);
  const setup: EngineSetup = {
    scenario,
    backend: 'wasm',
    objectives,
    estimated: objectiveSet(
      input.architectures.map((a) => a.estimate),
      dim,
    ),
    candidate,
    candidateCount: input.architectures.length,
    reference: input.reference,
    frontHv: 1,
    ...frontFacts(objectives, candidate, 'wasm'),
    power: input.power,
    trace,
    carbon: new CarbonIntegrator(trace),
    startS: input.startS,
    endS: input.endS,
    trainingS: Float64Array.from(input.architectures, (a) => a.trainingS),
    samplingS: Float64Array.from(input.architectures, (a) => a.samplingS),
    supernetS: 0,
  };
  let epoch = 0;
  const policy: Policy = { name: 'scripted', samplingShare: () => input.samplingShares[Math.min(epoch++, input.samplingShares.length - 1)]! };
  const outcome = runWithSource(setup, policy, new ScriptedSource(input.proposals));
  const total = outcome.ledger.total('all-gpu-time');
  return {
    intervals: [...outcome.intervals]
      .sort((a, b) => a.gpu - b.gpu || a.startS - b.startS)
      .map((interval) => [interval.gpu, interval.activity, interval.startS, interval.endS, interval.architecture] as const),
    energyKwh: total.energyKwh,
    carbonKg: total.carbonKg,
    trainings: outcome.trained,
    progress: outcome.progress.map((record) => [record.timeS, record.hv] as const),
  };
}
