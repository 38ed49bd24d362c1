import { describe, expect, it } from 'vitest';
import { hypervolume, pointMatrix } from '../src/pareto.js';
import { CARBON_FRACTIONS, frontRecall, hvAtCarbon, hvCarbonSteps, invertedGenerationalDistance, nadirReference, targetReaches } from '../src/sim/metrics.js';
import { parseScenario } from '../src/sim/scenario.js';
import { compareWithVanilla, hvAtVanillaCarbon, type RunSummary, summarizeRun } from '../src/sim/summary.js';
import { setUpSimulation } from '../src/sim/setup.js';
import { runSearch } from '../src/sim/engine.js';
import { builtinPolicy } from '../src/sim/policies.js';
import { weaklyDominates } from '../src/pareto.js';

const START_S = 1000;
/** A run's progress: (hours after the start, cumulative kg, normalised HV) after each training. */
const progress = [
  { timeS: START_S + 1 * 3600, carbonKg: 1, hvNormalized: 0.5 },
  { timeS: START_S + 2 * 3600, carbonKg: 2, hvNormalized: 0.9 },
  { timeS: START_S + 3 * 3600, carbonKg: 3, hvNormalized: 0.9 },
  { timeS: START_S + 4 * 3600, carbonKg: 5, hvNormalized: 0.96 },
  { timeS: START_S + 6 * 3600, carbonKg: 8, hvNormalized: 0.99 },
];

describe('carbon and hours to each HV target', () => {
  it('should take the first training at or above each target, and null for one never reached', () => {
    expect(targetReaches(progress, [0.9, 0.95, 0.99, 0.995], START_S)).toEqual([
      { hvNormalized: 0.9, carbonKg: 2, hours: 2 },
      { hvNormalized: 0.95, carbonKg: 5, hours: 4 },
      { hvNormalized: 0.99, carbonKg: 8, hours: 6 },
      { hvNormalized: 0.995, carbonKg: null, hours: null },
    ]);
  });
});

describe('HV against cumulative carbon', () => {
  it('should keep only the points where HV rose', () => {
    expect(hvCarbonSteps(progress)).toEqual({ carbonKg: [1, 2, 5, 8], hvNormalized: [0.5, 0.9, 0.96, 0.99] });
  });

  it('should give the HV of the last training completed at or before each carbon point, 0 before the first', () => {
    expect(hvAtCarbon(hvCarbonSteps(progress), [0.5, 1, 4.9, 5, 7.99, 100])).toEqual([0, 0.5, 0.9, 0.96, 0.96, 0.99]);
  });

  it('should sample at 0.05, 0.10, …, 1.00 of vanilla carbon', () => {
    expect(CARBON_FRACTIONS).toHaveLength(20);
    expect(CARBON_FRACTIONS[0]).toBe(0.05);
    expect(CARBON_FRACTIONS[19]).toBe(1);
    const sampled = hvAtVanillaCarbon({ hvCarbonSteps: hvCarbonSteps(progress) }, 10);
    expect(sampled.carbonKg.slice(0, 4)).toEqual([0.5, 1, 1.5, 2]);
    expect(sampled.hvNormalized.slice(0, 4)).toEqual([0, 0.5, 0.5, 0.9]);
    expect(sampled.hvNormalized[19]).toBe(0.99);
  });

  it('should compare each seed with its own vanilla run', () => {
    const run = (policy: string, seed: number, carbonKg: number): RunSummary =>
      ({ policy, seed, carbonKg, finalHv: 1, hvCarbonSteps: { carbonKg: [1], hvNormalized: [0.5] } }) as unknown as RunSummary;
    const runs = [run('vanilla', 0, 10), run('cenas', 0, 5), run('vanilla', 1, 20), run('cenas', 1, 4)];
    compareWithVanilla(runs);
    expect(runs.map((r) => r.carbonReductionVsVanilla)).toEqual([1, 2, 1, 5]);
    expect(runs[3]!.hvAtCarbon!.carbonKg[0]).toBe(1); // 0.05 × seed 1's vanilla 20 kg
  });
});

describe('the nadir reference point', () => {
  it("should lie a margin of each objective's range beyond the front's worst value", () => {
    // Maximise accuracy (range 50..100 over the candidates), minimise energy (range 10..60).
    const front = pointMatrix([
      [90, 20],
      [95, 30],
      [80, 12],
    ]);
    expect(nadirReference(front, [true, false], [50, 10], [100, 60], 0.1)).toEqual([75, 35]);
  });
});

describe('inverted generational distance', () => {
  const low = [0, 0];
  const high = [10, 100];

  it('should average, over the front, the scaled distance to the nearest trained point', () => {
    const front = pointMatrix([
      [10, 0],
      [0, 100],
    ]);
    // Scaled: front (1,0), (0,1); trained (0.3,0.6), (1,0), (0,0). Distances 0 and √(0.09+0.16) = 0.5.
    const trained = pointMatrix([
      [3, 60],
      [10, 0],
      [0, 0],
    ]);
    expect(invertedGenerationalDistance(front, trained, low, high)).toBeCloseTo(0.25, 12);
  });

  it('should be 0 when the front was trained, and Infinity when nothing was', () => {
    const front = pointMatrix([[5, 50]]);
    expect(invertedGenerationalDistance(front, pointMatrix([[5, 50]]), low, high)).toBe(0);
    expect(invertedGenerationalDistance(front, pointMatrix([], 2), low, high)).toBe(Infinity);
  });
});

describe('front recall', () => {
  it("should be the share of the front's architectures trained", () => {
    expect(frontRecall([3, 7, 11, 20], [1, 7, 20, 2, 9])).toBe(0.5);
    expect(frontRecall([3], [])).toBe(0);
  });
});

describe('scenario hvTargets', () => {
  it('should default to 0.95, 0.99 and 0.995, and name the new key for the old one', () => {
    expect(parseScenario({}, 'flags').hvTargets).toEqual([0.95, 0.99, 0.995]);
    expect(() => parseScenario({ targetHvNormalized: 0.9 }, 'config.json')).toThrow(/config\.json: targetHvNormalized was replaced by hvTargets/);
    expect(() => parseScenario({ hvTargets: [1.5] }, 'flags')).toThrow(/hvTargets\.0/);
  });
});

describe('a run summary on the bundled data', () => {
  // The default 40 h on 8 GPUs: long enough for vanilla to train an architecture of the true front.
  const setup = setUpSimulation(parseScenario({ lamoo: { kernel: 'rbf' } }, 'test'));
  const { objectives, candidate, trueFront } = setup;
  const dim = objectives.points.dim;
  const rowOf = new Map([...objectives.indices].map((architecture, row) => [architecture, row]));
  const valuesOf = (architecture: number): number[] => {
    const row = rowOf.get(architecture)!;
    return Array.from(objectives.points.values.subarray(row * dim, (row + 1) * dim));
  };
  // Dominance on minimisation rows: maximised objectives negated.
  const minimised = (architecture: number): number[] => valuesOf(architecture).map((value, j) => (objectives.maximise[j] ? -value : value));
  const candidates = [...objectives.indices].filter((architecture) => candidate[architecture] === 1);

  it('should put on the true front exactly the candidates no other candidate dominates', () => {
    const onFront = new Set(trueFront);
    const strictly = (a: number[], b: number[]): boolean => weaklyDominates(a, b) && a.some((value, j) => value !== b[j]);
    for (const architecture of trueFront) expect(candidates.some((other) => strictly(minimised(other), minimised(architecture)))).toBe(false);
    for (const architecture of candidates.filter((a) => !onFront.has(a))) {
      expect([...trueFront].some((front) => strictly(minimised(front), minimised(architecture)))).toBe(true);
    }
  });

  it("should report the share of the front trained and the nadir HV of the run's trained set", () => {
    const outcome = runSearch(setup, builtinPolicy('vanilla', setup.scenario.window));
    const summary = summarizeRun(setup, outcome);
    const trained = new Set(outcome.trained);
    expect(summary.frontRecall).toBeGreaterThan(0);
    expect(summary.frontRecall).toBeCloseTo([...trueFront].filter((a) => trained.has(a)).length / trueFront.length, 12);
    expect(summary.finalHvNadirNormalized).toBeGreaterThan(0);
    expect(summary.finalHvNadirNormalized).toBeLessThanOrEqual(1);
    const trainedPoints = pointMatrix(outcome.trained.map(valuesOf));
    const nadirHv = hypervolume(trainedPoints, setup.nadirReference, { maximise: objectives.maximise, backend: 'spec' });
    expect(summary.finalHvNadirNormalized).toBeCloseTo(nadirHv / setup.nadirFrontHv, 10);
    expect(summary.igd).toBeCloseTo(invertedGenerationalDistance(setup.trueFrontPoints, trainedPoints, setup.objectiveLow, setup.objectiveHigh), 10);
    expect(summary.hvTargets.map((reach) => reach.hvNormalized)).toEqual([0.95, 0.99, 0.995]);
    expect(summary.seed).toBe(0);
    expect(summary.timingGain).toBeNull();
    expect(summary.hvCarbonSteps.hvNormalized.at(-1)).toBe(summary.finalHvNormalized);
  });
});
