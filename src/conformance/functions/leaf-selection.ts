import fc from 'fast-check';
import { type LamooNode, selectLeaf } from '../../../spec/index.js';
import type { ConformanceFunction } from './types.js';

interface TreeArgs {
  readonly value: number;
  readonly samples: number;
  readonly good?: TreeArgs;
  readonly bad?: TreeArgs;
}

/** A tree as the spec's `LamooNode` (classifiers do not matter to leaf selection). */
function lamooNode(tree: TreeArgs, depth = 0): LamooNode {
  const node = { samples: Array.from({ length: tree.samples }, (_, k) => k), depth, value: tree.value };
  if (tree.good === undefined || tree.bad === undefined) return node;
  const classifier = {
    kernel: 'linear' as const,
    gamma: 1,
    coef0: 0,
    degree: 1,
    dim: 1,
    supportVectors: new Float64Array(0),
    dualCoef: new Float64Array(0),
    intercept: 0,
  };
  return { ...node, split: { classifier, good: lamooNode(tree.good, depth + 1), bad: lamooNode(tree.bad, depth + 1) } };
}

export const leafSelection: ConformanceFunction = {
  name: 'leafSelection',
  description: 'LaMOO leaf selection by UCT = value + 2·Cp·√(2 ln n_parent / n): the sides taken (true = good), ties resolved by the given choices in order',
  tolerance: { kind: 'exact' },
  reference: (args) => {
    const choices = [...((args.tieChoices as number[] | undefined) ?? [])];
    const { path } = selectLeaf(lamooNode(args.tree as TreeArgs), args.cp as number, (count) => (choices.shift() ?? 0) % count);
    return path.map((step) => step.good);
  },
  fixed: [
    { tree: { value: 5, samples: 20 }, cp: 30 },
    { tree: { value: 5, samples: 20, good: { value: 4, samples: 10 }, bad: { value: 1, samples: 10 } }, cp: 0 },
    { tree: { value: 5, samples: 20, good: { value: 4, samples: 15 }, bad: { value: 1, samples: 5 } }, cp: 30 },
    { tree: { value: 5, samples: 20, good: { value: 2, samples: 10 }, bad: { value: 2, samples: 10 } }, cp: 1, tieChoices: [1] },
    {
      tree: {
        value: 5,
        samples: 20,
        good: { value: 2, samples: 10, good: { value: 1, samples: 5 }, bad: { value: 1, samples: 5 } },
        bad: { value: 1, samples: 10 },
      },
      cp: 0,
      tieChoices: [0],
    },
  ],
  arbitrary: fc
    .letrec<{ tree: TreeArgs }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 100, noNaN: true })), samples: fc.integer({ min: 1, max: 60 }) }),
        fc.record({
          value: fc.double({ min: 0, max: 100, noNaN: true }),
          samples: fc.integer({ min: 2, max: 60 }),
          good: tie('tree'),
          bad: tie('tree'),
        }),
      ),
    }))
    .tree.chain((tree) =>
      fc.record({ tree: fc.constant(tree), cp: fc.constantFrom(0, 1, 30), tieChoices: fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 4 }) }),
    ),
};
