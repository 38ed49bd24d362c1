/**
 * A deterministic C-SVC trainer: libsvm's SMO solver (Fan, Chen & Lin 2005: second-order
 * working-set selection, the analytic two-variable update with clipping, shrinking, ρ from
 * the free support vectors), on the problem as scikit-learn hands it to libsvm
 * (`libsvmProblem`), so that it takes libsvm's path. It solves
 *   min ½ αᵀQα − eᵀα  s.t. yᵀα = 0, 0 ≤ α_i ≤ C,  Q_ij = y_i y_j K(x_i, x_j),
 * to the KKT tolerance `tolerance` (libsvm's eps) and returns the decision function in the
 * spec's form (`spec/svm.ts`). Training sets are small (hundreds), so Q is computed in full.
 * The solver is in smo-solver.ts; scikit-learn fixtures check it (test/svm-train.test.ts).
 */

import { gammaScale, type KernelName, type KernelParameters, type SvmModel } from '../../spec/index.js';
import { train } from './smo-solver.js';

export interface SvmTrainingOptions {
  readonly kernel: KernelName;
  /** A number, or 'scale' (scikit-learn's default). */
  readonly gamma: number | 'scale';
  readonly coef0: number;
  readonly degree: number;
  /** Box constraint C. */
  readonly c: number;
  /** Stopping tolerance on the maximal KKT violation (libsvm eps). */
  readonly tolerance: number;
  /** Upper bound on SMO iterations (libsvm: max(10^7, 100 n)). */
  readonly maxIterations?: number;
}

/** LaMOO's reference classifier: scikit-learn SVC(kernel='poly', degree=4, gamma='scale'), C = 1. */
export const REFERENCE_SVM_OPTIONS: SvmTrainingOptions = { kernel: 'poly', gamma: 'scale', coef0: 0, degree: 4, c: 1, tolerance: 1e-3 };

function validate(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): void {
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(dim) || dim < 1 || features.length !== n * dim) {
    throw new RangeError(`training set: need n ≥ 2 rows of dim ≥ 1 features with n × dim values, got n=${n}, dim=${dim}, ${features.length} values`);
  }
  if (labels.length !== n || labels.some((label) => label !== 1 && label !== -1)) throw new RangeError('labels must be n values of +1 or −1');
  if (!labels.includes(1) || !labels.includes(-1)) throw new RangeError('labels must contain both classes');
  if (!(options.c > 0) || !(options.tolerance > 0)) throw new RangeError('C and the tolerance must be positive');
  if (!Number.isInteger(options.degree) || options.degree < 1) throw new RangeError(`degree must be an integer ≥ 1, got ${options.degree}`);
  if (options.gamma !== 'scale' && !(options.gamma > 0)) throw new RangeError(`gamma must be positive or 'scale', got ${options.gamma}`);
}

export function trainSvm(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): SvmModel {
  return trainSvmCounted(features, n, dim, labels, options).model;
}

/** `trainSvm`, also saying how many SMO iterations it took (scikit-learn's `n_iter_`). */
export function trainSvmCounted(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): TrainedSvm {
  const parameters = trainingKernel(features, n, dim, labels, options);
  const problem = libsvmProblem(features, n, dim, labels);
  const alpha = new Float64Array(n);
  const { rho, iterations } = train(
    problem.features,
    n,
    dim,
    problem.labels,
    { ...parameters, c: options.c, tolerance: options.tolerance, maxIterations: maxIterationsOf(n, options) },
    alpha,
  );
  return { model: modelFromSolution(problem, dim, labels, alpha, rho, parameters), iterations };
}

export interface TrainedSvm {
  readonly model: SvmModel;
  readonly iterations: number;
}

export function maxIterationsOf(n: number, options: SvmTrainingOptions): number {
  return options.maxIterations ?? Math.max(10_000_000, 100 * n);
}

/**
 * The problem as libsvm solves it when scikit-learn calls it: scikit-learn sorts the classes
 * (−1, +1), libsvm groups the rows by class, keeping their order within a class, and solves
 * with the first class (−1) as its +1. The SMO's path (working sets, ties, shrinking) depends
 * on that order and those signs, so both trainers solve this permuted problem to take
 * libsvm's path; the dual is the same, since Q_ij = y_i y_j K_ij does not change.
 */
export interface LibsvmProblem {
  /** Original row of each position. */
  readonly order: Int32Array;
  readonly features: Float64Array;
  /** The solver's labels: minus the original ones. */
  readonly labels: Float64Array;
}

export function libsvmProblem(features: Float64Array, n: number, dim: number, labels: Int8Array): LibsvmProblem {
  const order = new Int32Array(n);
  let position = 0;
  for (const label of [-1, 1]) {
    for (let row = 0; row < n; row++) if (labels[row] === label) order[position++] = row;
  }
  const permuted = new Float64Array(n * dim);
  order.forEach((row, k) => permuted.set(features.subarray(row * dim, (row + 1) * dim), k * dim));
  return { order, features: permuted, labels: Float64Array.from(order, (row) => -labels[row]!) };
}

/**
 * The decision function from the permuted problem's solution (α by position, ρ in the
 * solver's flipped signs), as scikit-learn states it: support vectors in libsvm's order (the
 * positions with α > 0), coefficients y·α in the original signs, intercept ρ.
 */
export function modelFromSolution(
  problem: LibsvmProblem,
  dim: number,
  labels: Int8Array,
  alpha: Float64Array,
  rho: number,
  parameters: KernelParameters,
): SvmModel {
  const support = [...alpha.keys()].filter((position) => alpha[position]! > 0);
  const supportVectors = new Float64Array(support.length * dim);
  support.forEach((position, k) => supportVectors.set(problem.features.subarray(position * dim, (position + 1) * dim), k * dim));
  return {
    ...parameters,
    dim,
    supportVectors,
    dualCoef: Float64Array.from(support, (position) => labels[problem.order[position]!]! * alpha[position]!),
    intercept: rho,
  };
}

/** The kernel parameters a training uses (gamma='scale' resolved on the features). */
export function trainingKernel(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): KernelParameters {
  validate(features, n, dim, labels, options);
  const gamma = options.gamma === 'scale' ? gammaScale(features, dim) : options.gamma;
  return { kernel: options.kernel, gamma, coef0: options.coef0, degree: options.degree };
}
