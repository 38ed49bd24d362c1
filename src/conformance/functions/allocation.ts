import fc from 'fast-check';
import { NEAREST_ALLOCATION_RULE, samplingShare, type SplitRounding, splitGpus } from '../../../spec/index.js';
import type { ConformanceFunction } from './types.js';

export const allocation: ConformanceFunction = {
  name: 'allocation',
  description: 'CE-NAS λs from the current intensity and the window extremes, and the GPU split',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const share = samplingShare(args.currentGPerKwh as number, args.minGPerKwh as number, args.maxGPerKwh as number);
    // Without `rounding`, half-up rounding and no minimum (the protocol's first version).
    const rule =
      args.rounding === undefined
        ? NEAREST_ALLOCATION_RULE
        : { rounding: args.rounding as SplitRounding, minEvaluationGpus: (args.minEvaluationGpus as number | undefined) ?? 0 };
    return { samplingShare: share, ...splitGpus(args.totalGpus as number, share, rule) };
  },
  fixed: [
    { currentGPerKwh: 150, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 200, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 125, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 50, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 400, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8 },
    { currentGPerKwh: 200, minGPerKwh: 200, maxGPerKwh: 200, totalGpus: 8 },
    { currentGPerKwh: 131.25, minGPerKwh: 100, maxGPerKwh: 200, totalGpus: 8 },
    { currentGPerKwh: 0, minGPerKwh: 0, maxGPerKwh: 1, totalGpus: 0 },
    // The reference code's rule: ge = max(⌊G·(1 − λs)⌋, 1).
    { currentGPerKwh: 300, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8, rounding: 'reference', minEvaluationGpus: 1 },
    { currentGPerKwh: 110, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8, rounding: 'reference', minEvaluationGpus: 1 },
    { currentGPerKwh: 237.5, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 8, rounding: 'reference', minEvaluationGpus: 0 },
    { currentGPerKwh: 300, minGPerKwh: 100, maxGPerKwh: 300, totalGpus: 3, rounding: 'nearest', minEvaluationGpus: 5 },
  ],
  arbitrary: fc
    .record({
      a: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1000, noNaN: true })),
      b: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1000, noNaN: true })),
      currentGPerKwh: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 1000, noNaN: true })),
      totalGpus: fc.integer({ min: 0, max: 64 }),
      rule: fc.option(fc.record({ rounding: fc.constantFrom('reference', 'nearest'), minEvaluationGpus: fc.integer({ min: 0, max: 3 }) }), { nil: undefined }),
    })
    .map(({ a, b, currentGPerKwh, totalGpus, rule }) => ({
      currentGPerKwh,
      minGPerKwh: Math.min(a, b),
      maxGPerKwh: Math.max(a, b),
      totalGpus,
      ...(rule ?? {}),
    })),
};
