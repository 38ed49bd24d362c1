import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargedPowerW, emissionsKg, energyKwh, intensityIntegral, type IntensitySteps, samplingShare, splitGpus } from '../spec/index.js';
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
      fc.property(fc.integer({ min: 1, max: 64 }), window, fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }), (gpus, [low, high], a, b) => {
        const [lower, higher] = a <= b ? [a, b] : [b, a];
        expect(splitGpus(gpus, samplingShare(higher, low, high)).samplingGpus).toBeGreaterThanOrEqual(
          splitGpus(gpus, samplingShare(lower, low, high)).samplingGpus,
        );
      }),
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
    const times = fc.tuple(fc.integer({ min: 0, max: 10_800 }), fc.integer({ min: 0, max: 10_800 }), fc.integer({ min: 0, max: 10_800 })).map((t) => t.sort((x, y) => x - y));
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
  });

  it('should be monotone in the power settings and never charge idle above busy when P_idle ≤ P_busy', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true }), (a, b, pue) => {
        const [idleW, busyW] = a <= b ? [a, b] : [b, a];
        const settings = { busyW, idleW, pue };
        expect(chargedPowerW('idle', 'all-gpu-time', settings)).toBeLessThanOrEqual(chargedPowerW('training', 'all-gpu-time', settings));
        expect(chargedPowerW('training', 'all-gpu-time', { ...settings, busyW: busyW + 1 })).toBeGreaterThan(chargedPowerW('training', 'all-gpu-time', settings));
      }),
    );
  });
});
