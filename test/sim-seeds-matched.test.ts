/**
 * Many seeds (quantiles, seed lists, thread-independence), the `fixed:matched` control and the
 * inverse of the trace integral that ends a carbon-budget run, on hand-computed cases.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_ALLOCATION_RULE, splitGpus } from '../spec/index.js';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import { aggregateRuns, quantileSorted, spread } from '../src/sim/aggregate.js';
import { matchedFixedPolicy, shareForSamplingGpus } from '../src/sim/matched.js';
import { parseSeeds } from '../src/sim/multi-seed.js';
import type { PolicyContext } from '../src/sim/policies.js';
import type { EpochRecord } from '../src/sim/records.js';
import type { RunSummary } from '../src/sim/summary.js';
import { runCliCaptured as run } from './support/run-cli.js';

describe('quantiles and aggregates over seeds', () => {
  it('should interpolate between order statistics (type 7)', () => {
    // Sorted 1, 2, 4, 8: positions (n−1)q = 0.75, 1.5, 2.25.
    expect(quantileSorted([1, 2, 4, 8], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 4, 8], 0.5)).toBeCloseTo(3, 12);
    expect(quantileSorted([1, 2, 4, 8], 0.75)).toBeCloseTo(5, 12);
    expect(spread([8, null, 1, 4, 2])).toEqual({ median: 3, q1: 1.75, q3: 5, n: 4 });
    expect(spread([null])).toBeNull();
  });

  it('should count target reaches and runs at vanilla HV per policy', () => {
    const base = { carbonKg: 1, energyKwh: 1, trainings: 1, finalHvNormalized: 0.9, carbonReductionVsVanilla: 1, timingGain: null, offlineBound: null };
    const reach = (...kg: (number | null)[]) => kg.map((carbonKg, k) => ({ hvNormalized: [0.95, 0.99][k]!, carbonKg, hours: carbonKg }));
    const runs = [
      { ...base, policy: 'a', hvGapVsVanilla: 0.01, hvTargets: reach(3, null) },
      { ...base, policy: 'a', hvGapVsVanilla: -0.02, hvTargets: reach(null, null) },
      { ...base, policy: 'a', hvGapVsVanilla: 0, hvTargets: reach(2, 4) },
      { ...base, policy: 'b', hvGapVsVanilla: null, hvTargets: reach(null, null), offlineBound: { optimalKg: 1, blindKg: 2, timingEfficiency: 0.25 } },
    ] as unknown as RunSummary[];
    const [a, b] = aggregateRuns(runs);
    const third = (count: number): number => Number((count / 3).toPrecision(12));
    expect(a).toMatchObject({ policy: 'a', runs: 3, matchedVanillaHvShare: third(2), timingEfficiency: null });
    expect(a!.reachedTargets).toEqual([
      { hvNormalized: 0.95, share: third(2) },
      { hvNormalized: 0.99, share: third(1) },
    ]);
    expect(b).toMatchObject({ policy: 'b', runs: 1, matchedVanillaHvShare: null, timingEfficiency: { median: 0.25, q1: 0.25, q3: 0.25, n: 1 } });
    expect(b!.reachedTargets.map((target) => target.share)).toEqual([0, 0]);
  });

  it('should read seed lists and refuse bad ones', () => {
    expect(parseSeeds('0-4')).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeeds('7, 3,3-5')).toEqual([7, 3, 4, 5]);
    for (const bad of ['', '4-2', 'a', '1-', '-1', '0-20000']) expect(() => parseSeeds(bad)).toThrow(/--seeds/);
  });
});

describe('fixed:matched', () => {
  const epoch = (samplingGpus: number): EpochRecord => ({ samplingGpus }) as EpochRecord;
  const context = {} as PolicyContext;

  it('should give exactly the wanted sampling GPUs under both rounding rules', () => {
    for (const total of [1, 2, 3, 7, 8, 64]) {
      for (let samplingGpus = 0; samplingGpus < total; samplingGpus++) {
        expect(splitGpus(total, shareForSamplingGpus(samplingGpus, total, REFERENCE_ALLOCATION_RULE), REFERENCE_ALLOCATION_RULE).samplingGpus).toBe(
          samplingGpus,
        );
        const nearest = { rounding: 'nearest', minEvaluationGpus: 0 } as const;
        expect(splitGpus(total, shareForSamplingGpus(samplingGpus, total, nearest), nearest).samplingGpus).toBe(samplingGpus);
      }
    }
  });

  it('should spread CE-NAS mean sampling GPUs evenly, keeping its total', () => {
    // CE-NAS sampled on 0, 7, 7, 0, 1 GPUs of 8: mean 3, so the control samples on 3 each epoch.
    const even = matchedFixedPolicy([0, 7, 7, 0, 1].map(epoch), 8, REFERENCE_ALLOCATION_RULE);
    const gpusOf = (share: number): number => splitGpus(8, share, REFERENCE_ALLOCATION_RULE).samplingGpus;
    expect(Array.from({ length: 5 }, () => gpusOf(even.samplingShare(context)))).toEqual([3, 3, 3, 3, 3]);
    // Mean 2.5: round(2.5)=3 (half up), round(5)−3 = 2, round(7.5)−5 = 3, round(10)−8 = 2.
    const half = matchedFixedPolicy([5, 0, 5, 0].map(epoch), 8, REFERENCE_ALLOCATION_RULE);
    const sequence = Array.from({ length: 4 }, () => gpusOf(half.samplingShare(context)));
    expect(sequence).toEqual([3, 2, 3, 2]);
    expect(sequence.reduce((sum, gpus) => sum + gpus, 0)).toBe(10);
  });
});

describe('the time a carbon budget runs out', () => {
  // Rows: 100 g/kWh for an hour, 0 for an hour, 300 for an hour.
  const trace = { name: 'hand', timesS: Float64Array.from([0, 3600, 7200]), intensityGPerKwh: Float64Array.from([100, 0, 300]), endS: 10800 };
  const integrator = new CarbonIntegrator(trace as never);

  it('should invert the intensity integral across rows, passing over a zero row', () => {
    expect(integrator.timeWhenIntegralReaches(0, 100 * 1800)).toBeCloseTo(1800, 9);
    // From 30 min: 30 min of 100 (180,000), an hour of 0, then 300 for the remaining 60,000 → 200 s.
    expect(integrator.timeWhenIntegralReaches(1800, 240_000)).toBeCloseTo(7400, 9);
    expect(integrator.timeWhenIntegralReaches(0, 100 * 3600 + 300 * 3600 + 1)).toBe(Infinity);
    expect(integrator.timeWhenIntegralReaches(500, 0)).toBe(500);
  });
});

describe('ce-nas simulate over several seeds', () => {
  const argv = ['simulate', '--hours', '5', '--gpus', '3', '--kernel', 'rbf', '--policy', 'cenas,vanilla,fixed:matched', '--seeds', '2,0,1'];

  it('should write each seed and the aggregates, the same whatever the thread count', async () => {
    const [one, two] = [1, 2].map(() => join(mkdtempSync(join(tmpdir(), 'ce-nas-seeds-')), 'out'));
    const single = await run([...argv, '--threads', '1', '--out', one!]);
    const parallel = await run([...argv, '--threads', '2', '--out', two!]);
    expect(single.code).toBe(0);
    expect(parallel.code).toBe(0);
    expect(parallel.stdout).toBe(single.stdout);
    expect(single.stdout).toMatch(/seeds 2,0,1 \(3 runs per policy\)/);
    expect(single.stdout).toMatch(/policy\s+runs\s+carbon kg\s+less carbon\s+HV gap/);
    expect(readdirSync(one!).sort()).toEqual(['seed-0', 'seed-1', 'seed-2', 'summary.json']);
    for (const folder of ['seed-0', 'seed-1', 'seed-2', '.']) {
      for (const name of readdirSync(join(one!, folder)).filter((entry) => entry.includes('.'))) {
        expect(readFileSync(join(two!, folder, name), 'utf8')).toBe(readFileSync(join(one!, folder, name), 'utf8'));
      }
    }
    const summary = JSON.parse(readFileSync(join(one!, 'summary.json'), 'utf8'));
    expect(summary.seeds).toEqual([2, 0, 1]);
    expect(summary.runs.map((r: { seed: number }) => r.seed)).toEqual([2, 2, 2, 0, 0, 0, 1, 1, 1]);
    const cenas = summary.runs.filter((r: { policy: string }) => r.policy === 'cenas(reference)');
    const matched = summary.runs.filter((r: { policy: string }) => r.policy === 'fixed(matched)');
    cenas.forEach((r: { carbonKg: number; timingGain: number }, k: number) => expect(r.timingGain).toBeCloseTo(matched[k].carbonKg / r.carbonKg, 9));
    const gains = cenas.map((r: { timingGain: number }) => r.timingGain).sort((a: number, b: number) => a - b);
    expect(summary.aggregates[0].timingGain.median).toBeCloseTo(gains[1], 9);
    // Each seed's folder is a single-seed simulation of its own.
    const seedOne = JSON.parse(readFileSync(join(one!, 'seed-1', 'summary.json'), 'utf8'));
    expect(seedOne.scenario.seed).toBe(1);
    expect(seedOne.runs.map((r: { carbonKg: number }) => r.carbonKg)).toEqual(summary.runs.slice(6).map((r: { carbonKg: number }) => r.carbonKg));
  });

  it('should refuse --seed with --seeds, fixed:matched without cenas and fixed:matched in a sweep, in one line', async () => {
    const both = await run(['simulate', '--seed', '1', '--seeds', '0-1']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
    const alone = await run([
      'simulate',
      '--hours',
      '2',
      '--seed',
      '0',
      '--policy',
      'vanilla,fixed:matched',
      '--kernel',
      'rbf',
      '--out',
      join(mkdtempSync(join(tmpdir(), 'x-')), 'o'),
    ]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/fixed:matched.*list cenas/);
    // A sweep runs each policy alone, so it refuses the control before running anything.
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-sweep-matched-'));
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ base: { hours: 2 }, grid: { policy: ['cenas', 'fixed:matched'] } }));
    const swept = await run(['sweep', '--config', join(dir, 'sweep.json'), '--out', join(dir, 'out'), '--workers', '0']);
    expect(swept.code).toBe(2);
    expect(swept.stderr.trim().split('\n')).toHaveLength(1);
    expect(swept.stderr).toMatch(/\(run \{"policy":"fixed:matched"\}\): policy fixed:matched runs in `simulate` only/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
