/**
 * SMO training in the WebAssembly core: the same algorithm as `trainSvm` in
 * src/lamoo/svm-train.ts (solver: src/lamoo/smo-solver.ts), operation for operation, so the models are bit-identical (a
 * differential test checks it); the core is several times faster on the SMO loop.
 */

import type { SvmModel } from '../../spec/index.js';
import { modelFromSolution, type SvmTrainingOptions, trainingKernel } from '../lamoo/svm-train.js';
import { check, withBlocks } from './kernels.js';

const KERNEL_CODES = { linear: 0, poly: 1, rbf: 2 } as const;

export function trainSvmCore(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): SvmModel {
  const parameters = trainingKernel(features, n, dim, labels, options);
  const maxIterations = options.maxIterations ?? Math.max(10_000_000, 100 * n);
  const packed = [KERNEL_CODES[parameters.kernel], parameters.gamma, parameters.coef0, parameters.degree, options.c, options.tolerance, maxIterations];
  const { alpha, rho } = withBlocks(
    [[n * dim, 8], [n, 8], [packed.length, 8], [n, 8], [2, 8]],
    (core, [featuresPtr, labelsPtr, parametersPtr, alphaPtr, resultPtr]) => {
      new Float64Array(core.memory.buffer, featuresPtr, n * dim).set(features.subarray(0, n * dim));
      new Float64Array(core.memory.buffer, labelsPtr, n).set(labels);
      new Float64Array(core.memory.buffer, parametersPtr, packed.length).set(packed);
      check(core.svm_train(featuresPtr!, n, dim, labelsPtr!, parametersPtr!, alphaPtr!, resultPtr!), 'svm_train');
      const result = new Float64Array(core.memory.buffer, resultPtr, 2);
      return { alpha: new Float64Array(core.memory.buffer, alphaPtr, n).slice(), rho: result[0]! };
    },
  );
  return modelFromSolution(features, dim, labels, alpha, rho, parameters);
}
