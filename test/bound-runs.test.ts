/**
 * The offline bound on simulated runs: the run's carbon recomputed from its intervals equals
 * the ledger's in both accounting modes, and optimal ≤ actual, optimal ≤ blind (the run's own
 * schedule is one of those the bound minimises over).
 */

import { describe, expect, it } from 'vitest';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import type { CarbonTrace } from '../src/carbon/trace.js';
import { offlineBound } from '../src/bound/offline-bound.js';
import type { RunOutcome } from '../src/sim/records.js';
import type { SimulationSetup } from '../src/sim/setup.js';
import { runSearch } from '../src/sim/engine.js';
import { builtinPolicy } from '../src/sim/policies.js';
import { parseScenario } from '../src/sim/scenario.js';
import { setUpSimulation } from '../src/sim/setup.js';

const POLICIES = ['cenas', 'vanilla', 'oneshot', 'random', 'defer:seasonal-day:24'];

describe('offline bound of simulated runs', () => {
  const scenario = parseScenario({ hours: 16, gpus: 4, seed: 2, power: { idleW: 60, pue: 1.3 } }, 'test');
  const setup = setUpSimulation(scenario);
  const outcomes = POLICIES.map((name) => runSearch(setup, builtinPolicy(name, scenario.window)));

  for (const mode of ['all-gpu-time', 'reference-code'] as const) {
    it(`should recompute each run's ${mode} carbon as the ledger has it and bound it from below`, () => {
      for (const outcome of outcomes) {
        const bound = offlineBound(setup, outcome, mode);
        const ledgerKg = outcome.ledger.total(mode).carbonKg;
        expect(Math.abs(bound.actualKg - ledgerKg)).toBeLessThanOrEqual(1e-9 * ledgerKg);
        expect(bound.optimalKg).toBeLessThanOrEqual(bound.actualKg * (1 + 1e-12));
        expect(bound.optimalKg).toBeLessThanOrEqual(bound.blindKg * (1 + 1e-12));
        if (bound.timingEfficiency !== null) {
          expect(bound.timingEfficiency).toBeCloseTo((bound.blindKg - bound.actualKg) / (bound.blindKg - bound.optimalKg), 12);
          expect(bound.timingEfficiency).toBeLessThanOrEqual(1 + 1e-9);
        }
      }
    });
  }

  it('should give vanilla LaMOO (every GPU busy nearly all the time) almost no room to save', () => {
    const bound = offlineBound(setup, outcomes[1]!);
    expect((bound.actualKg - bound.optimalKg) / bound.actualKg).toBeLessThan(0.02);
    expect(bound.optimalKg).toBeLessThan(bound.actualKg);
  });
});

describe('offline bound of a hand-made run', () => {
  // Four hours at 1, 9, 9, 2 g/kWh on two GPUs; busy 300 W, idle 50 W, PUE 1.
  const trace: CarbonTrace = {
    name: 'hand',
    signal: 'lca',
    timesS: Float64Array.from([0, 3600, 7200, 10800]),
    intensityGPerKwh: Float64Array.from([1, 9, 9, 2]),
    stepS: 3600,
    endS: 14400,
    gapCount: 0,
  };
  const setup = {
    scenario: { gpus: 2, accounting: 'all-gpu-time' },
    power: { busyW: 300, idleW: 50, pue: 1 },
    carbon: new CarbonIntegrator(trace),
    startS: 0,
    endS: 14400,
  } as unknown as SimulationSetup;
  const interval = (gpu: number, activity: 'training' | 'idle', startS: number, endS: number, architecture = -1) => ({
    gpu,
    activity,
    startS,
    endS,
    architecture,
  });
  // Architecture 5 trains for two hours, paused after one and resumed on the other GPU.
  const outcome = {
    finishS: 14400,
    intervals: [
      interval(0, 'training', 3600, 7200, 5),
      interval(0, 'idle', 0, 3600),
      interval(0, 'idle', 7200, 14400),
      interval(1, 'idle', 0, 7200),
      interval(1, 'training', 7200, 10800, 5),
      interval(1, 'idle', 10800, 14400),
    ],
  } as unknown as RunOutcome;

  it('should keep a paused and resumed training one job, which cannot use both GPUs in the cheap hour', () => {
    const bound = offlineBound(setup, outcome);
    const idleKg = (2 * 50 * (1 + 9 + 9 + 2) * 3600) / 3.6e9;
    const busyKg = (hours: number[]) => (250 * hours.reduce((sum, c) => sum + c, 0) * 3600) / 3.6e9;
    expect(bound.actualKg).toBeCloseTo(idleKg + busyKg([9, 9]), 12);
    // Its two cheapest hours on one GPU (1 and 2), not the cheap hour on both GPUs.
    expect(bound.optimalKg).toBeCloseTo(idleKg + busyKg([1, 2]), 12);
    expect(bound.blindKg).toBeCloseTo(idleKg + busyKg([1, 9]), 12);
    expect(bound.timingEfficiency).toBeCloseTo((10 - 18) / (10 - 3), 12);
  });
});
