/**
 * Support-vector classifiers as LaMOO uses them (scikit-learn's SVC, i.e. libsvm's C-SVC):
 *   decision(x) = Σ_i coef_i · K(sv_i, x) + intercept,   predicted good ⇔ decision(x) > 0,
 * with coef_i = y_i α_i (scikit-learn's `dual_coef_`) and intercept = −ρ.
 *
 * Kernels, with the order of every floating-point operation fixed so that the WebAssembly
 * core reproduces the spec bit for bit (all sums and products run left to right over the
 * coordinates, then over the support vectors in model order, starting from 0 or 1):
 * - linear:     K = x·z
 * - polynomial: K = (γ · x·z + coef0)^degree, the power by repeated multiplication
 * - RBF:        K = Π_k exp(−γ (x_k − z_k)²), which equals exp(−γ‖x − z‖²) up to rounding;
 *   the product form lets the core share work across a grid of architectures.
 * `exp` is the spec's own (`exp.ts`). γ = 'scale' means 1 / (features × variance of all
 * training values), as in scikit-learn, its variance summed as numpy sums (1 when it is 0).
 */

import { exp } from './exp.js';

export type KernelName = 'linear' | 'poly' | 'rbf';

export interface KernelParameters {
  readonly kernel: KernelName;
  /** γ for poly and rbf (ignored by linear). */
  readonly gamma: number;
  /** Added constant of the polynomial kernel. */
  readonly coef0: number;
  /** Integer degree of the polynomial kernel (≥ 1). */
  readonly degree: number;
}

export interface SvmModel extends KernelParameters {
  /** Number of features. */
  readonly dim: number;
  /** Support vectors, row-major (count × dim). */
  readonly supportVectors: Float64Array;
  /** y_i α_i of each support vector. */
  readonly dualCoef: Float64Array;
  readonly intercept: number;
}

export function dot(x: ArrayLike<number>, z: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < x.length; k++) sum = sum + x[k]! * z[k]!;
  return sum;
}

/** base^degree by degree − 1 multiplications, left to right. */
export function integerPower(base: number, degree: number): number {
  let result = 1;
  for (let k = 0; k < degree; k++) result = result * base;
  return result;
}

export function kernelValue(parameters: KernelParameters, x: ArrayLike<number>, z: ArrayLike<number>): number {
  switch (parameters.kernel) {
    case 'linear':
      return dot(x, z);
    case 'poly':
      return integerPower(parameters.gamma * dot(x, z) + parameters.coef0, parameters.degree);
    case 'rbf': {
      let product = 1;
      for (let k = 0; k < x.length; k++) {
        const difference = x[k]! - z[k]!;
        product = product * exp(-parameters.gamma * (difference * difference));
      }
      return product;
    }
  }
}

export function decisionValue(model: SvmModel, x: ArrayLike<number>): number {
  if (x.length !== model.dim) throw new RangeError(`the model has ${model.dim} features, the point ${x.length}`);
  let sum = 0;
  for (let i = 0; i < model.dualCoef.length; i++) {
    const supportVector = model.supportVectors.subarray(i * model.dim, (i + 1) * model.dim);
    sum = sum + model.dualCoef[i]! * kernelValue(model, supportVector, x);
  }
  return sum + model.intercept;
}

/** The classifier's verdict: true for the "good" side (decision > 0). */
export function predictsGood(model: SvmModel, x: ArrayLike<number>): boolean {
  return decisionValue(model, x) > 0;
}

/**
 * scikit-learn's gamma='scale': 1 / (features × variance of all values of X), the variance
 * computed as numpy's `X.var()` computes it (mean, then mean of squared deviations, each sum
 * by numpy's pairwise summation), so that γ is scikit-learn's to the bit: the SMO's path
 * depends on the last bits of the kernel.
 */
export function gammaScale(values: ArrayLike<number>, dim: number): number {
  const count = values.length;
  const mean = pairwiseSum(values, 0, count) / count;
  const squares = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const deviation = values[k]! - mean;
    squares[k] = deviation * deviation;
  }
  const variance = pairwiseSum(squares, 0, count) / count;
  return variance === 0 ? 1 : 1 / (dim * variance);
}

/** Block size below which numpy's pairwise summation adds in eight interleaved partial sums. */
const PAIRWISE_BLOCK = 128;

/**
 * numpy's pairwise summation of values[start..start+count) (`pairwise_sum` in its
 * loops_utils): fewer than 8 values left to right; up to 128 in eight strided partial sums
 * combined as a tree, then the remainder; more are split in two halves (the first a
 * multiple of 8) summed recursively.
 */
function pairwiseSum(values: ArrayLike<number>, start: number, count: number): number {
  if (count < 8) {
    let sum = -0;
    for (let k = 0; k < count; k++) sum += values[start + k]!;
    return sum;
  }
  if (count <= PAIRWISE_BLOCK) {
    const partial = [0, 1, 2, 3, 4, 5, 6, 7].map((lane) => values[start + lane]!);
    let k = 8;
    for (; k < count - (count % 8); k += 8) {
      for (let lane = 0; lane < 8; lane++) partial[lane] = partial[lane]! + values[start + k + lane]!;
    }
    const [p0, p1, p2, p3, p4, p5, p6, p7] = partial as [number, number, number, number, number, number, number, number];
    let sum = p0 + p1 + (p2 + p3) + (p4 + p5 + (p6 + p7));
    for (; k < count; k++) sum += values[start + k]!;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}
