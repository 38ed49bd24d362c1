/** The random point sets of the Pareto functions: the shared generators at conformance sizes. */

import type fc from 'fast-check';
import { anySets, type PointSet } from '../arbitraries.js';
import type { Args } from './types.js';

/** Up to 4 objectives and `maxN` points, with maximise flags; JSON-ready arguments. */
export function pointSetArgs(maxN: number, withReference: boolean): fc.Arbitrary<Args> {
  return anySets({ maxDim: 4, maxN: () => maxN, withMaximise: true }).map((set: PointSet) => {
    const args: Args = { points: set.points, dim: set.dim };
    if (withReference) args.reference = set.reference;
    if (set.maximise !== undefined) args.maximise = set.maximise;
    return args;
  });
}
