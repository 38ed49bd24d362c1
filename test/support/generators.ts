/**
 * fast-check generators for point sets that hit ties and boundaries (CONVENTIONS.md §9):
 * small-integer grids (duplicates, ties, points on the reference, −0), general doubles,
 * n ∈ {0, 1, 2} and sizes on both sides of every dispatch in the core (dimension 1, 2, 3,
 * ≥ 4; WFG limit sets of size 0, 1 and more).
 */

import fc from 'fast-check';
import type { PointMatrix } from '../../spec/index.js';

export interface Case {
  readonly points: PointMatrix;
  readonly reference: number[];
}

/** Values on a grid 0..size, with −0 mixed in for 0. */
function gridValue(size: number): fc.Arbitrary<number> {
  return fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: size }) }, { weight: 1, arbitrary: fc.constant(-0) });
}

function matrixOf(value: fc.Arbitrary<number>, dim: number, maxN: number): fc.Arbitrary<PointMatrix> {
  const n = fc.oneof(fc.constantFrom(0, 1, 2), fc.integer({ min: 3, max: maxN }));
  return n.chain((count) =>
    fc.array(value, { minLength: count * dim, maxLength: count * dim }).map((values) => ({
      values: Float64Array.from(values),
      n: count,
      dim,
    })),
  );
}

/** Largest n per dimension, so that the spec's slicing stays quick in ≥ 4-D. */
const MAX_N: Readonly<Record<number, number>> = { 1: 40, 2: 60, 3: 50, 4: 25, 5: 16, 6: 12 };

export const dimension = fc.integer({ min: 1, max: 6 });

/** Small-integer grid point sets with the reference on the grid's upper edge. */
export const gridCase: fc.Arbitrary<Case> = fc
  .tuple(dimension, fc.integer({ min: 1, max: 6 }))
  .chain(([dim, size]) =>
    matrixOf(gridValue(size), dim, MAX_N[dim]!).map((points) => ({ points, reference: new Array<number>(dim).fill(size) })),
  );

/** General doubles (both signs, wide magnitudes) with a reference somewhere in their range. */
export const doubleCase: fc.Arbitrary<Case> = dimension.chain((dim) =>
  fc.tuple(
    matrixOf(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), dim, MAX_N[dim]!),
    fc.array(fc.double({ min: -1e5, max: 2e6, noNaN: true, noDefaultInfinity: true }), { minLength: dim, maxLength: dim }),
  ).map(([points, reference]) => ({ points, reference })),
);

export const anyCase: fc.Arbitrary<Case> = fc.oneof(gridCase, doubleCase);

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
