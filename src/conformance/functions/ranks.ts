import { paretoRanks } from '../../../spec/index.js';
import { pointSetArgs } from './point-sets.js';
import { type ConformanceFunction, objectiveOptions, pointsArg } from './types.js';

export const ranks: ConformanceFunction = {
  name: 'ranks',
  description: 'Pareto rank of each point (0 = non-dominated), in input order',
  tolerance: { kind: 'exact' },
  reference: (args) => Array.from(paretoRanks(pointsArg(args), objectiveOptions(args))),
  fixed: [
    { points: [], dim: 2 },
    { points: [[1, 1]], dim: 2 },
    {
      points: [
        [1, 1],
        [1, 1],
        [2, 2],
      ],
      dim: 2,
    },
    {
      points: [
        [3, 3],
        [1, 1],
        [2, 2],
      ],
      dim: 2,
    },
    {
      points: [
        [1, 2],
        [2, 1],
        [2, 2],
        [3, 3],
      ],
      dim: 2,
    },
    {
      points: [
        [1, 2, 3],
        [3, 2, 1],
        [2, 2, 2],
        [4, 4, 4],
      ],
      dim: 3,
    },
    {
      points: [
        [93, 20],
        [91, 12],
        [90, 30],
      ],
      dim: 2,
      maximise: [true, false],
    },
    {
      points: [
        [1e300, -1e300],
        [5e-324, 0],
        [-0, 0],
      ],
      dim: 2,
    },
  ],
  arbitrary: pointSetArgs(30, false),
};
