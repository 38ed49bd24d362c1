/**
 * A deterministic C-SVC trainer: libsvm's SMO solver (Fan, Chen & Lin 2005: second-order
 * working-set selection, the analytic two-variable update with clipping, shrinking, ρ from
 * the free support vectors). It solves
 *   min ½ αᵀQα − eᵀα  s.t. yᵀα = 0, 0 ≤ α_i ≤ C,  Q_ij = y_i y_j K(x_i, x_j),
 * to the KKT tolerance `tolerance` (libsvm's eps) and returns the decision function in the
 * spec's form (`spec/svm.ts`). Training sets are small (hundreds), so Q is computed in full.
 * scikit-learn fixtures check it (test/svm-train.test.ts).
 */

import { exp, gammaScale, type KernelName, type KernelParameters, kernelValue, type SvmModel } from '../../spec/index.js';

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

const TAU = 1e-12;

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
  const parameters = trainingKernel(features, n, dim, labels, options);
  const rows = Array.from({ length: n }, (_, i) => features.subarray(i * dim, (i + 1) * dim));
  const y = Float64Array.from(labels);
  // libsvm keeps Q in single precision (its Qfloat) and the diagonal in double; doing the
  // same makes this solver follow libsvm's path and reach the same point.
  const Q = new Float64Array(n * n);
  const diagonal = new Float64Array(n);
  const kernel = gramKernel(parameters, rows);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const k = kernel(i, j);
      const q = Math.fround(y[i]! * y[j]! * k);
      Q[i * n + j] = q;
      Q[j * n + i] = q;
      if (i === j) diagonal[i] = k;
    }
  }
  const C = options.c;
  const alpha = new Float64Array(n);
  const gradient = new Float64Array(n).fill(-1);
  // libsvm's shrinking: bounded variables that cannot enter a working set leave the active
  // set (positions 0..activeSize−1 of `order`); `gradientBar` (C·Σ over α_j = C of Q_ij)
  // rebuilds their gradients when they come back.
  const order = Int32Array.from({ length: n }, (_, k) => k);
  let activeSize = n;
  const gradientBar = new Float64Array(n);
  let unshrunk = false;
  const isUpper = (t: number) => alpha[t]! >= C;
  const isLower = (t: number) => alpha[t]! <= 0;
  const maxIterations = options.maxIterations ?? Math.max(10_000_000, 100 * n);
  let selectedI = -1;
  let selectedJ = -1;

  /** libsvm's select_working_set over the active set; false when optimal within tolerance. */
  const selectWorkingSet = (): boolean => {
    let gMax = -Infinity;
    let i = -1;
    for (let position = 0; position < activeSize; position++) {
      const t = order[position]!;
      const a = alpha[t]!;
      if (y[t] === 1 ? a < C : a > 0) {
        const violation = -y[t]! * gradient[t]!;
        if (violation >= gMax) {
          gMax = violation;
          i = t;
        }
      }
    }
    let gMax2 = -Infinity;
    let j = -1;
    let bestDecrease = Infinity;
    if (i >= 0) {
      const yi = y[i]!;
      const Qii = diagonal[i]!;
      const rowI = i * n;
      for (let position = 0; position < activeSize; position++) {
        const t = order[position]!;
        const a = alpha[t]!;
        const yt = y[t]!;
        if (yt === 1 ? a <= 0 : a >= C) continue;
        const yG = yt * gradient[t]!;
        if (yG >= gMax2) gMax2 = yG;
        const gradientDifference = gMax + yG;
        if (gradientDifference > 0) {
          let curvature = Qii + diagonal[t]! - 2 * yi * yt * Q[rowI + t]!;
          if (curvature <= 0) curvature = TAU;
          const decrease = -(gradientDifference * gradientDifference) / curvature;
          if (decrease <= bestDecrease) {
            bestDecrease = decrease;
            j = t;
          }
        }
      }
    }
    if (gMax + gMax2 < options.tolerance || j < 0) return false;
    selectedI = i;
    selectedJ = j;
    return true;
  };

  /** Gradients of the inactive variables from gradientBar and the free active ones. */
  const reconstructGradient = (): void => {
    if (activeSize === n) return;
    for (let position = activeSize; position < n; position++) {
      const t = order[position]!;
      gradient[t] = gradientBar[t]! - 1;
    }
    for (let position = 0; position < activeSize; position++) {
      const t = order[position]!;
      if (isUpper(t) || isLower(t)) continue;
      const rowT = t * n;
      for (let inactive = activeSize; inactive < n; inactive++) {
        const u = order[inactive]!;
        gradient[u] = gradient[u]! + alpha[t]! * Q[rowT + u]!;
      }
    }
  };

  const canBeShrunk = (t: number, gMax1: number, gMax2: number): boolean => {
    if (isUpper(t)) return y[t] === 1 ? -gradient[t]! > gMax1 : -gradient[t]! > gMax2;
    if (isLower(t)) return y[t] === 1 ? gradient[t]! > gMax2 : gradient[t]! > gMax1;
    return false;
  };

  const shrink = (): void => {
    let gMax1 = -Infinity; // max −y G over I_up
    let gMax2 = -Infinity; // max y G over I_low
    for (let position = 0; position < activeSize; position++) {
      const t = order[position]!;
      const g = gradient[t]!;
      if (y[t] === 1) {
        if (!isUpper(t) && -g >= gMax1) gMax1 = -g;
        if (!isLower(t) && g >= gMax2) gMax2 = g;
      } else {
        if (!isUpper(t) && -g >= gMax2) gMax2 = -g;
        if (!isLower(t) && g >= gMax1) gMax1 = g;
      }
    }
    if (!unshrunk && gMax1 + gMax2 <= options.tolerance * 10) {
      unshrunk = true;
      reconstructGradient();
      activeSize = n;
    }
    for (let position = 0; position < activeSize; position++) {
      if (!canBeShrunk(order[position]!, gMax1, gMax2)) continue;
      activeSize--;
      while (activeSize > position) {
        if (!canBeShrunk(order[activeSize]!, gMax1, gMax2)) {
          const kept = order[activeSize]!;
          order[activeSize] = order[position]!;
          order[position] = kept;
          break;
        }
        activeSize--;
      }
    }
  };

  /** A variable reached or left its upper bound: add or remove its C·Q row. */
  const updateGradientBar = (row: number, signedC: number): void => {
    for (let t = 0; t < n; t++) gradientBar[t] = gradientBar[t]! + signedC * Q[row + t]!;
  };

  let counter = Math.min(n, 1000) + 1;
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    if (--counter === 0) {
      counter = Math.min(n, 1000);
      shrink();
    }
    if (!selectWorkingSet()) {
      reconstructGradient();
      activeSize = n;
      if (!selectWorkingSet()) break;
      counter = 1;
    }
    const i = selectedI;
    const j = selectedJ;
    const oldI = alpha[i]!;
    const oldJ = alpha[j]!;
    const Qii = diagonal[i]!;
    const Qjj = diagonal[j]!;
    const rowI = i * n;
    const rowJ = j * n;
    const Qij = Q[rowI + j]!;
    let ai: number;
    let aj: number;
    if (y[i] !== y[j]) {
      let curvature = Qii + Qjj + 2 * Qij;
      if (curvature <= 0) curvature = TAU;
      const delta = (-gradient[i]! - gradient[j]!) / curvature;
      const difference = oldI - oldJ;
      ai = oldI + delta;
      aj = oldJ + delta;
      if (difference > 0) {
        if (aj < 0) {
          aj = 0;
          ai = difference;
        }
        if (ai > C) {
          ai = C;
          aj = C - difference;
        }
      } else {
        if (ai < 0) {
          ai = 0;
          aj = -difference;
        }
        if (aj > C) {
          aj = C;
          ai = C + difference;
        }
      }
    } else {
      let curvature = Qii + Qjj - 2 * Qij;
      if (curvature <= 0) curvature = TAU;
      const delta = (gradient[i]! - gradient[j]!) / curvature;
      const sum = oldI + oldJ;
      ai = oldI - delta;
      aj = oldJ + delta;
      if (sum > C) {
        if (ai > C) {
          ai = C;
          aj = sum - C;
        }
        if (aj > C) {
          aj = C;
          ai = sum - C;
        }
      } else {
        if (aj < 0) {
          aj = 0;
          ai = sum;
        }
        if (ai < 0) {
          ai = 0;
          aj = sum;
        }
      }
    }
    const wasUpperI = oldI >= C;
    const wasUpperJ = oldJ >= C;
    alpha[i] = ai;
    alpha[j] = aj;
    const deltaI = ai - oldI;
    const deltaJ = aj - oldJ;
    for (let position = 0; position < activeSize; position++) {
      const t = order[position]!;
      gradient[t] = gradient[t]! + Q[rowI + t]! * deltaI + Q[rowJ + t]! * deltaJ;
    }
    if (wasUpperI !== isUpper(i)) updateGradientBar(rowI, wasUpperI ? -C : C);
    if (wasUpperJ !== isUpper(j)) updateGradientBar(rowJ, wasUpperJ ? -C : C);
  }
  reconstructGradient();

  // ρ: the mean of y_i G_i over free support vectors, else the middle of the feasible range.
  let upper = Infinity;
  let lower = -Infinity;
  let freeSum = 0;
  let freeCount = 0;
  for (let t = 0; t < n; t++) {
    const yG = y[t]! * gradient[t]!;
    if (isUpper(t)) {
      if (y[t] === -1) upper = Math.min(upper, yG);
      else lower = Math.max(lower, yG);
    } else if (isLower(t)) {
      if (y[t] === 1) upper = Math.min(upper, yG);
      else lower = Math.max(lower, yG);
    } else {
      freeSum += yG;
      freeCount++;
    }
  }
  const rho = freeCount > 0 ? freeSum / freeCount : (upper + lower) / 2;

  lastTrainingIterations = iteration;
  return modelFromSolution(features, dim, labels, alpha, rho, parameters);
}

/** SMO iterations of the last training (TypeScript or core), for diagnostics and benches. */
export let lastTrainingIterations = 0;

export function setLastTrainingIterations(iterations: number): void {
  lastTrainingIterations = iterations;
}

/** The decision function from the dual solution: support vectors are the rows with α > 0. */
export function modelFromSolution(
  features: Float64Array,
  dim: number,
  labels: Int8Array,
  alpha: Float64Array,
  rho: number,
  parameters: KernelParameters,
): SvmModel {
  const support = [...alpha.keys()].filter((t) => alpha[t]! > 0);
  const supportVectors = new Float64Array(support.length * dim);
  support.forEach((t, k) => supportVectors.set(features.subarray(t * dim, (t + 1) * dim), k * dim));
  return {
    ...parameters,
    dim,
    supportVectors,
    dualCoef: Float64Array.from(support, (t) => labels[t]! * alpha[t]!),
    intercept: -rho,
  };
}

/** The kernel parameters a training uses (gamma='scale' resolved on the features). */
export function trainingKernel(features: Float64Array, n: number, dim: number, labels: Int8Array, options: SvmTrainingOptions): KernelParameters {
  validate(features, n, dim, labels, options);
  const gamma = options.gamma === 'scale' ? gammaScale(features, dim) : options.gamma;
  return { kernel: options.kernel, gamma, coef0: options.coef0, degree: options.degree };
}

/**
 * The Gram matrix's kernel, `kernelValue` of the spec bit for bit. An RBF kernel is a product
 * of per-coordinate factors exp(−γ (x_k − z_k)²); each coordinate takes few distinct values
 * (five on the architecture grid), so the factors are tabulated per pair of distinct values
 * instead of calling `exp` n²·dim times.
 */
export function gramKernel(parameters: KernelParameters, rows: readonly Float64Array[]): (i: number, j: number) => number {
  if (parameters.kernel !== 'rbf' || rows.length === 0) return (i, j) => kernelValue(parameters, rows[i]!, rows[j]!);
  const dim = rows[0]!.length;
  const n = rows.length;
  const valueIndex = new Int32Array(n * dim);
  const tables: Float64Array[] = [];
  const sizes: number[] = [];
  for (let k = 0; k < dim; k++) {
    // −0 and 0 would share a Map key; they are kept apart, as the spec subtracts them.
    const distinct = new Map<number | string, number>();
    const values: number[] = [];
    for (let i = 0; i < n; i++) {
      const value = rows[i]![k]!;
      const key = Object.is(value, -0) ? '-0' : value;
      let index = distinct.get(key);
      if (index === undefined) {
        index = values.length;
        values.push(value);
        distinct.set(key, index);
      }
      valueIndex[i * dim + k] = index;
    }
    const m = values.length;
    const table = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        const difference = values[a]! - values[b]!;
        table[a * m + b] = exp(-parameters.gamma * (difference * difference));
      }
    }
    tables.push(table);
    sizes.push(m);
  }
  return (i, j) => {
    let product = 1;
    for (let k = 0; k < dim; k++) {
      product = product * tables[k]![valueIndex[i * dim + k]! * sizes[k]! + valueIndex[j * dim + k]!]!;
    }
    return product;
  };
}
