/**
 * Everything a scenario's runs share, resolved once: the search space, the true and the
 * one-shot-estimated objective sets, the reference point and the true front's hypervolume,
 * the carbon trace with its integrator, and each architecture's task durations (MODEL.md §2).
 */

import { CarbonIntegrator } from '../carbon/accounting.js';
import { resolveTrace } from '../carbon/builtin-traces.js';
import { isoSeconds, type CarbonTrace } from '../carbon/trace.js';
import { parseTimestamp } from '../carbon/trace-csv.js';
import { type Objective, objectiveSet, type ObjectiveSet, parseObjectives } from '../data/objectives.js';
import { loadSearchSpace, type SearchSpace } from '../data/search-space.js';
import { InputError } from '../errors.js';
import { type Backend, hypervolume, paretoRanks, type PointMatrix } from '../pareto.js';
import { nadirReference } from './metrics.js';
import { noisyEstimates } from './estimates.js';
import type { Scenario } from './scenario.js';
import { SECONDS_PER_HOUR } from '../units.js';
import type { GpuPower } from '../../spec/index.js';
import { GPU_PROFILES } from './defaults.js';

/** The 50k-image schedule takes twice the 25k split's time (MODEL.md §2). */
const TRAINING_TIME_FACTOR = 2;
/** The logged evaluation times sum one pass per epoch over 200 epochs. */
const LOGGED_EVALUATION_EPOCHS = 200;
/** A 12-epoch estimate trains for 12 epochs (NAS-Bench-201's separate 12-epoch schedule). */
const LOW_FIDELITY_EPOCHS = 12;

/** What a run's metrics compare it with (MODEL.md §6), resolved once per scenario. */
export interface FrontFacts {
  /** The true Pareto front of the candidates (MODEL.md §6): architectures, ascending, and their objective values. */
  readonly trueFront: Int32Array;
  readonly trueFrontPoints: PointMatrix;
  /** Each objective's minimum and maximum over the candidates (IGD's scaling). */
  readonly objectiveLow: readonly number[];
  readonly objectiveHigh: readonly number[];
  /** A second reference point, just beyond the true front's nadir, and the true front's HV at it. */
  readonly nadirReference: readonly number[];
  readonly nadirFrontHv: number;
}

export interface SimulationSetup extends FrontFacts {
  readonly scenario: Scenario;
  readonly backend: Backend;
  readonly space: SearchSpace;
  /** The objectives as trained architectures reveal them. */
  readonly objectives: ObjectiveSet;
  /** The same objectives as a one-shot estimate gives them (accuracies replaced). */
  readonly estimated: ObjectiveSet;
  /** 1 for architectures every objective and estimate is known for: the search's universe. */
  readonly candidate: Uint8Array;
  readonly candidateCount: number;
  readonly reference: readonly number[];
  /** Hypervolume of the whole space's true front, which normalises a run's hypervolume. */
  readonly frontHv: number;
  /** Busy and held-idle power of one GPU (the profile, with any override) and the PUE. */
  readonly power: GpuPower;
  readonly trace: CarbonTrace;
  readonly carbon: CarbonIntegrator;
  readonly startS: number;
  readonly endS: number;
  /** Full training time of each architecture on one GPU, s. */
  readonly trainingS: Float64Array;
  /** One-shot estimation time of each architecture on one GPU, s. */
  readonly samplingS: Float64Array;
  /** Wall-clock time of the supernet's training on all GPUs before the search, s (0: no supernet). */
  readonly supernetS: number;
}

/** Objectives learnt by training are accuracies (`…_acc_…`); hardware ones are look-ups. */
export function isTrainedObjective(objective: Objective): boolean {
  return objective.column.includes('_acc_');
}

/** Seed of the simulated estimate noise: derived from the run's seed, apart from its stream. */
const NOISE_SEED_OFFSET = 0x5eed5eed;

/**
 * The objectives as one-shot estimates give them: accuracies replaced by the estimate column,
 * or by noisy copies of themselves (Kendall τ-b as set); hardware objectives exact.
 */
function estimatedObjectives(space: SearchSpace, objectives: readonly Objective[], scenario: Scenario): ObjectiveSet {
  const { estimate, noisyKendallTau } = scenario.sampling;
  if (estimate !== 'noisy') {
    return objectiveSet(
      space,
      objectives.map((objective) => (isTrainedObjective(objective) ? { ...objective, column: estimate } : objective)),
    );
  }
  const noisy = new Map<string, Float64Array>();
  for (const objective of objectives.filter(isTrainedObjective)) {
    noisy.set(objective.column, noisyEstimates(space.column(objective.column), noisyKendallTau, scenario.seed + NOISE_SEED_OFFSET, objective.column).values);
  }
  return objectiveSet(space, objectives, noisy);
}

/**
 * GPU time of one one-shot estimate of each architecture (MODEL.md §2), times
 * `sampling.costScale`: a supernet estimate is one test-set pass; a 12-epoch estimate is 12
 * epochs of training on the 25k split plus one validation pass.
 */
function estimateCostsS(space: SearchSpace, scenario: Scenario): Float64Array {
  const { estimate, costScale } = scenario.sampling;
  if (estimate === 'noisy') {
    return Float64Array.from(space.column('c10valid_test_eval_time_200ep_s'), (seconds) => (seconds / LOGGED_EVALUATION_EPOCHS) * costScale);
  }
  const perEpochS = space.column('c10valid_train_time_per_epoch_s');
  const validationS = space.column('c10valid_valid_eval_time_200ep_s');
  return Float64Array.from(perEpochS, (seconds, k) => (LOW_FIDELITY_EPOCHS * seconds + validationS[k]! / LOGGED_EVALUATION_EPOCHS) * costScale);
}

/** The candidates' non-dominated architectures (twins with equal values all count), each objective's range over the candidates, and the nadir reference. */
export function frontFacts(objectives: ObjectiveSet, candidate: Uint8Array, backend: Backend): FrontFacts {
  const { points, indices } = objectives;
  const dim = points.dim;
  const rows = [...indices.keys()].filter((row) => candidate[indices[row]!] === 1);
  const values = new Float64Array(rows.length * dim);
  rows.forEach((row, k) => values.set(points.values.subarray(row * dim, (row + 1) * dim), k * dim));
  const ranks = paretoRanks({ values, n: rows.length, dim }, { maximise: objectives.maximise, backend });
  const low = new Array<number>(dim).fill(Infinity);
  const high = new Array<number>(dim).fill(-Infinity);
  for (let k = 0; k < values.length; k++) {
    low[k % dim] = Math.min(low[k % dim]!, values[k]!);
    high[k % dim] = Math.max(high[k % dim]!, values[k]!);
  }
  const onFront = rows.map((_, k) => k).filter((k) => ranks[k] === 0);
  const frontValues = new Float64Array(onFront.length * dim);
  onFront.forEach((k, i) => frontValues.set(values.subarray(k * dim, (k + 1) * dim), i * dim));
  const trueFrontPoints = { values: frontValues, n: onFront.length, dim };
  const nadir = nadirReference(trueFrontPoints, objectives.maximise, low, high);
  return {
    trueFront: Int32Array.from(onFront, (k) => indices[rows[k]!]!),
    trueFrontPoints,
    objectiveLow: low,
    objectiveHigh: high,
    nadirReference: nadir,
    nadirFrontHv: hypervolume(trueFrontPoints, nadir, { maximise: objectives.maximise, backend }),
  };
}

/** Resolves a validated scenario against the bundled data (or a trace file). */
export function setUpSimulation(scenario: Scenario, backend: Backend = 'wasm'): SimulationSetup {
  const space = loadSearchSpace();
  const objectiveList = parseObjectives(scenario.objectives, space);
  const objectives = objectiveSet(space, objectiveList);
  const estimated = estimatedObjectives(space, objectiveList, scenario);
  const candidate = new Uint8Array(space.size);
  for (const architecture of objectives.indices) candidate[architecture] = 1;
  const inEstimated = new Uint8Array(space.size);
  for (const architecture of estimated.indices) inEstimated[architecture] = 1;
  let candidateCount = 0;
  for (let architecture = 0; architecture < space.size; architecture++) {
    candidate[architecture]! &= inEstimated[architecture]!;
    candidateCount += candidate[architecture]!;
  }
  if (candidateCount < scenario.initialSamples) {
    throw new InputError(`objectives: only ${candidateCount} architectures have every value, fewer than initialSamples = ${scenario.initialSamples}`);
  }

  const reference = scenario.reference ?? objectives.defaultReference;
  if (reference.length !== objectiveList.length) {
    throw new InputError(`reference: ${reference.length} values for ${objectiveList.length} objectives`);
  }
  const frontHv = hypervolume(objectives.points, reference, { maximise: objectives.maximise, backend });
  if (!(frontHv > 0)) throw new InputError(`reference: [${reference.join(', ')}] is dominated by every architecture (the front's hypervolume is 0)`);

  const trace = resolveTrace(scenario.trace, { signal: scenario.signal, allowGaps: scenario.allowGaps });
  const startS = parseTimestamp(scenario.start, true)!;
  const endS = startS + scenario.hours * SECONDS_PER_HOUR;
  const traceStartS = trace.timesS[0]!;
  if (startS < traceStartS || endS > trace.endS) {
    throw new InputError(
      `start/hours: the search [${isoSeconds(startS)}, ${isoSeconds(endS)}] must lie within the trace ${trace.name} [${isoSeconds(traceStartS)}, ${isoSeconds(trace.endS)}]`,
    );
  }

  const supernetS = scenario.sampling.estimate === 'noisy' ? (scenario.sampling.supernetTrainingGpuHours * SECONDS_PER_HOUR) / scenario.gpus : 0;
  if (startS - supernetS < traceStartS) {
    throw new InputError(
      `start: the supernet trains for ${(supernetS / SECONDS_PER_HOUR).toPrecision(3)} h on ${scenario.gpus} GPUs before the search, from ${isoSeconds(startS - supernetS)}, before the trace ${trace.name} starts at ${isoSeconds(traceStartS)}; start later, or set sampling.supernetTrainingGpuHours`,
    );
  }

  const trainTime = space.column('c10valid_train_time_200ep_s');
  const trainingS = Float64Array.from(trainTime, (seconds) => TRAINING_TIME_FACTOR * seconds);
  const samplingS = estimateCostsS(space, scenario);
  const profile = GPU_PROFILES[scenario.power.gpu];
  const power = { busyW: scenario.power.busyW ?? profile.busyW, idleW: scenario.power.idleW ?? profile.idleW, pue: scenario.power.pue };
  return {
    scenario,
    backend,
    space,
    objectives,
    estimated,
    candidate,
    candidateCount,
    reference,
    frontHv,
    ...frontFacts(objectives, candidate, backend),
    power,
    trace,
    carbon: new CarbonIntegrator(trace),
    startS,
    endS,
    trainingS,
    samplingS,
    supernetS,
  };
}
