import { hypervolume as specHypervolume } from '../../../spec/index.js';
import { pointSetArgs } from './point-sets.js';
import { type ConformanceFunction, objectiveOptions, pointsArg, SQRT_EPSILON } from './types.js';

export const hypervolume: ConformanceFunction = {
  name: 'hypervolume',
  description: 'hypervolume of the points with respect to the reference point (an error when it overflows)',
  tolerance: { kind: 'relative', value: SQRT_EPSILON },
  reference: (args) => specHypervolume(pointsArg(args), args.reference as number[], objectiveOptions(args)),
  fixed: [
    { points: [], dim: 2, reference: [1, 1] },
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
      ],
      dim: 2,
      reference: [2, 2],
    },
    {
      points: [
        [2, 2],
        [3, 1],
      ],
      dim: 2,
      reference: [2, 3],
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
    { points: [[1]], dim: 1, reference: [3] },
    {
      points: [
        [93.1, 20.5],
        [91, 12.2],
      ],
      dim: 2,
      reference: [0, 60.7],
      maximise: [true, false],
    },
    { points: [[5e-324, 5e-324]], dim: 2, reference: [1e-300, 1] },
    { points: [[-1e300, -1e300]], dim: 2, reference: [1e300, 1e300] },
  ],
  arbitrary: pointSetArgs(25, true),
};
