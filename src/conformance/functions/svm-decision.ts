import fc from 'fast-check';
import { decisionValue } from '../../../spec/index.js';
import { type ConformanceFunction, rowsArg } from './types.js';

export interface ModelArgs {
  readonly kernel: 'linear' | 'poly' | 'rbf';
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
  readonly supportVectors: number[][];
  readonly dualCoef: number[];
  readonly intercept: number;
}

export const svmDecision: ConformanceFunction = {
  name: 'svmDecision',
  description: 'decision value Σ dualCoef_i K(sv_i, x) + intercept of a C-SVC at each point (kernels as in spec/svm.ts)',
  tolerance: { kind: 'relative', value: 1e-12 },
  reference: (args) => {
    const model = args.model as ModelArgs;
    const dim = rowsArg(args)[0]?.length ?? model.supportVectors[0]?.length ?? 1;
    const svm = { ...model, dim, supportVectors: Float64Array.from(model.supportVectors.flat()), dualCoef: Float64Array.from(model.dualCoef) };
    return rowsArg(args).map((x) => decisionValue(svm, x));
  },
  fixed: [
    {
      model: {
        kernel: 'linear',
        gamma: 1,
        coef0: 0,
        degree: 1,
        supportVectors: [
          [0.1, 0.9],
          [0.9, 0.1],
        ],
        dualCoef: [1, -1],
        intercept: 0.5,
      },
      points: [
        [0.5, 0.5],
        [0.1, 0.1],
      ],
    },
    {
      model: { kernel: 'poly', gamma: 2.5, coef0: 0, degree: 4, supportVectors: [[0.1, 0.3, 0.5]], dualCoef: [-0.75], intercept: 0.1 },
      points: [
        [0.9, 0.7, 0.5],
        [0.1, 0.1, 0.1],
      ],
    },
    {
      model: {
        kernel: 'rbf',
        gamma: 3,
        coef0: 0,
        degree: 3,
        supportVectors: [
          [0.1, 0.9],
          [0.5, 0.5],
        ],
        dualCoef: [1, -0.5],
        intercept: -0.2,
      },
      points: [
        [0.3, 0.7],
        [0.9, 0.9],
      ],
    },
  ],
  arbitrary: fc.integer({ min: 1, max: 6 }).chain((dim) => {
    const coordinate = fc.oneof(fc.constantFrom(0.1, 0.3, 0.5, 0.7, 0.9), fc.double({ min: -1, max: 1, noNaN: true }));
    const vector = fc.array(coordinate, { minLength: dim, maxLength: dim });
    return fc.record({
      model: fc
        .record({
          kernel: fc.constantFrom('linear', 'poly', 'rbf'),
          gamma: fc.double({ min: 0.01, max: 5, noNaN: true }),
          coef0: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 1, noNaN: true })),
          degree: fc.integer({ min: 1, max: 5 }),
          supportVectors: fc.array(vector, { minLength: 1, maxLength: 8 }),
          dualCoef: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
          intercept: fc.double({ min: -1, max: 1, noNaN: true }),
        })
        .map((model) => ({ ...model, dualCoef: model.dualCoef.slice(0, model.supportVectors.length) })),
      points: fc.array(vector, { minLength: 1, maxLength: 6 }),
    });
  }),
};
