import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emissionsKg as specEmissionsKg, intensityIntegral as specIntegral } from '../spec/index.js';
import { loadBuiltinTrace } from '../src/carbon/builtin-traces.js';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import { parseTraceCsv } from '../src/carbon/trace-csv.js';

describe('CarbonIntegrator', () => {
  it('should equal the spec integral within 1e-12 relative on real traces', () => {
    for (const name of ['US-CAL-CISO:2021', 'DE:2020', 'GB:2020']) {
      const trace = loadBuiltinTrace(name);
      const integrator = new CarbonIntegrator(trace);
      const start = trace.timesS[0]!;
      const span = trace.endS - start;
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 2000, noNaN: true }),
          (x, y, powerW) => {
            const [a, b] = [start + Math.min(x, y) * span, start + Math.max(x, y) * span];
            const expected = specIntegral(trace, a, b);
            expect(Math.abs(integrator.intensityIntegral(a, b) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, specIntegral(trace, start, trace.endS)));
            const kg = specEmissionsKg(trace, a, b, powerW, 1.2);
            expect(Math.abs(integrator.emissionsKg(a, b, powerW, 1.2) - kg)).toBeLessThanOrEqual(1e-9 * Math.max(1e-9, kg) + 1e-12);
          },
        ),
        { numRuns: 40 },
      );
    }
  });

  it('should give the window extremes of the rows in force', () => {
    const trace = parseTraceCsv('t,ci\n2021-01-01T00:00:00Z,100\n2021-01-01T01:00:00Z,300\n2021-01-01T02:00:00Z,50\n', 'w.csv');
    const integrator = new CarbonIntegrator(trace);
    const t0 = trace.timesS[0]!;
    expect(integrator.extremes(t0, t0 + 3600)).toEqual({ minGPerKwh: 100, maxGPerKwh: 100 });
    expect(integrator.extremes(t0 + 1800, t0 + 3601)).toEqual({ minGPerKwh: 100, maxGPerKwh: 300 });
    expect(integrator.extremes(t0, trace.endS)).toEqual({ minGPerKwh: 50, maxGPerKwh: 300 });
    expect(() => integrator.extremes(t0, t0)).toThrow(/must not be empty/);
    expect(integrator.intensityIntegral(t0, trace.endS)).toBe(100 * 3600 + 300 * 3600 + 50 * 3600);
  });
});
