import { dominanceNumbers, goodBadLabels } from '../../../spec/index.js';
import { pointSetArgs } from './point-sets.js';
import { type ConformanceFunction, maximiseArg, pointsArg } from './types.js';

export const labels: ConformanceFunction = {
  name: 'labels',
  description: 'LaMOO dominance numbers and good (+1) / bad (−1) labels of samples: { dominanceNumbers, labels }',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const points = pointsArg(args);
    const maximise = maximiseArg(args);
    return { dominanceNumbers: Array.from(dominanceNumbers(points, maximise)), labels: Array.from(goodBadLabels(points, maximise)) };
  },
  fixed: [
    {
      points: [
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
      ],
      dim: 2,
    },
    {
      points: [
        [1, 1],
        [1, 1],
        [2, 0],
        [0, 2],
        [3, 3],
      ],
      dim: 2,
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
  ],
  arbitrary: pointSetArgs(20, false),
};
