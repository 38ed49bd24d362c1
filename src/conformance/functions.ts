/**
 * The functions an implementation of the model can be checked on (docs/conformance.md): for
 * each, its arguments in JSON, the spec's answer, the tolerance an answer must meet, fixed
 * edge cases and a generator of random cases (fast-check, so failures shrink).
 */

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  decisionValue,
  dominanceNumbers,
  dominates,
  emissionsKg,
  energyKwh,
  goodBadLabels,
  hypervolume,
  hypervolumeContributions,
  paretoRanks,
  type LamooNode,
  pointMatrix,
  samplingShare,
  selectLeaf,
  splitGpus,
  strictlyDominates,
  weaklyDominates,
} from '../../spec/index.js';
import { runSearch, type RunOutcome } from '../sim/engine.js';
import { builtinPolicy } from '../sim/policies.js';
import { parseScenario } from '../sim/scenario.js';
import { setUpSimulation } from '../sim/setup.js';
import { summarizeRun } from '../sim/summary.js';

export type Tolerance =
  | { readonly kind: 'exact' }
  /** |actual − expected| ≤ value · max(1, |expected|), element-wise. */
  | { readonly kind: 'relative'; readonly value: number }
  /** |actual − expected| ≤ value · max(1, Σ|expected|): for parts of a total (contributions). */
  | { readonly kind: 'relative-to-total'; readonly value: number };

export interface ConformanceFunction {
  readonly name: string;
  readonly description: string;
  readonly tolerance: Tolerance;
  /** The spec's answer (JSON-serialisable). */
  readonly reference: (args: Record<string, unknown>) => unknown;
  readonly fixed: readonly Record<string, unknown>[];
  readonly arbitrary: fc.Arbitrary<Record<string, unknown>>;
  /** At most this many random cases per run (for slow functions). */
  readonly maxRandomCases?: number;
}

const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

type Rows = number[][];
const rowsArg = (args: Record<string, unknown>, name = 'points'): Rows => args[name] as Rows;
const flags = (args: Record<string, unknown>): boolean[] | undefined => args.maximise as boolean[] | undefined;
const options = (args: Record<string, unknown>) => (flags(args) === undefined ? {} : { maximise: flags(args)! });
const matrix = (rows: Rows, dim: number) => pointMatrix(rows, dim);

/** Small-integer grids (ties, duplicates) and general doubles, with optional maximise flags. */
function pointSets(maxN: number): fc.Arbitrary<{ points: Rows; dim: number; maximise?: boolean[] }> {
  return fc.integer({ min: 1, max: 4 }).chain((dim) => {
    const value = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }));
    return fc.record(
      {
        points: fc.array(fc.array(value, { minLength: dim, maxLength: dim }), { maxLength: maxN }),
        dim: fc.constant(dim),
        maximise: fc.array(fc.boolean(), { minLength: dim, maxLength: dim }),
      },
      { requiredKeys: ['points', 'dim'] },
    );
  });
}

const referenceFor = (points: Rows, dim: number, maximise: boolean[] | undefined): number[] =>
  Array.from({ length: dim }, (_, j) => {
    const column = points.map((row) => row[j]!);
    const worst = maximise?.[j] === true ? Math.min(0, ...column) - 1 : Math.max(0, ...column) + 1;
    return worst;
  });

const dominance: ConformanceFunction = {
  name: 'dominance',
  description: 'weak, Pareto and strict dominance of a over b: { weakly, pareto, strictly }',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const [a, b] = [args.a as number[], args.b as number[]];
    return { weakly: weaklyDominates(a, b, options(args)), pareto: dominates(a, b, options(args)), strictly: strictlyDominates(a, b, options(args)) };
  },
  fixed: [
    { a: [1, 2], b: [1, 2] },
    { a: [1, 2], b: [1, 3] },
    { a: [0, 2], b: [1, 3] },
    { a: [-0, 1], b: [0, 1] },
    { a: [2, 1], b: [1, 2] },
    { a: [3, 1], b: [2, 1], maximise: [true, false] },
  ],
  arbitrary: fc.integer({ min: 1, max: 4 }).chain((dim) => {
    const vector = fc.array(fc.oneof(fc.integer({ min: 0, max: 2 }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: dim, maxLength: dim });
    return fc.record({ a: vector, b: vector, maximise: fc.array(fc.boolean(), { minLength: dim, maxLength: dim }) }, { requiredKeys: ['a', 'b'] });
  }),
};

const ranks: ConformanceFunction = {
  name: 'ranks',
  description: 'Pareto rank of each point (0 = non-dominated), in input order',
  tolerance: { kind: 'exact' },
  reference: (args) => Array.from(paretoRanks(matrix(rowsArg(args), args.dim as number), options(args))),
  fixed: [
    { points: [], dim: 2 },
    { points: [[1, 1]], dim: 2 },
    { points: [[1, 1], [1, 1], [2, 2]], dim: 2 },
    { points: [[3, 3], [1, 1], [2, 2]], dim: 2 },
    { points: [[1, 2], [2, 1], [2, 2], [3, 3]], dim: 2 },
    { points: [[1, 2, 3], [3, 2, 1], [2, 2, 2], [4, 4, 4]], dim: 3 },
    { points: [[93, 20], [91, 12], [90, 30]], dim: 2, maximise: [true, false] },
  ],
  arbitrary: pointSets(30),
};

const hypervolumeFunction: ConformanceFunction = {
  name: 'hypervolume',
  description: 'hypervolume of the points with respect to the reference point',
  tolerance: { kind: 'relative', value: SQRT_EPSILON },
  reference: (args) => hypervolume(matrix(rowsArg(args), args.dim as number), args.reference as number[], options(args)),
  fixed: [
    { points: [], dim: 2, reference: [1, 1] },
    { points: [[5, 5], [4, 6], [2, 7], [7, 4]], dim: 2, reference: [10, 10] },
    { points: [[1, 1], [1, 1]], dim: 2, reference: [2, 2] },
    { points: [[2, 2], [3, 1]], dim: 2, reference: [2, 3] },
    { points: [[1, 2, 3], [3, 2, 1], [2, 2, 2]], dim: 3, reference: [4, 4, 4] },
    { points: [[1]], dim: 1, reference: [3] },
    { points: [[93.1, 20.5], [91, 12.2]], dim: 2, reference: [0, 60.7], maximise: [true, false] },
  ],
  arbitrary: pointSets(25).map(({ points, dim, maximise }) => ({
    points,
    dim,
    reference: referenceFor(points, dim, maximise),
    ...(maximise === undefined ? {} : { maximise }),
  })),
};

const contributions: ConformanceFunction = {
  name: 'contributions',
  description: 'exclusive hypervolume contribution of each point, HV(S) − HV(S \\ {p})',
  tolerance: { kind: 'relative-to-total', value: SQRT_EPSILON },
  reference: (args) => Array.from(hypervolumeContributions(matrix(rowsArg(args), args.dim as number), args.reference as number[], options(args))),
  fixed: [
    { points: [[5, 5], [4, 6], [2, 7], [7, 4]], dim: 2, reference: [10, 10] },
    { points: [[1, 1], [1, 1], [2, 0]], dim: 2, reference: [3, 3] },
    { points: [[1, 2, 3], [3, 2, 1], [2, 2, 2]], dim: 3, reference: [4, 4, 4] },
  ],
  arbitrary: hypervolumeFunction.arbitrary.filter((args) => (args.points as Rows).length <= 12),
};

const allocation: ConformanceFunction = {
  name: 'allocation',
  description: 'CE-NAS λs from the current intensity and the window extremes, and the GPU split',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const share = samplingShare(args.currentGPerKwh as number, args.minGPerKwh as number, args.maxGPerKwh as number);
    return { samplingShare: share, ...splitGpus(args.totalGpus as number, share) };
  },
  fixed: [
    { currentGPerKwh: 150, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 200, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 125, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 50, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 400, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 200, minGPerKwh: 200, maxGPerKwh: 200, totalGpus: 8 },
    { currentGPerKwh: 131.25, minGPerKwh: 100, maxGPerKwh: 200, totalGpus: 8 },
    { currentGPerKwh: 0, minGPerKwh: 0, maxGPerKwh: 1, totalGpus: 0 },
  ],
  arbitrary: fc
    .record({
      a: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1000, noNaN: true })),
      b: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1000, noNaN: true })),
      currentGPerKwh: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 1000, noNaN: true })),
      totalGpus: fc.integer({ min: 0, max: 64 }),
    })
    .map(({ a, b, currentGPerKwh, totalGpus }) => ({ currentGPerKwh, minGPerKwh: Math.min(a, b), maxGPerKwh: Math.max(a, b), totalGpus })),
};

const carbon: ConformanceFunction = {
  name: 'carbon',
  description: 'energy (kWh) and emissions (kg) of a power draw over an interval of a piecewise-constant trace',
  tolerance: { kind: 'relative', value: 1e-9 },
  reference: (args) => {
    const steps = { timesS: args.timesS as number[], intensityGPerKwh: args.intensityGPerKwh as number[], endS: args.endS as number };
    const [startS, stopS, powerW, pue] = [args.startS as number, args.stopS as number, args.powerW as number, args.pue as number];
    return { energyKwh: energyKwh(powerW, stopS - startS, pue), carbonKg: emissionsKg(steps, startS, stopS, powerW, pue) };
  },
  fixed: [
    { timesS: [0, 3600], intensityGPerKwh: [100, 200], endS: 7200, startS: 1800, stopS: 5400, powerW: 1000, pue: 1 },
    { timesS: [0, 3600, 7200], intensityGPerKwh: [300, 0, 500], endS: 10800, startS: 0, stopS: 10800, powerW: 300, pue: 1.5 },
    { timesS: [0, 900, 1800], intensityGPerKwh: [100, 100, 400], endS: 2700, startS: 900, stopS: 900, powerW: 300, pue: 1 },
    { timesS: [0, 3600], intensityGPerKwh: [100, 200], endS: 7200, startS: 3599, stopS: 3601, powerW: 0, pue: 1 },
  ],
  arbitrary: fc
    .record({
      steps: fc.array(fc.record({ lengthS: fc.integer({ min: 1, max: 7200 }), intensity: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 900, noNaN: true })) }), {
        minLength: 1,
        maxLength: 12,
      }),
      from: fc.double({ min: 0, max: 1, noNaN: true }),
      to: fc.double({ min: 0, max: 1, noNaN: true }),
      powerW: fc.oneof(fc.constantFrom(0, 300, 1000), fc.double({ min: 0, max: 2000, noNaN: true })),
      pue: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 2, noNaN: true })),
    })
    .map(({ steps, from, to, powerW, pue }) => {
      const timesS: number[] = [];
      let t = 1_600_000_000;
      for (const step of steps) {
        timesS.push(t);
        t += step.lengthS;
      }
      const span = t - timesS[0]!;
      const [low, high] = [Math.min(from, to), Math.max(from, to)];
      return {
        timesS,
        intensityGPerKwh: steps.map((step) => step.intensity),
        endS: t,
        startS: timesS[0]! + Math.round(low * span),
        stopS: timesS[0]! + Math.round(high * span),
        powerW,
        pue,
      };
    }),
};

const labels: ConformanceFunction = {
  name: 'labels',
  description: 'LaMOO dominance numbers and good (+1) / bad (−1) labels of samples: { dominanceNumbers, labels }',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const points = matrix(rowsArg(args), args.dim as number);
    const maximise = flags(args);
    return { dominanceNumbers: Array.from(dominanceNumbers(points, maximise)), labels: Array.from(goodBadLabels(points, maximise)) };
  },
  fixed: [
    { points: [[1, 1], [2, 2], [3, 3], [4, 4]], dim: 2 },
    { points: [[1, 1], [1, 1], [2, 0], [0, 2], [3, 3]], dim: 2 },
    { points: [[93, 20], [91, 12], [90, 30]], dim: 2, maximise: [true, false] },
  ],
  arbitrary: pointSets(20),
};

interface ModelArgs {
  readonly kernel: 'linear' | 'poly' | 'rbf';
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
  readonly supportVectors: number[][];
  readonly dualCoef: number[];
  readonly intercept: number;
}

const svmDecision: ConformanceFunction = {
  name: 'svmDecision',
  description: 'decision value Σ dualCoef_i K(sv_i, x) + intercept of a C-SVC at each point (kernels as in spec/svm.ts)',
  tolerance: { kind: 'relative', value: 1e-12 },
  reference: (args) => {
    const model = args.model as ModelArgs;
    const dim = (args.points as Rows)[0]?.length ?? model.supportVectors[0]?.length ?? 1;
    const svm = { ...model, dim, supportVectors: Float64Array.from(model.supportVectors.flat()), dualCoef: Float64Array.from(model.dualCoef) };
    return (args.points as Rows).map((x) => decisionValue(svm, x));
  },
  fixed: [
    { model: { kernel: 'linear', gamma: 1, coef0: 0, degree: 1, supportVectors: [[0.1, 0.9], [0.9, 0.1]], dualCoef: [1, -1], intercept: 0.5 }, points: [[0.5, 0.5], [0.1, 0.1]] },
    { model: { kernel: 'poly', gamma: 2.5, coef0: 0, degree: 4, supportVectors: [[0.1, 0.3, 0.5]], dualCoef: [-0.75], intercept: 0.1 }, points: [[0.9, 0.7, 0.5], [0.1, 0.1, 0.1]] },
    { model: { kernel: 'rbf', gamma: 3, coef0: 0, degree: 3, supportVectors: [[0.1, 0.9], [0.5, 0.5]], dualCoef: [1, -0.5], intercept: -0.2 }, points: [[0.3, 0.7], [0.9, 0.9]] },
  ],
  arbitrary: fc.integer({ min: 1, max: 6 }).chain((dim) => {
    const coordinate = fc.oneof(fc.constantFrom(0.1, 0.3, 0.5, 0.7, 0.9), fc.double({ min: -1, max: 1, noNaN: true }));
    const vector = fc.array(coordinate, { minLength: dim, maxLength: dim });
    return fc.record({
      model: fc.record({
        kernel: fc.constantFrom('linear', 'poly', 'rbf'),
        gamma: fc.double({ min: 0.01, max: 5, noNaN: true }),
        coef0: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 1, noNaN: true })),
        degree: fc.integer({ min: 1, max: 5 }),
        supportVectors: fc.array(vector, { minLength: 1, maxLength: 8 }),
        dualCoef: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        intercept: fc.double({ min: -1, max: 1, noNaN: true }),
      }).map((model) => ({ ...model, dualCoef: model.dualCoef.slice(0, model.supportVectors.length) })),
      points: fc.array(vector, { minLength: 1, maxLength: 6 }),
    });
  }),
};

interface TreeArgs {
  readonly value: number;
  readonly samples: number;
  readonly good?: TreeArgs;
  readonly bad?: TreeArgs;
}

/** A tree as the spec's `LamooNode` (classifiers do not matter to leaf selection). */
function lamooNode(tree: TreeArgs, depth = 0): LamooNode {
  const node = { samples: Array.from({ length: tree.samples }, (_, k) => k), depth, value: tree.value };
  if (tree.good === undefined || tree.bad === undefined) return node;
  const classifier = { kernel: 'linear' as const, gamma: 1, coef0: 0, degree: 1, dim: 1, supportVectors: new Float64Array(0), dualCoef: new Float64Array(0), intercept: 0 };
  return { ...node, split: { classifier, good: lamooNode(tree.good, depth + 1), bad: lamooNode(tree.bad, depth + 1) } };
}

const leafSelection: ConformanceFunction = {
  name: 'leafSelection',
  description: 'LaMOO leaf selection by UCT = value + 2·Cp·√(2 ln n_parent / n): the sides taken (true = good), ties resolved by the given choices in order',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const choices = [...((args.tieChoices as number[] | undefined) ?? [])];
    const { path } = selectLeaf(lamooNode(args.tree as TreeArgs), args.cp as number, (count) => (choices.shift() ?? 0) % count);
    return path.map((step) => step.good);
  },
  fixed: [
    { tree: { value: 5, samples: 20 }, cp: 30 },
    { tree: { value: 5, samples: 20, good: { value: 4, samples: 10 }, bad: { value: 1, samples: 10 } }, cp: 0 },
    { tree: { value: 5, samples: 20, good: { value: 4, samples: 15 }, bad: { value: 1, samples: 5 } }, cp: 30 },
    { tree: { value: 5, samples: 20, good: { value: 2, samples: 10 }, bad: { value: 2, samples: 10 } }, cp: 1, tieChoices: [1] },
    { tree: { value: 5, samples: 20, good: { value: 2, samples: 10, good: { value: 1, samples: 5 }, bad: { value: 1, samples: 5 } }, bad: { value: 1, samples: 10 } }, cp: 0, tieChoices: [0] },
  ],
  arbitrary: fc
    .letrec<{ tree: TreeArgs }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 100, noNaN: true })), samples: fc.integer({ min: 1, max: 60 }) }),
        fc.record({
          value: fc.double({ min: 0, max: 100, noNaN: true }),
          samples: fc.integer({ min: 2, max: 60 }),
          good: tie('tree'),
          bad: tie('tree'),
        }),
      ),
    }))
    .tree.chain((tree) => fc.record({ tree: fc.constant(tree), cp: fc.constantFrom(0, 1, 30), tieChoices: fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 4 }) })),
};

/** The event log of a run as lines, and their SHA-256 (what another engine must reproduce). */
export function eventLogDigest(outcome: RunOutcome): string {
  const hash = createHash('sha256');
  for (const event of outcome.events) hash.update(`${event.timeS},${event.gpu},${event.kind},${event.task},${event.architecture}\n`);
  return hash.digest('hex');
}

const simulation: ConformanceFunction = {
  name: 'simulate',
  description: 'a small end-to-end run: { trainings, estimates, preemptions, carbonKg, energyKwh, finalHv, eventLogSha256 } for a scenario and policy',
  tolerance: { kind: 'relative', value: 1e-9 },
  maxRandomCases: 12,
  reference: (args) => {
    const scenario = parseScenario(args.scenario, 'conformance vector');
    const setup = setUpSimulation(scenario);
    const outcome = runSearch(setup, builtinPolicy(args.policy as string, scenario.window));
    const summary = summarizeRun(setup, outcome);
    const { trainings, estimates, preemptions, carbonKg, energyKwh: kwh, finalHv } = summary;
    return { trainings, estimates, preemptions, carbonKg, energyKwh: kwh, finalHv, eventLogSha256: eventLogDigest(outcome) };
  },
  fixed: [
    { scenario: { hours: 4, gpus: 2, lamoo: { kernel: 'rbf' } }, policy: 'vanilla' },
    { scenario: { hours: 4, gpus: 3, lamoo: { kernel: 'rbf' } }, policy: 'cenas' },
    { scenario: { hours: 5, gpus: 2, seed: 3, trace: 'DE:2020', start: '2020-03-01T00:00:00Z', lamoo: { kernel: 'rbf' } }, policy: 'oneshot' },
  ],
  arbitrary: fc.record({
    scenario: fc.record({
      hours: fc.integer({ min: 2, max: 6 }),
      gpus: fc.integer({ min: 1, max: 4 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      start: fc.constantFrom('2021-01-05T00:00:00Z', '2021-07-02T06:00:00Z', '2021-10-11T12:00:00Z'),
      epochHours: fc.constantFrom(0.5, 1),
      lamoo: fc.constant({ kernel: 'rbf' }),
    }),
    policy: fc.constantFrom('cenas', 'vanilla', 'oneshot', 'random', 'fixed:0.5'),
  }),
};

export const CONFORMANCE_FUNCTIONS: readonly ConformanceFunction[] = [
  dominance,
  ranks,
  hypervolumeFunction,
  contributions,
  allocation,
  carbon,
  labels,
  svmDecision,
  leafSelection,
  simulation,
];

export function conformanceFunction(name: string): ConformanceFunction | undefined {
  return CONFORMANCE_FUNCTIONS.find((definition) => definition.name === name);
}

function close(expected: number, actual: unknown, tolerance: Tolerance, total: number): boolean {
  if (typeof actual !== 'number') return false;
  if (tolerance.kind === 'exact') return Object.is(expected + 0, actual + 0);
  const scale = tolerance.kind === 'relative' ? Math.abs(expected) : total;
  return Math.abs(actual - expected) <= tolerance.value * Math.max(1, scale);
}

function sumOfMagnitudes(value: unknown): number {
  if (typeof value === 'number') return Math.abs(value);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + sumOfMagnitudes(item), 0);
  return 0;
}

/** Why `actual` does not meet `expected` within the tolerance, or undefined when it does. */
export function disagreement(expected: unknown, actual: unknown, tolerance: Tolerance, path = 'result', total = sumOfMagnitudes(expected)): string | undefined {
  if (typeof expected === 'number') {
    return close(expected, actual, tolerance, total) ? undefined : `${path}: expected ${expected}, got ${JSON.stringify(actual)}`;
  }
  if (typeof expected === 'boolean' || typeof expected === 'string' || expected === null) {
    return Object.is(expected, actual) ? undefined : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path}: expected ${expected.length} values, got ${JSON.stringify(actual)}`;
    }
    for (let k = 0; k < expected.length; k++) {
      const reason = disagreement(expected[k], actual[k], tolerance, `${path}[${k}]`, total);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
      const reason = disagreement(value, (actual as Record<string, unknown>)[key], tolerance, `${path}.${key}`, total);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
  return `${path}: unexpected expected value`;
}
