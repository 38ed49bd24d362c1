import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSearchSpace } from '../src/data/search-space.js';
import { runSearch } from '../src/sim/engine.js';
import { kendallTauB, noisyEstimates } from '../src/sim/estimates.js';
import { builtinPolicy } from '../src/sim/policies.js';
import { parseScenario } from '../src/sim/scenario.js';
import { setUpSimulation } from '../src/sim/setup.js';

describe('Kendall τ-b', () => {
  it('should be 1 for the same order, −1 for the reverse and 0 without signal', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 2, 3, 4], [1, 1, 1, 1])).toBe(0);
  });

  it('should correct for ties (τ-b)', () => {
    // Six pairs: five concordant, none discordant, one tied in x only: τ-b = 5 / √(6 · 5).
    expect(kendallTauB([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(5 / Math.sqrt(5 * 6), 12);
  });

  /** The definition, pair by pair: the oracle for the O(n log n) count. */
  function pairwiseTauB(x: readonly number[], y: readonly number[]): number {
    let concordant = 0;
    let discordant = 0;
    let tiesX = 0;
    let tiesY = 0;
    for (let i = 0; i < x.length; i++) {
      for (let j = i + 1; j < x.length; j++) {
        const dx = Math.sign(x[i]! - x[j]!);
        const dy = Math.sign(y[i]! - y[j]!);
        if (dx === 0 && dy === 0) continue;
        if (dx === 0) tiesX++;
        else if (dy === 0) tiesY++;
        else if (dx === dy) concordant++;
        else discordant++;
      }
    }
    const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    return denominator === 0 ? 0 : (concordant - discordant) / denominator;
  }

  it('should equal the pairwise definition to the bit, ties and all', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const samples = fc
      .integer({ min: 0, max: 60 })
      .chain((n) => fc.tuple(fc.array(value, { minLength: n, maxLength: n }), fc.array(value, { minLength: n, maxLength: n })));
    fc.assert(
      fc.property(samples, ([x, y]) => {
        expect(Object.is(kendallTauB(x, y), pairwiseTauB(x, y))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('should refuse NaN and samples of different lengths', () => {
    expect(() => kendallTauB([1, Number.NaN], [1, 2])).toThrow(/value 1 is NaN/);
    expect(() => kendallTauB([1, 2], [1])).toThrow(/one length/);
  });
});

describe('noisy one-shot estimates', () => {
  const truth = loadSearchSpace().column('c10_test_acc_200ep');
  const holdOut = Array.from({ length: 2500 }, (_, k) => (k * 6121 + 17) % truth.length);

  it.each([0.5, 0.7, 0.9])('should reach Kendall τ ≈ %s with the truth on architectures outside the calibration', (tau) => {
    const { values, noiseSd } = noisyEstimates(truth, tau, 42);
    expect(noiseSd).toBeGreaterThan(0);
    const measured = kendallTauB(
      holdOut.map((k) => truth[k]!),
      holdOut.map((k) => values[k]!),
    );
    expect(Math.abs(measured - tau)).toBeLessThan(0.03);
  });

  it('should add more noise for a lower τ, none for τ = 1, and repeat for a seed', () => {
    const loose = noisyEstimates(truth, 0.5, 1).noiseSd;
    const tight = noisyEstimates(truth, 0.8, 1).noiseSd;
    expect(loose).toBeGreaterThan(tight);
    expect(noisyEstimates(truth, 1, 1).values).toEqual(truth);
    expect(noisyEstimates(truth, 0.6, 9).values).toEqual(noisyEstimates(truth, 0.6, 9).values);
    expect(noisyEstimates(truth, 0.6, 9).values).not.toEqual(noisyEstimates(truth, 0.6, 10).values);
    expect(() => noisyEstimates(truth, 0, 1)).toThrow(/Kendall τ must lie in \(0, 1\]/);
  });

  it('should drive a simulation’s one-shot estimates when the scenario asks for them', () => {
    const scenario = parseScenario({ hours: 6, gpus: 4, lamoo: { kernel: 'rbf' }, sampling: { estimate: 'noisy', noisyKendallTau: 0.6 } }, 'test');
    const setup = setUpSimulation(scenario);
    const row = (set: typeof setup.objectives, architecture: number) => set.points.values[set.indices.indexOf(architecture) * 2]!;
    expect(row(setup.estimated, 100)).not.toBe(row(setup.objectives, 100));
    expect(setup.estimated.points.values[1]).toBe(setup.objectives.points.values[1]); // hardware energy is exact
    const outcome = runSearch(setup, builtinPolicy('cenas', scenario.window));
    expect(outcome.estimates).toBeGreaterThan(0);
  });
});
