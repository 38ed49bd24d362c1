import { hypervolume, hypervolumeContributions } from '../../../spec/index.js';
import { pointSetArgs } from './point-sets.js';
import { type ConformanceFunction, objectiveOptions, pointsArg, SQRT_EPSILON } from './types.js';

export const contributions: ConformanceFunction = {
  name: 'contributions',
  description: 'exclusive hypervolume contribution of each point, HV(S) − HV(S \\ {p}) (an error when HV(S) overflows)',
  tolerance: { kind: 'relative-to-total', value: SQRT_EPSILON },
  // Each contribution is a difference of hypervolumes, exact only to rounding of HV(S).
  total: (args) => hypervolume(pointsArg(args), args.reference as number[], objectiveOptions(args)),
  reference: (args) => Array.from(hypervolumeContributions(pointsArg(args), args.reference as number[], objectiveOptions(args))),
  fixed: [
    {
      points: [
        [5, 5],
        [4, 6],
        [2, 7],
        [7, 4],
      ],
      dim: 2,
      reference: [10, 10],
    },
    {
      points: [
        [1, 1],
        [1, 1],
        [2, 0],
      ],
      dim: 2,
      reference: [3, 3],
    },
    {
      points: [
        [1, 2, 3],
        [3, 2, 1],
        [2, 2, 2],
      ],
      dim: 3,
      reference: [4, 4, 4],
    },
    {
      points: [
        [-1e300, 0],
        [0, -1e300],
      ],
      dim: 2,
      reference: [1e300, 1e300],
    },
    // Each contribution is 1e300 - 1, but HV(S) overflows: a defined error all the same.
    {
      points: [
        [0, 1],
        [1, 0],
      ],
      dim: 2,
      reference: [1e300, 1e300],
    },
  ],
  arbitrary: pointSetArgs(12, true),
};
