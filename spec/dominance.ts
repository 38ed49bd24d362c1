/**
 * Pareto dominance between two objective vectors, with a direction per objective.
 *
 * Definitions (e.g. Zitzler et al. 2003, "Performance assessment of multiobjective
 * optimizers"), for minimised objectives (a maximised one compares negated values):
 * - a weakly dominates b:   a_j ≤ b_j for every j;
 * - a dominates b:          a weakly dominates b and a_j < b_j for some j;
 * - a strictly dominates b: a_j < b_j for every j.
 * −0 and +0 are equal. Equal vectors weakly dominate each other and nothing more.
 */

import type { ObjectiveOptions } from './points.js';
import { minimisationSign } from './points.js';

function checkComparable(a: ArrayLike<number>, b: ArrayLike<number>, options?: ObjectiveOptions): void {
  if (a.length !== b.length) {
    throw new RangeError(`cannot compare vectors of ${a.length} and ${b.length} objectives`);
  }
  for (const [name, vector] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (let j = 0; j < vector.length; j++) {
      if (!Number.isFinite(vector[j])) {
        throw new RangeError(`${name}[${j}] is ${vector[j]}; values must be finite`);
      }
    }
  }
  if (options?.maximise !== undefined && options.maximise.length !== a.length) {
    throw new RangeError(`options.maximise has ${options.maximise.length} flags but the vectors have ${a.length} objectives`);
  }
}

/** The vector in minimisation form: maximised objectives negated. */
function oriented(v: ArrayLike<number>, options?: ObjectiveOptions): number[] {
  return Array.from(v, (value, j) => minimisationSign(options, j) * value);
}

/** Weak dominance between vectors whose objectives are all minimised. */
export function weaklyDominatesMin(a: readonly number[], b: readonly number[]): boolean {
  return a.every((value, j) => value <= b[j]!);
}

/** Pareto dominance between vectors whose objectives are all minimised. */
export function dominatesMin(a: readonly number[], b: readonly number[]): boolean {
  return weaklyDominatesMin(a, b) && a.some((value, j) => value < b[j]!);
}

export function weaklyDominates(a: ArrayLike<number>, b: ArrayLike<number>, options?: ObjectiveOptions): boolean {
  checkComparable(a, b, options);
  return weaklyDominatesMin(oriented(a, options), oriented(b, options));
}

export function dominates(a: ArrayLike<number>, b: ArrayLike<number>, options?: ObjectiveOptions): boolean {
  checkComparable(a, b, options);
  return dominatesMin(oriented(a, options), oriented(b, options));
}

export function strictlyDominates(a: ArrayLike<number>, b: ArrayLike<number>, options?: ObjectiveOptions): boolean {
  checkComparable(a, b, options);
  const [x, y] = [oriented(a, options), oriented(b, options)];
  return x.length > 0 && x.every((value, j) => value < y[j]!);
}
