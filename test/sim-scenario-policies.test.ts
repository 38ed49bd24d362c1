import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import { intensityAt } from '../src/carbon/trace.js';
import { parseTraceCsv } from '../src/carbon/trace-csv.js';
import { InputError } from '../src/errors.js';
import { Random } from '../src/random.js';
import {
  builtinPolicy,
  cenasPolicy,
  fixedPolicy,
  loadPolicyModule,
  oneshotPolicy,
  type PolicyContext,
  randomPolicy,
  vanillaPolicy,
  windowBounds,
} from '../src/sim/policies.js';
import { parseScenario, parseWindow } from '../src/sim/scenario.js';

// Hourly intensities 100, 400, 200, 300, 50 from 2021-01-01T00:00Z.
const trace = parseTraceCsv(['t,ci', ...[100, 400, 200, 300, 50].map((value, hour) => `2021-01-01T0${hour}:00:00Z,${value}`)].join('\n'), 'five-hours.csv');
const carbon = new CarbonIntegrator(trace);
const t0 = trace.timesS[0]!;
const context = (hour: number, searchHours: readonly [number, number] = [0, 4]): PolicyContext => ({
  timeS: t0 + hour * 3600,
  intensityGPerKwh: intensityAt(trace, t0 + hour * 3600),
  searchStartS: t0 + searchHours[0] * 3600,
  searchEndS: t0 + searchHours[1] * 3600,
  carbon,
  random: new Random(1),
});

describe('scenario settings', () => {
  it('should default every parameter to MODEL.md’s value', () => {
    const scenario = parseScenario({}, 'defaults');
    expect(scenario).toMatchObject({
      gpus: 8,
      hours: 40,
      start: '2021-07-02T06:00:00Z',
      trace: 'US-CAL-CISO:2021-2022',
      seed: 0,
      epochHours: 1,
      window: { kind: 'reference' },
      allocation: { rounding: 'reference', minEvaluationGpus: 1 },
      power: { gpu: 'V100-SXM2', pue: 1.58 },
      accounting: 'all-gpu-time',
      initialSamples: 10,
      sampling: { estimate: 'noisy', noisyKendallTau: 0.7, costScale: 1, queueCapacity: 10, supernetTrainingGpuHours: 8007.13 / 3600 },
      training: { resumeOverheadS: 0 },
      lamoo: { cp: 30, leafSize: 10, maxDepth: 3, kernel: 'poly', splitBy: 'labels', selection: 'leaf', excludeTwins: false },
    });
  });

  it('should name every bad setting, unknown keys included', () => {
    let message = '';
    try {
      parseScenario({ gpus: 0, start: '2021-07-02T06:00:00', power: { pue: 0.5 }, lamoo: { kernal: 'rbf' }, extra: true }, 'cfg.json');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^cfg\.json: invalid scenario: /);
    expect(message).toMatch(/gpus: Too small/);
    expect(message).toMatch(/start: expected an ISO-8601 timestamp with a zone/);
    expect(message).toMatch(/power\.pue: Too small/);
    expect(message).toMatch(/lamoo: Unrecognized key: "kernal"/);
    expect(message).toMatch(/\(top level\): Unrecognized key: "extra"/);
  });

  it('should parse windows from text and reject malformed ones', () => {
    expect(parseWindow('remaining')).toEqual({ kind: 'remaining' });
    expect(parseWindow('reference')).toEqual({ kind: 'reference' });
    expect(parseWindow('past-year')).toEqual({ kind: 'trailing', hours: 8760 });
    expect(parseWindow('trailing:24')).toEqual({ kind: 'trailing', hours: 24 });
    expect(parseWindow('forecast:6.5')).toEqual({ kind: 'forecast', hours: 6.5 });
    for (const bad of ['trailing', 'forecast:-1', 'search:3', 'tomorrow', 'trailing:1:2']) expect(() => parseWindow(bad)).toThrow(/window: expected/);
  });
});

describe('allocation policies', () => {
  it('should give the baselines their fixed shares', () => {
    expect(vanillaPolicy.samplingShare(context(1))).toBe(0);
    expect(oneshotPolicy.samplingShare(context(1))).toBe(1);
    expect(fixedPolicy(0.25).samplingShare(context(1))).toBe(0.25);
    expect(() => fixedPolicy(1.5)).toThrow(/\[0, 1\]/);
  });

  it('should draw the random share from the seeded generator', () => {
    const reference = new Random(1);
    const shared = context(1);
    const draws = [randomPolicy.samplingShare(shared), randomPolicy.samplingShare(shared)];
    expect(draws).toEqual([reference.float(), reference.float()]);
    expect(draws[0]).not.toBe(draws[1]);
  });

  it('should place the current intensity within the remaining search (foresight)', () => {
    // At hour 1 (400), remaining hours 1–3 hold 400, 200, 300: λs = (400 − 200) / (400 − 200) = 1.
    expect(cenasPolicy({ kind: 'remaining' }).samplingShare(context(1))).toBe(1);
    // At hour 2 (200), remaining 200, 300: λs = 0.
    expect(cenasPolicy({ kind: 'remaining' }).samplingShare(context(2))).toBe(0);
    // Over the whole search 100..400: hour 3 (300) gives 2/3.
    expect(cenasPolicy({ kind: 'search' }).samplingShare(context(3))).toBeCloseTo(2 / 3, 15);
  });

  it('should fix the reference window once, from the search start to the end of the trace (the reference code)', () => {
    // Search from hour 1 to 3; the trace runs on to hour 5: rows 1–4 hold 400, 200, 300, 50.
    const search = [1, 3] as const;
    const reference = cenasPolicy({ kind: 'reference' });
    expect(reference.samplingShare(context(2, search))).toBeCloseTo((200 - 50) / (400 - 50), 15);
    expect(reference.samplingShare(context(3, search))).toBeCloseTo((300 - 50) / (400 - 50), 15);
    // The search-only window misses the 50 after the search: at hour 2, 200 is its minimum.
    expect(cenasPolicy({ kind: 'search' }).samplingShare(context(2, search))).toBe(0);
    expect(windowBounds({ kind: 'reference' }, context(2, search))).toEqual({ fromS: t0 + 3600, toS: trace.endS });
  });

  it('should look only backwards with a trailing window and only forwards with a forecast', () => {
    // Trailing 2 h at hour 2: rows 0–2 (100, 400, 200) → (200 − 100) / 300.
    expect(cenasPolicy({ kind: 'trailing', hours: 2 }).samplingShare(context(2))).toBeCloseTo(1 / 3, 15);
    // Forecast 2 h at hour 2: rows 2–3 (200, 300) → 0.
    expect(cenasPolicy({ kind: 'forecast', hours: 2 }).samplingShare(context(2))).toBe(0);
    // At the start a trailing window holds only the current row: flat, so λs = 0.
    expect(cenasPolicy({ kind: 'trailing', hours: 24 }).samplingShare(context(0))).toBe(0);
    const bounds = windowBounds({ kind: 'forecast', hours: 100 }, context(3));
    expect(bounds.toS).toBe(trace.endS);
  });

  it('should resolve built-in names and report unknown ones', () => {
    expect(builtinPolicy('cenas', { kind: 'remaining' }).name).toBe('cenas(remaining)');
    expect(builtinPolicy('fixed:0.5', { kind: 'remaining' }).samplingShare(context(0))).toBe(0.5);
    expect(() => builtinPolicy('greedy', { kind: 'remaining' })).toThrow(/unknown policy 'greedy'/);
  });

  it('should load a user policy module and reject one without the interface', async () => {
    const dir = fileURLToPath(new URL('./fixtures/policies', import.meta.url));
    const policy = await loadPolicyModule('half.mjs', dir);
    expect(policy.name).toBe('half');
    expect(policy.samplingShare(context(0))).toBe(0.5);
    await expect(loadPolicyModule('broken.mjs', dir)).rejects.toThrow(/default export must be/);
    await expect(loadPolicyModule('missing.mjs', dir)).rejects.toThrow(/policy module missing\.mjs: cannot load/);
  });
});
