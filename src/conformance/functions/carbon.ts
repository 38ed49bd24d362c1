import fc from 'fast-check';
import { emissionsKg, energyKwh } from '../../../spec/index.js';
import type { ConformanceFunction } from './types.js';

export const carbon: ConformanceFunction = {
  name: 'carbon',
  description: 'energy (kWh) and emissions (kg) of a power draw over an interval of a piecewise-constant trace',
  tolerance: { kind: 'relative', value: 1e-9 },
  reference: (args) => {
    const steps = { timesS: args.timesS as number[], intensityGPerKwh: args.intensityGPerKwh as number[], endS: args.endS as number };
    const [startS, stopS, powerW, pue] = [args.startS as number, args.stopS as number, args.powerW as number, args.pue as number];
    return { energyKwh: energyKwh(powerW, stopS - startS, pue), carbonKg: emissionsKg(steps, startS, stopS, powerW, pue) };
  },
  fixed: [
    { timesS: [0, 3600], intensityGPerKwh: [100, 200], endS: 7200, startS: 1800, stopS: 5400, powerW: 1000, pue: 1 },
    { timesS: [0, 3600, 7200], intensityGPerKwh: [300, 0, 500], endS: 10800, startS: 0, stopS: 10800, powerW: 300, pue: 1.5 },
    { timesS: [0, 900, 1800], intensityGPerKwh: [100, 100, 400], endS: 2700, startS: 900, stopS: 900, powerW: 300, pue: 1 },
    { timesS: [0, 3600], intensityGPerKwh: [100, 200], endS: 7200, startS: 3599, stopS: 3601, powerW: 0, pue: 1 },
  ],
  arbitrary: fc
    .record({
      steps: fc.array(
        fc.record({
          lengthS: fc.integer({ min: 1, max: 7200 }),
          intensity: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 900, noNaN: true })),
        }),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
      from: fc.double({ min: 0, max: 1, noNaN: true }),
      to: fc.double({ min: 0, max: 1, noNaN: true }),
      powerW: fc.oneof(fc.constantFrom(0, 300, 1000), fc.double({ min: 0, max: 2000, noNaN: true })),
      pue: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 2, noNaN: true })),
    })
    .map(({ steps, from, to, powerW, pue }) => {
      const timesS: number[] = [];
      let t = 1_600_000_000;
      for (const step of steps) {
        timesS.push(t);
        t += step.lengthS;
      }
      const span = t - timesS[0]!;
      const [low, high] = [Math.min(from, to), Math.max(from, to)];
      return {
        timesS,
        intensityGPerKwh: steps.map((step) => step.intensity),
        endS: t,
        startS: timesS[0]! + Math.round(low * span),
        stopS: timesS[0]! + Math.round(high * span),
        powerW,
        pue,
      };
    }),
};
