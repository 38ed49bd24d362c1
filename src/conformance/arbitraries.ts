/**
 * The fast-check generators of point sets, shared by the test suites (through
 * test/support/generators.ts) and the conformance kit's random cases, so that both probe the
 * same corners: small-integer grids (ties, duplicates, −0, points on and beyond the
 * reference), doubles of every magnitude up to ±1e300 (subnormals included), and sets that
 * mix the two. Sizes cover n ∈ {0, 1, 2} and both sides of every dispatch in the core
 * (dimension 1, 2, 3, ≥ 4).
 *
 * Such doubles make hypervolumes overflow: that is a defined error (spec/hypervolume.ts),
 * and the generators produce it on purpose.
 */

import fc from 'fast-check';

export type Rows = number[][];

/** A point set as rows, with its dimension, reference point and optional maximise flags. */
export interface PointSet {
  readonly points: Rows;
  readonly dim: number;
  readonly reference: number[];
  readonly maximise?: boolean[];
}

/** The largest magnitude generated: products of two such values overflow, sums do not. */
const LARGEST_MAGNITUDE = 1e300;

/** Values on the grid 0..size + 1, with −0 mixed in for 0 (size + 1 lies beyond a reference at size). */
function gridValue(size: number): fc.Arbitrary<number> {
  return fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: size + 1 }) }, { weight: 1, arbitrary: fc.constant(-0) });
}

/**
 * Any finite double up to ±1e300. fast-check draws doubles uniformly over their bit
 * patterns, so every binade is as likely as any other: subnormals, ±0 and values near the
 * bounds all come up; a few chosen extremes are added.
 */
export const extremeDouble: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -LARGEST_MAGNITUDE, max: LARGEST_MAGNITUDE, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, LARGEST_MAGNITUDE, -LARGEST_MAGNITUDE, 1, -1) },
);

/** Doubles of everyday size (no overflow possible in up to 6 objectives). */
const moderateDouble: fc.Arbitrary<number> = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });

/** Grid values and doubles of every size within one set. */
const mixedValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: gridValue(4) },
  { weight: 3, arbitrary: moderateDouble },
  { weight: 2, arbitrary: extremeDouble },
);

/** Largest n per dimension, so that the spec's slicing stays quick in ≥ 4-D. */
const MAX_POINTS: Readonly<Record<number, number>> = { 1: 40, 2: 60, 3: 50, 4: 25, 5: 16, 6: 12 };

/**
 * Rows of `dim` values: up to 2 as often as up to `maxN` (drawn evenly over the whole range),
 * shrinking across both towards fewer rows, so that a failure shrinks to its smallest set.
 */
function rowArrays(value: fc.Arbitrary<number>, dim: number, maxN: number): fc.Arbitrary<Rows> {
  const row = fc.array(value, { minLength: dim, maxLength: dim });
  return fc.oneof({ withCrossShrink: true }, fc.array(row, { maxLength: Math.min(2, maxN) }), fc.array(row, { maxLength: maxN, size: 'max' }));
}

/** A reference that every row is strictly better than (one unit beyond the worst value, or beyond 0). */
function enclosingReference(points: Rows, dim: number, maximise?: readonly boolean[]): number[] {
  return Array.from({ length: dim }, (_, j) => {
    const column = points.map((row) => row[j]!);
    return maximise?.[j] === true ? Math.min(0, ...column) - 1 : Math.max(0, ...column) + 1;
  });
}

export interface PointSetLimits {
  readonly maxDim: number;
  /** Largest n for a dimension. */
  readonly maxN: (dim: number) => number;
  readonly withMaximise: boolean;
}

const TEST_LIMITS: PointSetLimits = { maxDim: 6, maxN: (dim) => MAX_POINTS[dim]!, withMaximise: false };

function flagsFor(dim: number, limits: PointSetLimits): fc.Arbitrary<boolean[] | undefined> {
  return limits.withMaximise ? fc.option(fc.array(fc.boolean(), { minLength: dim, maxLength: dim }), { nil: undefined }) : fc.constant(undefined);
}

function pointSet(points: Rows, dim: number, reference: number[], maximise: boolean[] | undefined): PointSet {
  return maximise === undefined ? { points, dim, reference } : { points, dim, reference, maximise };
}

const dimensionUpTo = (limits: PointSetLimits) => fc.integer({ min: 1, max: limits.maxDim });

/**
 * Small-integer grids 0..size + 1 with the reference on the grid (size for a minimised
 * objective, 1 for a maximised one): ties, duplicates, points on and beyond the reference.
 */
export function gridSets(limits: PointSetLimits = TEST_LIMITS): fc.Arbitrary<PointSet> {
  return fc.tuple(dimensionUpTo(limits), fc.integer({ min: 1, max: 6 })).chain(([dim, size]) =>
    fc.tuple(rowArrays(gridValue(size), dim, limits.maxN(dim)), flagsFor(dim, limits)).map(([points, maximise]) =>
      pointSet(
        points,
        dim,
        Array.from({ length: dim }, (_, j) => (maximise?.[j] === true ? 1 : size)),
        maximise,
      ),
    ),
  );
}

/** Doubles of every magnitude, with a reference anywhere (so points lie inside, on and beyond it). */
export function doubleSets(limits: PointSetLimits = TEST_LIMITS): fc.Arbitrary<PointSet> {
  const value = fc.oneof(extremeDouble, moderateDouble);
  return dimensionUpTo(limits).chain((dim) =>
    fc
      .tuple(rowArrays(value, dim, limits.maxN(dim)), fc.array(value, { minLength: dim, maxLength: dim }), flagsFor(dim, limits))
      .map(([points, reference, maximise]) => pointSet(points, dim, reference, maximise)),
  );
}

/** Grid values and doubles mixed in one set; the reference encloses every point or is drawn like them. */
export function mixedSets(limits: PointSetLimits = TEST_LIMITS): fc.Arbitrary<PointSet> {
  return dimensionUpTo(limits).chain((dim) =>
    fc
      .tuple(
        rowArrays(mixedValue, dim, limits.maxN(dim)),
        fc.option(fc.array(mixedValue, { minLength: dim, maxLength: dim }), { nil: undefined }),
        flagsFor(dim, limits),
      )
      .map(([points, drawn, maximise]) => pointSet(points, dim, drawn ?? enclosingReference(points, dim, maximise), maximise)),
  );
}

/** Any of the three families. */
export function anySets(limits: PointSetLimits = TEST_LIMITS): fc.Arbitrary<PointSet> {
  return fc.oneof(gridSets(limits), doubleSets(limits), mixedSets(limits));
}
