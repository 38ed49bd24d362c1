import fc from 'fast-check';
import { dominates, strictlyDominates, weaklyDominates } from '../../../spec/index.js';
import { extremeDouble } from '../arbitraries.js';
import { type ConformanceFunction, objectiveOptions } from './types.js';

export const dominance: ConformanceFunction = {
  name: 'dominance',
  description: 'weak, Pareto and strict dominance of a over b: { weakly, pareto, strictly }',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const [a, b] = [args.a as number[], args.b as number[]];
    const options = objectiveOptions(args);
    return { weakly: weaklyDominates(a, b, options), pareto: dominates(a, b, options), strictly: strictlyDominates(a, b, options) };
  },
  fixed: [
    { a: [1, 2], b: [1, 2] },
    { a: [1, 2], b: [1, 3] },
    { a: [0, 2], b: [1, 3] },
    { a: [-0, 1], b: [0, 1] },
    { a: [2, 1], b: [1, 2] },
    { a: [3, 1], b: [2, 1], maximise: [true, false] },
    { a: [5e-324, -1e300], b: [0, 1e300] },
  ],
  arbitrary: fc.integer({ min: 1, max: 4 }).chain((dim) => {
    const vector = fc.array(fc.oneof(fc.integer({ min: 0, max: 2 }), fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }), extremeDouble), {
      minLength: dim,
      maxLength: dim,
    });
    return fc.record({ a: vector, b: vector, maximise: fc.array(fc.boolean(), { minLength: dim, maxLength: dim }) }, { requiredKeys: ['a', 'b'] });
  }),
};
