/**
 * Learned policies: features that cannot see the future (shuffle it: same values), the
 * policy's formula on a hand-computed case, the optimiser on a known minimum, and
 * `ce-nas train-policy` end to end on a tiny config.
 */

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import type { CarbonTrace } from '../src/carbon/trace.js';
import { crossEntropyMinimize } from '../src/learn/cem.js';
import { EvaluationPool } from '../src/learn/evaluate.js';
import { runSearch } from '../src/sim/engine.js';
import { type PolicyContext, vanillaPolicy } from '../src/sim/policies.js';
import { parseScenario } from '../src/sim/scenario.js';
import { setUpSimulation } from '../src/sim/setup.js';
import { summarizeRun } from '../src/sim/summary.js';
import { feature, FEATURE_NAMES } from '../src/learn/features.js';
import { linearPolicy } from '../src/learn/learned-policy.js';
import { Random } from '../src/random.js';
import { runCliCaptured as run } from './support/run-cli.js';

const HOUR_S = 3600;
const ROWS = 24 * 10;

function trace(values: readonly number[]): CarbonTrace {
  return {
    name: 'hand',
    timesS: Float64Array.from(values, (_, k) => k * HOUR_S),
    intensityGPerKwh: Float64Array.from(values),
    endS: values.length * HOUR_S,
  } as CarbonTrace;
}

function contextAt(values: readonly number[], timeS: number): PolicyContext {
  const carbon = new CarbonIntegrator(trace(values));
  const row = Math.floor(timeS / HOUR_S);
  return {
    timeS,
    intensityGPerKwh: values[row]!,
    searchStartS: 0,
    searchEndS: ROWS * HOUR_S,
    carbon,
    random: new Random(0),
    search: { trainings: 12, hvNormalized: 0.8, queued: 3, queueCapacity: 10 },
  };
}

describe('learned-policy features', () => {
  const random = new Random(7);
  const values = Array.from({ length: ROWS }, () => 50 + Math.floor(random.float() * 400));

  it('should not change when the future is shuffled', () => {
    for (const hour of [0, 5, 30, 100, 170, 200]) {
      const timeS = hour * HOUR_S + 1200;
      const shuffled = [...values];
      // Fisher–Yates over the rows after the one in force.
      for (let k = shuffled.length - 1; k > hour + 1; k--) {
        const j = hour + 1 + random.int(k - hour);
        [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
      }
      expect(shuffled.slice(hour + 1)).not.toEqual(values.slice(hour + 1));
      for (const name of FEATURE_NAMES) expect(feature(name, contextAt(shuffled, timeS)), name).toBe(feature(name, contextAt(values, timeS)));
    }
  });

  it('should compute each feature as documented on a hand-made day', () => {
    // Hours 0–23 at 100..123, then hour 24 at 111.5: 12 of the 25 rows below, itself equal.
    const day = [...Array.from({ length: 24 }, (_, k) => 100 + k), 111.5, 90];
    const context = contextAt(day, 24 * HOUR_S);
    expect(feature('percentile24h', context)).toBeCloseTo(12.5 / 25, 12);
    const mean = day.slice(0, 25).reduce((a, b) => a + b, 0) / 25;
    expect(feature('relativeToMean24h', context)).toBeCloseTo((111.5 - mean) / mean, 12);
    // Yesterday's next 6 hours: 101..106, mean 103.5.
    expect(feature('seasonalSlope6h', context)).toBeCloseTo(103.5 / 111.5 - 1, 12);
    expect(feature('hvNormalized', context)).toBe(0.8);
    expect(feature('queueFill', context)).toBeCloseTo(0.3, 12);
    expect(feature('budgetUsed', context)).toBeCloseTo(24 / ROWS, 12);
  });

  it('should give λs = σ(bias + w·f)', () => {
    const day = [...Array.from({ length: 24 }, (_, k) => 100 + k), 111.5, 90];
    const policy = linearPolicy('hand', { features: ['percentile24h', 'queueFill'], weights: [2, -1], bias: 0.25 });
    expect(policy.name).toBe('learned(hand)');
    expect(policy.samplingShare(contextAt(day, 24 * HOUR_S))).toBeCloseTo(1 / (1 + Math.exp(-(0.25 + 2 * 0.5 - 0.3))), 12);
  });
});

describe('the cross-entropy method', () => {
  it('should find a quadratic minimum, the same way twice', async () => {
    const target = [1.5, -2, 0.25];
    const score = async (candidates: readonly (readonly number[])[]): Promise<number[]> =>
      candidates.map((theta) => theta.reduce((sum, value, j) => sum + (value - target[j]!) ** 2, 0));
    const settings = { population: 24, elite: 6, iterations: 25, initialStd: 2, minStd: 0.001, seed: 3 };
    const first = await crossEntropyMinimize([0, 0, 0], score, settings);
    const second = await crossEntropyMinimize([0, 0, 0], score, settings);
    expect(second.best).toEqual(first.best);
    expect(first.bestScore).toBeLessThan(1e-3);
    expect(first.evaluations).toBe(24 * 25);
    for (let k = 1; k < first.history.length; k++) expect(first.history[k]!.bestScore).toBeLessThanOrEqual(first.history[k - 1]!.bestScore);
  });
});

describe('evaluation pools', () => {
  it('should run each pool on its own scenarios, though both run in this thread', async () => {
    const short = { hours: 3, gpus: 2, lamoo: { kernel: 'rbf' }, seed: 0 };
    const germany = parseScenario({ ...short, trace: 'DE:2020', start: '2020-03-01T00:00:00Z' }, 'test');
    const france = parseScenario({ ...short, trace: 'FR:2020', start: '2020-05-01T00:00:00Z' }, 'test');
    const results = [];
    for (const scenario of [germany, france]) {
      const pool = new EvaluationPool([scenario], 1);
      results.push((await pool.run([{ scenario: 0, policies: ['vanilla'] }]))[0]![0]!.carbonKg);
      await pool.close();
    }
    const direct = [germany, france].map((scenario) => {
      const setup = setUpSimulation(scenario);
      return summarizeRun(setup, runSearch(setup, vanillaPolicy)).carbonKg;
    });
    expect(results).toEqual(direct);
    expect(results[0]).not.toBe(results[1]);
  });
});

describe('ce-nas train-policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-learn-'));
  const config = join(dir, 'train.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'tiny',
      seed: 2,
      scenario: { hours: 5, gpus: 4, lamoo: { kernel: 'rbf' } },
      train: { traces: ['DE:2020'], months: [3], startsPerTrace: 2 },
      heldOutMonths: { traces: ['DE:2020'], months: [10], startsPerTrace: 1 },
      heldOutRegion: { traces: ['FR:2020'], months: [5], startsPerTrace: 1 },
      optimizer: { population: 3, elite: 1, iterations: 2 },
    }),
  );

  it('should write a policy file that simulate runs, with its held-out comparison', async () => {
    const out = join(dir, 'policy.json');
    const trained = await run(['train-policy', '--config', config, '--out', out, '--threads', '2']);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/heldOutRegion\s+learned\(tiny\)\s+1/);
    const document = JSON.parse(readFileSync(out, 'utf8'));
    expect(document).toMatchObject({ format: 'ce-nas-learned-policy/1', name: 'tiny', features: [...FEATURE_NAMES] });
    expect(document.training.evaluations).toBe(6);
    expect(document.evaluation.heldOutMonths.policies.map((p: { policy: string }) => p.policy)).toEqual([
      'cenas(reference)',
      'vanilla',
      'random',
      'fixed(matched)',
      'forecast(ar:24)',
      'defer(ar:24)',
      'learned(tiny)',
    ]);
    const simulated = await run([
      'simulate',
      '--policy',
      `vanilla,learned:${out}`,
      '--seed',
      '0',
      '--hours',
      '3',
      '--gpus',
      '2',
      '--kernel',
      'rbf',
      '--json',
      '--out',
      join(dir, 'sim'),
    ]);
    expect(simulated.code).toBe(0);
    expect(JSON.parse(simulated.stdout).runs[1].policy).toBe('learned(tiny)');
    // A sweep runs the same policy file to the same result.
    const sweepConfig = join(dir, 'sweep.json');
    const base = { hours: 3, gpus: 2, lamoo: { kernel: 'rbf' }, seed: 0, start: '2021-07-02T06:00:00Z' };
    writeFileSync(sweepConfig, JSON.stringify({ base, grid: { policy: ['vanilla', `learned:${out}`] } }));
    const swept = await run(['sweep', '--config', sweepConfig, '--out', join(dir, 'sweep'), '--workers', '0']);
    expect(swept.code).toBe(0);
    const sweepRuns = readFileSync(join(dir, 'sweep', 'runs.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).summary);
    expect(sweepRuns[1].policy).toBe('learned(tiny)');
    expect(sweepRuns[1].carbonKg).toBe(JSON.parse(simulated.stdout).runs[1].carbonKg);
    // The file is never overwritten.
    const again = await run(['train-policy', '--config', config, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);
  });

  it('should refuse a bad config or policy file in one line, exit 2', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ name: 'x', train: { traces: [], months: [3], startsPerTrace: 1 } }));
    const bad = await run(['train-policy', '--config', join(dir, 'bad.json'), '--out', join(dir, 'never.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/train\.traces/);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    writeFileSync(
      join(dir, 'wrong-policy.json'),
      JSON.stringify({ format: 'ce-nas-learned-policy/1', name: 'w', features: ['percentile24h'], weights: [1, 2], bias: 0 }),
    );
    const wrong = await run(['simulate', '--policy', `learned:${join(dir, 'wrong-policy.json')}`, '--seed', '0', '--hours', '2']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/weights must have one value per feature/);
  });
});
