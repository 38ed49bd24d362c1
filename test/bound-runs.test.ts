/**
 * The offline bound on simulated runs: the run's carbon recomputed from its intervals equals
 * the ledger's in both accounting modes, and optimal ≤ actual, optimal ≤ blind (the run's own
 * schedule is one of those the bound minimises over).
 */

import { describe, expect, it } from 'vitest';
import { offlineBound } from '../src/bound/offline-bound.js';
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
