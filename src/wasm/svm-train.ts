/**
 * SMO training in the WebAssembly core: the same algorithm as `trainSvm` in
 * src/lamoo/svm-train.ts (solver: src/lamoo/smo-solver.ts), operation for operation, so the models are bit-identical (a
 * differential test checks it); the core is several times faster on the SMO loop.
 */

import type { SvmModel } from '../../spec/index.js';
import { libsvmProblem, maxIterationsOf, modelFromSolution, type SvmTrainingOptions, type TrainedSvm, trainingKernel } from '../lamoo/svm-train.js';
import { check, withBlocks } from './kernels.js';

const KERNEL_CODES = { linear: 0, poly: 1, rbf: 2 } as const;

export function trainSvmCore(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): SvmModel {
  return trainSvmCoreCounted(features, n, dim, labels, options).model;
}

/** `trainSvmCore`, also saying how many SMO iterations it took (libsvm's `n_iter_`). */
export function trainSvmCoreCounted(
  features: Float64Array,
  n: number,
  dim: number,
  labels: Int8Array,
  options: SvmTrainingOptions,
): TrainedSvm {
  const parameters = trainingKernel(features, n, dim, labels, options);
  const problem = libsvmProblem(features, n, dim, labels);
  const maxIterations = maxIterationsOf(n, options);
  const packed = [KERNEL_CODES[parameters.kernel], parameters.gamma, parameters.coef0, parameters.degree, options.c, options.tolerance, maxIterations];
  const { alpha, rho, iterations } = withBlocks(
    [[n * dim, 8], [n, 8], [packed.length, 8], [n, 8], [2, 8]],
    (core, [featuresPtr, labelsPtr, parametersPtr, alphaPtr, resultPtr]) => {
      new Float64Array(core.memory.buffer, featuresPtr, n * dim).set(problem.features);
      new Float64Array(core.memory.buffer, labelsPtr, n).set(problem.labels);
      new Float64Array(core.memory.buffer, parametersPtr, packed.length).set(packed);
      check(core.svm_train(featuresPtr!, n, dim, labelsPtr!, parametersPtr!, alphaPtr!, resultPtr!), 'svm_train');
      const result = new Float64Array(core.memory.buffer, resultPtr, 2);
      return { alpha: new Float64Array(core.memory.buffer, alphaPtr, n).slice(), rho: result[0]!, iterations: result[1]! };
    },
  );
  return { model: modelFromSolution(problem, dim, labels, alpha, rho, parameters), iterations };
}
