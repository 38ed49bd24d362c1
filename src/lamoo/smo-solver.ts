/**
 * libsvm's SMO solver for the C-SVC dual (Fan, Chen & Lin 2005), the TypeScript twin of
 * core-rs/src/svm_train.rs: the same functions and `Solver` methods, in the same order, with
 * the same floating-point operations, so that both give bit-identical α and ρ
 * (test/svm-train.test.ts). Change one, change the other.
 */

import { exp, type KernelParameters, kernelValue } from '../../spec/index.js';

const TAU = 1e-12;

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

/** Q (single precision, n×n, Q_ij = fl32(y_i y_j K_ij)) and the diagonal K_ii in double. */
function gram(features: Float64Array, n: number, dim: number, y: Float64Array, parameters: KernelParameters): { q: Float32Array; diagonal: Float64Array } {
  // libsvm keeps Q in single precision (its Qfloat) and the diagonal in double; doing the
  // same makes this solver follow libsvm's path and reach the same point.
  const q = new Float32Array(n * n);
  const diagonal = new Float64Array(n);
  const rows = Array.from({ length: n }, (_, i) => features.subarray(i * dim, (i + 1) * dim));
  const kernel = gramKernel(parameters, rows);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const k = kernel(i, j);
      const value = y[i]! * y[j]! * k; // rounded to single precision by the store
      q[i * n + j] = value;
      q[j * n + i] = value;
      if (i === j) diagonal[i] = k;
    }
  }
  return { q, diagonal };
}

/**
 * libsvm's SMO state. Shrinking: bounded variables that cannot enter a working set leave the
 * active set (positions 0..activeSize−1 of `order`); `gradientBar` (C·Σ over α_j = C of
 * Q_ij) rebuilds their gradients when they come back.
 */
class Solver {
  readonly gradient: Float64Array;
  readonly gradientBar: Float64Array;
  readonly order: Int32Array;
  activeSize: number;
  unshrunk = false;
  selectedI = 0;
  selectedJ = 0;

  constructor(
    readonly n: number,
    readonly c: number,
    readonly tolerance: number,
    readonly y: Float64Array,
    readonly qMatrix: Float32Array,
    readonly diagonal: Float64Array,
    readonly alpha: Float64Array,
  ) {
    this.gradient = new Float64Array(n).fill(-1);
    this.gradientBar = new Float64Array(n);
    this.order = Int32Array.from({ length: n }, (_, k) => k);
    this.activeSize = n;
  }

  isUpper(t: number): boolean {
    return this.alpha[t]! >= this.c;
  }

  isLower(t: number): boolean {
    return this.alpha[t]! <= 0;
  }

  q(row: number, t: number): number {
    return this.qMatrix[row * this.n + t]!;
  }

  /** libsvm's select_working_set over the active set; false when optimal within tolerance. */
  selectWorkingSet(): boolean {
    const { c, n, y, alpha, gradient, order, qMatrix, diagonal } = this;
    let gMax = -Infinity;
    let i = -1;
    for (let position = 0; position < this.activeSize; position++) {
      const t = order[position]!;
      const a = alpha[t]!;
      if (y[t] === 1 ? a < c : a > 0) {
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
      const qii = diagonal[i]!;
      const rowI = i * n;
      for (let position = 0; position < this.activeSize; position++) {
        const t = order[position]!;
        const a = alpha[t]!;
        const yt = y[t]!;
        if (yt === 1 ? a <= 0 : a >= c) continue;
        const yG = yt * gradient[t]!;
        if (yG >= gMax2) gMax2 = yG;
        const gradientDifference = gMax + yG;
        if (gradientDifference > 0) {
          let curvature = qii + diagonal[t]! - 2 * yi * yt * qMatrix[rowI + t]!;
          if (curvature <= 0) curvature = TAU;
          const decrease = -(gradientDifference * gradientDifference) / curvature;
          if (decrease <= bestDecrease) {
            bestDecrease = decrease;
            j = t;
          }
        }
      }
    }
    if (i < 0 || j < 0 || !(gMax + gMax2 >= this.tolerance)) return false;
    this.selectedI = i;
    this.selectedJ = j;
    return true;
  }

  /** Gradients of the inactive variables from gradientBar and the free active ones. */
  reconstructGradient(): void {
    const { n, order, gradient } = this;
    if (this.activeSize === n) return;
    for (let position = this.activeSize; position < n; position++) {
      const t = order[position]!;
      gradient[t] = this.gradientBar[t]! - 1;
    }
    for (let position = 0; position < this.activeSize; position++) {
      const t = order[position]!;
      if (this.isUpper(t) || this.isLower(t)) continue;
      const alphaT = this.alpha[t]!;
      for (let inactive = this.activeSize; inactive < n; inactive++) {
        const u = order[inactive]!;
        gradient[u] = gradient[u]! + alphaT * this.q(t, u);
      }
    }
  }

  canBeShrunk(t: number, gMax1: number, gMax2: number): boolean {
    const g = this.gradient[t]!;
    if (this.isUpper(t)) return this.y[t] === 1 ? -g > gMax1 : -g > gMax2;
    if (this.isLower(t)) return this.y[t] === 1 ? g > gMax2 : g > gMax1;
    return false;
  }

  shrink(): void {
    const { order } = this;
    let gMax1 = -Infinity; // max −y G over I_up
    let gMax2 = -Infinity; // max y G over I_low
    for (let position = 0; position < this.activeSize; position++) {
      const t = order[position]!;
      const g = this.gradient[t]!;
      if (this.y[t] === 1) {
        if (!this.isUpper(t) && -g >= gMax1) gMax1 = -g;
        if (!this.isLower(t) && g >= gMax2) gMax2 = g;
      } else {
        if (!this.isUpper(t) && -g >= gMax2) gMax2 = -g;
        if (!this.isLower(t) && g >= gMax1) gMax1 = g;
      }
    }
    if (!this.unshrunk && gMax1 + gMax2 <= this.tolerance * 10) {
      this.unshrunk = true;
      this.reconstructGradient();
      this.activeSize = this.n;
    }
    for (let position = 0; position < this.activeSize; position++) {
      if (!this.canBeShrunk(order[position]!, gMax1, gMax2)) continue;
      this.activeSize--;
      while (this.activeSize > position) {
        if (!this.canBeShrunk(order[this.activeSize]!, gMax1, gMax2)) {
          const kept = order[this.activeSize]!;
          order[this.activeSize] = order[position]!;
          order[position] = kept;
          break;
        }
        this.activeSize--;
      }
    }
  }

  /** A variable reached or left its upper bound: add or remove its C·Q row. */
  updateGradientBar(row: number, signedC: number): void {
    for (let t = 0; t < this.n; t++) this.gradientBar[t] = this.gradientBar[t]! + signedC * this.q(row, t);
  }

  /** The analytic update of (α_i, α_j), clipped to the box (libsvm's solver). */
  updatePair(i: number, j: number): void {
    const { c, n, alpha, gradient, order, qMatrix } = this;
    const oldI = alpha[i]!;
    const oldJ = alpha[j]!;
    const qii = this.diagonal[i]!;
    const qjj = this.diagonal[j]!;
    const qij = this.q(i, j);
    let ai: number;
    let aj: number;
    if (this.y[i] !== this.y[j]) {
      let curvature = qii + qjj + 2 * qij;
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
        if (ai > c) {
          ai = c;
          aj = c - difference;
        }
      } else {
        if (ai < 0) {
          ai = 0;
          aj = -difference;
        }
        if (aj > c) {
          aj = c;
          ai = c + difference;
        }
      }
    } else {
      let curvature = qii + qjj - 2 * qij;
      if (curvature <= 0) curvature = TAU;
      const delta = (gradient[i]! - gradient[j]!) / curvature;
      const sum = oldI + oldJ;
      ai = oldI - delta;
      aj = oldJ + delta;
      if (sum > c) {
        if (ai > c) {
          ai = c;
          aj = sum - c;
        }
        if (aj > c) {
          aj = c;
          ai = sum - c;
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
    const wasUpperI = oldI >= c;
    const wasUpperJ = oldJ >= c;
    alpha[i] = ai;
    alpha[j] = aj;
    const deltaI = ai - oldI;
    const deltaJ = aj - oldJ;
    const rowI = i * n;
    const rowJ = j * n;
    for (let position = 0; position < this.activeSize; position++) {
      const t = order[position]!;
      gradient[t] = gradient[t]! + qMatrix[rowI + t]! * deltaI + qMatrix[rowJ + t]! * deltaJ;
    }
    if (wasUpperI !== this.isUpper(i)) this.updateGradientBar(i, wasUpperI ? -c : c);
    if (wasUpperJ !== this.isUpper(j)) this.updateGradientBar(j, wasUpperJ ? -c : c);
  }

  /** ρ: the mean of y_i G_i over free support vectors, else the middle of the feasible range. */
  rho(): number {
    let upper = Infinity;
    let lower = -Infinity;
    let freeSum = 0;
    let freeCount = 0;
    for (let t = 0; t < this.n; t++) {
      const yG = this.y[t]! * this.gradient[t]!;
      if (this.isUpper(t)) {
        if (this.y[t] === -1) upper = Math.min(upper, yG);
        else lower = Math.max(lower, yG);
      } else if (this.isLower(t)) {
        if (this.y[t] === 1) upper = Math.min(upper, yG);
        else lower = Math.max(lower, yG);
      } else {
        freeSum += yG;
        freeCount++;
      }
    }
    return freeCount > 0 ? freeSum / freeCount : (upper + lower) / 2;
  }
}

/** The kernel, the box constraint C, the KKT tolerance and the iteration limit. */
export interface Parameters extends KernelParameters {
  readonly c: number;
  readonly tolerance: number;
  readonly maxIterations: number;
}

export interface Solution {
  readonly rho: number;
  readonly iterations: number;
}

/** Trains on `n` rows of `dim` features with labels ±1; writes α to `alpha` (n values). */
export function train(features: Float64Array, n: number, dim: number, labels: Float64Array, p: Parameters, alpha: Float64Array): Solution {
  const { q, diagonal } = gram(features, n, dim, labels, p);
  alpha.fill(0);
  const solver = new Solver(n, p.c, p.tolerance, labels, q, diagonal, alpha);
  const shrinkPeriod = Math.min(n, 1000);
  let counter = shrinkPeriod + 1;
  let iteration = 0;
  while (iteration < p.maxIterations) {
    counter--;
    if (counter === 0) {
      counter = shrinkPeriod;
      solver.shrink();
    }
    if (!solver.selectWorkingSet()) {
      solver.reconstructGradient();
      solver.activeSize = n;
      if (!solver.selectWorkingSet()) break;
      counter = 1;
    }
    solver.updatePair(solver.selectedI, solver.selectedJ);
    iteration++;
  }
  solver.reconstructGradient();
  return { rho: solver.rho(), iterations: iteration };
}
