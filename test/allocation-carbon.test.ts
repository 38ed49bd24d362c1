import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllocationRule,
  chargedPowerW,
  emissionsKg,
  energyKwh,
  intensityIntegral,
  type IntensitySteps,
  REFERENCE_ALLOCATION_RULE,
  samplingShare,
  splitGpus,
} from '../spec/index.js';
import { loadBuiltinTrace } from '../src/carbon/builtin-traces.js';

describe('GPU allocation', () => {
  it('should move GPUs to sampling as intensity rises, clamped to [0, 1]', () => {
    expect(samplingShare(100, 100, 300)).toBe(0);
    expect(samplingShare(200, 100, 300)).toBe(0.5);
    expect(samplingShare(300, 100, 300)).toBe(1);
    expect(samplingShare(50, 100, 300)).toBe(0);
    expect(samplingShare(400, 100, 300)).toBe(1);
  });

  it('should give all GPUs to evaluation when the window is flat (Cmax = Cmin)', () => {
    expect(samplingShare(250, 250, 250)).toBe(0);
    expect(splitGpus(8, samplingShare(250, 250, 250))).toEqual({ samplingGpus: 0, evaluationGpus: 8 });
  });

  it('should round half up: 8 GPUs at λs = 0.5, 0.3125, 0.0625', () => {
    expect(splitGpus(8, 0.5)).toEqual({ samplingGpus: 4, evaluationGpus: 4 });
    expect(splitGpus(8, 0.3125)).toEqual({ samplingGpus: 3, evaluationGpus: 5 }); // 2.5 → 3
    expect(splitGpus(8, 0.0625)).toEqual({ samplingGpus: 1, evaluationGpus: 7 }); // 0.5 → 1
  });

  it('should round as the reference code: ge = max(⌊Gt·(1 − λs)⌋, 1)', () => {
    const reference = REFERENCE_ALLOCATION_RULE;
    // 8 · 0.5 = 4 evaluate; 8 · 0.6875 = 5.5 → 5 evaluate, 3 sample (half up would give 2.5 → 3 sample too);
    // 8 · 0.9375 = 7.5 → 7 evaluate (half up: 0.5 → 1 sample, the same), 8 · 0.8 = 6.4 → 6 (half up: 1.6 → 2 sample, the same).
    expect(splitGpus(8, 0.5, reference)).toEqual({ samplingGpus: 4, evaluationGpus: 4 });
    expect(splitGpus(8, 0.3125, reference)).toEqual({ samplingGpus: 3, evaluationGpus: 5 });
    // Where the two differ: 8 · 0.95 = 7.6 evaluate → 7 (1 samples); half up: 0.4 → 0 sample.
    expect(splitGpus(8, 0.05, reference)).toEqual({ samplingGpus: 1, evaluationGpus: 7 });
    expect(splitGpus(8, 0.05)).toEqual({ samplingGpus: 0, evaluationGpus: 8 });
    // The minimum: at λs = 1 one GPU still evaluates; with one GPU it never samples.
    expect(splitGpus(8, 1, reference)).toEqual({ samplingGpus: 7, evaluationGpus: 1 });
    expect(splitGpus(1, 1, reference)).toEqual({ samplingGpus: 0, evaluationGpus: 1 });
    expect(splitGpus(8, 0, reference)).toEqual({ samplingGpus: 0, evaluationGpus: 8 });
    // A minimum above the total gives every GPU to evaluation; none with zero GPUs.
    expect(splitGpus(3, 1, { rounding: 'reference', minEvaluationGpus: 5 })).toEqual({ samplingGpus: 0, evaluationGpus: 3 });
    expect(splitGpus(0, 1, reference)).toEqual({ samplingGpus: 0, evaluationGpus: 0 });
    // The minimum applies to the nearest rounding too.
    expect(splitGpus(8, 1, { rounding: 'nearest', minEvaluationGpus: 2 })).toEqual({ samplingGpus: 6, evaluationGpus: 2 });
    expect(() => splitGpus(8, 0.5, { rounding: 'reference', minEvaluationGpus: -1 })).toThrow(/minimum of evaluation GPUs/);
  });

  const rules: AllocationRule[] = [
    REFERENCE_ALLOCATION_RULE,
    { rounding: 'nearest', minEvaluationGpus: 0 },
    { rounding: 'reference', minEvaluationGpus: 0 },
    { rounding: 'nearest', minEvaluationGpus: 3 },
  ];

  it('should conserve the GPUs, keep the minimum and stay monotone under every rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 64 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...rules),
        (gpus, a, b, rule) => {
          const [lower, higher] = a <= b ? [a, b] : [b, a];
          const split = splitGpus(gpus, lower, rule);
          expect(split.samplingGpus + split.evaluationGpus).toBe(gpus);
          expect(split.samplingGpus).toBeGreaterThanOrEqual(0);
          expect(split.evaluationGpus).toBeGreaterThanOrEqual(Math.min(gpus, rule.minEvaluationGpus));
          expect(splitGpus(gpus, higher, rule).samplingGpus).toBeGreaterThanOrEqual(split.samplingGpus);
        },
      ),
    );
  });

  const window = fc
    .tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

  it('should always conserve the GPUs and stay within bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 512 }), window, fc.double({ min: 0, max: 2000, noNaN: true }), (gpus, [low, high], current) => {
        const share = samplingShare(current, low, high);
        const split = splitGpus(gpus, share);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
        expect(split.samplingGpus + split.evaluationGpus).toBe(gpus);
        expect(split.samplingGpus).toBeGreaterThanOrEqual(0);
        expect(split.evaluationGpus).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('should never give fewer sampling GPUs at a higher intensity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        window,
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (gpus, [low, high], a, b) => {
          const [lower, higher] = a <= b ? [a, b] : [b, a];
          expect(splitGpus(gpus, samplingShare(higher, low, high)).samplingGpus).toBeGreaterThanOrEqual(
            splitGpus(gpus, samplingShare(lower, low, high)).samplingGpus,
          );
        },
      ),
    );
  });

  it('should reject bad inputs', () => {
    expect(() => samplingShare(Number.NaN, 0, 1)).toThrow(/current intensity/);
    expect(() => samplingShare(1, 2, 1)).toThrow(/below its minimum/);
    expect(() => splitGpus(2.5, 0.5)).toThrow(/integer/);
    expect(() => splitGpus(8, 1.5)).toThrow(/\[0, 1\]/);
  });
});

describe('carbon accounting', () => {
  const hourly: IntensitySteps = { timesS: [0, 3600, 7200], intensityGPerKwh: [100, 200, 50], endS: 10_800 };

  it('should integrate exactly across row boundaries: 1 kW for [0.5 h, 1.5 h] at 100 then 200 g/kWh is 0.15 kg', () => {
    expect(intensityIntegral(hourly, 1800, 5400)).toBe(100 * 1800 + 200 * 1800);
    expect(emissionsKg(hourly, 1800, 5400, 1000)).toBeCloseTo(0.15, 15);
    expect(energyKwh(1000, 3600)).toBe(1);
    expect(energyKwh(300, 3600, 1.5)).toBeCloseTo(0.45, 15);
  });

  it('should be additive over split intervals (exactly on whole seconds)', () => {
    const times = fc
      .tuple(fc.integer({ min: 0, max: 10_800 }), fc.integer({ min: 0, max: 10_800 }), fc.integer({ min: 0, max: 10_800 }))
      .map((t) => t.sort((x, y) => x - y));
    fc.assert(
      fc.property(times, ([a, b, c]) => {
        expect(intensityIntegral(hourly, a!, c!)).toBe(intensityIntegral(hourly, a!, b!) + intensityIntegral(hourly, b!, c!));
      }),
    );
  });

  it('should be additive on a real 15-minute trace with gaps and monotone in time and power', () => {
    const trace = loadBuiltinTrace('DE:2020');
    const start = trace.timesS[0]!;
    const span = trace.endS - start;
    const points = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(points, fc.double({ min: 0, max: 1000, noNaN: true }), ([x, y, z], powerW) => {
        const [a, b, c] = [x, y, z].map((u) => start + u * span).sort((p, q) => p - q) as [number, number, number];
        const whole = emissionsKg(trace, a, c, powerW);
        const parts = emissionsKg(trace, a, b, powerW) + emissionsKg(trace, b, c, powerW);
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1e-12 * Math.max(1, whole));
        expect(emissionsKg(trace, a, c, powerW)).toBeGreaterThanOrEqual(emissionsKg(trace, a, b, powerW));
        expect(emissionsKg(trace, a, c, powerW + 1)).toBeGreaterThanOrEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  it('should reject intervals outside the trace and bad power', () => {
    expect(() => intensityIntegral(hourly, -1, 10)).toThrow(/outside the trace/);
    expect(() => intensityIntegral(hourly, 10, 5)).toThrow(/start ≤ end/);
    expect(() => emissionsKg(hourly, 0, 10, -5)).toThrow(/power/);
    expect(() => energyKwh(100, 10, 0.9)).toThrow(/PUE/);
  });
});

describe('charged power by accounting mode', () => {
  const power = { busyW: 300, idleW: 40, pue: 1.25 };

  it('should charge busy GPUs at P_busy and idle ones at P_idle, times PUE, in all-gpu-time', () => {
    expect(chargedPowerW('training', 'all-gpu-time', power)).toBe(375);
    expect(chargedPowerW('sampling', 'all-gpu-time', power)).toBe(375);
    expect(chargedPowerW('idle', 'all-gpu-time', power)).toBe(50);
  });

  it('should charge only training, at 1 kW and without PUE, in reference-code', () => {
    expect(chargedPowerW('training', 'reference-code', power)).toBe(1000);
    expect(chargedPowerW('sampling', 'reference-code', power)).toBe(0);
    expect(chargedPowerW('idle', 'reference-code', power)).toBe(0);
    // The supernet trains at busy power; the reference code charges nothing for it.
    expect(chargedPowerW('supernet', 'all-gpu-time', power)).toBe(375);
    expect(chargedPowerW('supernet', 'reference-code', power)).toBe(0);
  });

  it('should be monotone in the power settings and never charge idle above busy when P_idle ≤ P_busy', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (a, b, pue) => {
          const [idleW, busyW] = a <= b ? [a, b] : [b, a];
          const settings = { busyW, idleW, pue };
          expect(chargedPowerW('idle', 'all-gpu-time', settings)).toBeLessThanOrEqual(chargedPowerW('training', 'all-gpu-time', settings));
          expect(chargedPowerW('training', 'all-gpu-time', { ...settings, busyW: busyW + 1 })).toBeGreaterThan(
            chargedPowerW('training', 'all-gpu-time', settings),
          );
        },
      ),
    );
  });
});
