/**
 * The offline bound's schedules against brute force on small cases: unit time steps (segments
 * of 1–3 steps of one intensity), few jobs with integer durations, every assignment of each
 * job to a set of distinct steps with at most G jobs per step enumerated. With integer data
 * the continuous optimum is attained by such a schedule (docs/offline-bound.md), so the two
 * minima must agree exactly.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Job, layerSeconds, placeJobs, type Segment } from '../src/bound/schedule.js';

interface Case {
  readonly segments: Segment[];
  readonly jobs: Job[];
  readonly gpus: number;
}

/** Each step's intensity. */
function steps(segments: readonly Segment[]): number[] {
  return segments.flatMap((segment) => Array.from({ length: segment.endS - segment.startS }, () => segment.intensityGPerKwh));
}

/** Every combination of `size` steps out of `count`, as bit masks. */
function subsets(count: number, size: number): number[] {
  const masks: number[] = [];
  for (let mask = 0; mask < 1 << count; mask++) {
    let bits = 0;
    for (let m = mask; m > 0; m &= m - 1) bits++;
    if (bits === size) masks.push(mask);
  }
  return masks;
}

/**
 * The minimum over all feasible schedules of Σ weight(job) × cost(step of job) (and, with
 * `priority`, of the earliest-work order: Σ count × base^step breaks ties towards none).
 * Returns the per-step counts of the minimiser too; undefined when nothing fits.
 */
function bruteForce(c: Case, stepCost: (step: number, job: Job) => number): { cost: number; counts: number[] } | undefined {
  const cost = steps(c.segments);
  const options = c.jobs.map((job) => subsets(cost.length, job.durationS));
  const counts = new Array<number>(cost.length).fill(0);
  let best: { cost: number; counts: number[] } | undefined;
  const visit = (j: number, sum: number): void => {
    if (j === c.jobs.length) {
      if (best === undefined || sum < best.cost - 1e-9) best = { cost: sum, counts: [...counts] };
      return;
    }
    for (const mask of options[j]!) {
      let ok = true;
      for (let t = 0; t < cost.length; t++) if (mask & (1 << t) && counts[t]! >= c.gpus) ok = false;
      if (!ok) continue;
      let added = 0;
      for (let t = 0; t < cost.length; t++) {
        if (mask & (1 << t)) {
          counts[t]!++;
          added += stepCost(t, c.jobs[j]!);
        }
      }
      visit(j + 1, sum + added);
      for (let t = 0; t < cost.length; t++) if (mask & (1 << t)) counts[t]!--;
    }
  };
  visit(0, 0);
  return best;
}

function caseArbitrary(weights: fc.Arbitrary<number>): fc.Arbitrary<Case> {
  return fc
    .record({
      segments: fc.array(fc.record({ length: fc.integer({ min: 1, max: 3 }), intensity: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 4 }),
      jobs: fc.array(fc.record({ duration: fc.integer({ min: 1, max: 5 }), weight: weights }), { minLength: 1, maxLength: 4 }),
      gpus: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ segments, jobs, gpus }) => {
      let t = 0;
      const placed = segments.map(({ length, intensity }) => ({ startS: t, endS: (t += length), intensityGPerKwh: intensity }));
      // At most 6 steps keeps the enumeration small; jobs no longer than the span.
      const span = Math.min(t, 6);
      const clipped = placed.filter((s) => s.startS < span).map((s) => ({ ...s, endS: Math.min(s.endS, span) }));
      return { segments: clipped, jobs: jobs.map(({ duration, weight }) => ({ durationS: Math.min(duration, span), marginalW: weight })), gpus };
    });
}

describe('offline bound: the least-carbon schedule is exact', () => {
  it('should equal the brute-force minimum when every job draws the same power', () => {
    let checked = 0;
    fc.assert(
      fc.property(caseArbitrary(fc.constant(1)), (c) => {
        const cost = steps(c.segments);
        const best = bruteForce(c, (t) => cost[t]!);
        if (best === undefined) return; // more work than GPU time: no run produces this
        checked++;
        expect(placeJobs(c.segments, c.jobs, c.gpus, 'cheapest').costWGPerKwhS).toBeCloseTo(best.cost, 9);
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(200);
  });

  it('should equal the brute-force minimum with zero-cost jobs beside them, or refuse the case', () => {
    let agreed = 0;
    let refused = 0;
    fc.assert(
      fc.property(caseArbitrary(fc.constantFrom(0, 2)), (c) => {
        const cost = steps(c.segments);
        const best = bruteForce(c, (t, job) => cost[t]! * job.marginalW);
        if (best === undefined) return;
        let placed: number;
        try {
          placed = placeJobs(c.segments, c.jobs, c.gpus, 'cheapest').costWGPerKwhS;
        } catch (error) {
          expect(String(error)).toMatch(/zero-cost work/);
          refused++;
          return;
        }
        agreed++;
        expect(placed).toBeCloseTo(best.cost, 9);
      }),
      { numRuns: 400 },
    );
    expect(agreed).toBeGreaterThan(10 * refused);
  });

  it('should need extra slots when a job is longer than the cheapest stretch', () => {
    // Two GPUs, one 3-step job and one 1-step job; the cheap stretch is 1 step long: the long
    // job must spill into two dearer steps (the cheapest 2 GPU-steps would be wrong).
    const segments = [
      { startS: 0, endS: 1, intensityGPerKwh: 1 },
      { startS: 1, endS: 2, intensityGPerKwh: 5 },
      { startS: 2, endS: 3, intensityGPerKwh: 7 },
      { startS: 3, endS: 4, intensityGPerKwh: 9 },
    ];
    const jobs = [
      { durationS: 3, marginalW: 1 },
      { durationS: 1, marginalW: 1 },
    ];
    expect([...layerSeconds([3, 1], 2)]).toEqual([3, 1]);
    expect(placeJobs(segments, jobs, 2, 'cheapest').costWGPerKwhS).toBe(1 + 5 + 7 + 1);
  });
});

describe('offline bound: the carbon-blind schedule is as soon as possible', () => {
  it('should place work where the brute force that fills the earliest steps first does', () => {
    fc.assert(
      fc.property(caseArbitrary(fc.constant(1)), (c) => {
        const cost = steps(c.segments);
        // Weights growing by more than the jobs' count per step make later steps dominate:
        // the minimiser does as much as it can as early as it can.
        const early = bruteForce(c, (t) => (c.jobs.length + 1) ** t);
        if (early === undefined) return;
        const blindCost = early.counts.reduce((sum, count, t) => sum + count * cost[t]!, 0);
        expect(placeJobs(c.segments, c.jobs, c.gpus, 'earliest').costWGPerKwhS).toBeCloseTo(blindCost, 9);
      }),
      { numRuns: 300 },
    );
  });
});
