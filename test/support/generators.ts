/**
 * The shared point-set generators (src/conformance/arbitraries.ts, docs/CONVENTIONS.md
 * "Generators") as `PointMatrix` cases for the suites, and helpers over them.
 */

import fc from 'fast-check';
import { pointMatrix, type PointMatrix } from '../../spec/index.js';
import { doubleSets, gridSets, mixedSets, type PointSet } from '../../src/conformance/arbitraries.js';

export interface Case {
  readonly points: PointMatrix;
  readonly reference: number[];
}

const asCase = ({ points, dim, reference }: PointSet): Case => ({ points: pointMatrix(points, dim), reference });

/** Small-integer grids 0..size + 1 with the reference at size: ties, duplicates, −0, points on and beyond it. */
export const gridCase: fc.Arbitrary<Case> = gridSets().map(asCase);

/** Doubles of every magnitude up to ±1e300, subnormals included, with a reference anywhere. */
export const doubleCase: fc.Arbitrary<Case> = doubleSets().map(asCase);

/** Grid values and doubles in one set. */
export const mixedCase: fc.Arbitrary<Case> = mixedSets().map(asCase);

export const anyCase: fc.Arbitrary<Case> = fc.oneof(gridCase, doubleCase, mixedCase);

/** Maximise flags for a dimension. */
export function maximiseFlags(dim: number): fc.Arbitrary<boolean[]> {
  return fc.array(fc.boolean(), { minLength: dim, maxLength: dim });
}

/** The rows of `points` in a new order given by `permutation`. */
export function permuteRows(points: PointMatrix, permutation: readonly number[]): PointMatrix {
  const values = new Float64Array(points.values.length);
  permutation.forEach((from, to) => values.set(points.values.subarray(from * points.dim, (from + 1) * points.dim), to * points.dim));
  return { values, n: points.n, dim: points.dim };
}

/** `points` followed by `extra` rows. */
export function appendRows(points: PointMatrix, extra: readonly number[][]): PointMatrix {
  const values = new Float64Array((points.n + extra.length) * points.dim);
  values.set(points.values);
  extra.forEach((row, k) => values.set(row, (points.n + k) * points.dim));
  return { values, n: points.n + extra.length, dim: points.dim };
}

/** A relative tolerance of √ε, as moocore's hvc_check uses. */
export const RELATIVE_TOLERANCE = Math.sqrt(Number.EPSILON);

export function closeTo(actual: number, expected: number, scale = Math.abs(expected)): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(scale, Number.MIN_VALUE);
}

/** What a computation gives: its value, or the message of the RangeError it throws (a defined error). */
export function outcome<T>(compute: () => T): { value: T } | { error: string } {
  try {
    return { value: compute() };
  } catch (error) {
    if (error instanceof RangeError) return { error: error.message };
    throw error;
  }
}
