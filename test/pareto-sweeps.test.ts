/**
 * The core's sweeps (3-D hypervolume, 4-D hypervolume, 3-D ranks) against the spec on sets
 * that reach their code paths: more rows than the radix sort's cut-over (64), one-front sets
 * (every point on the simplex x₁ + … + x_d = size, with ties and duplicates), sets where a
 * pivot of the 3-D filter has copies, and random doubles.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolumeContributions as specContributions, hypervolume as specHypervolume, paretoRanks as specRanks, type PointMatrix } from '../spec/index.js';
import { wasmKernels } from '../src/wasm/kernels.js';
import { closeTo } from './support/generators.js';

interface SweepCase {
  readonly points: PointMatrix;
  readonly reference: number[];
}

function matrix(rows: readonly (readonly number[])[], dim: number): PointMatrix {
  return { values: Float64Array.from(rows.flat()), n: rows.length, dim };
}

/** Rows of small integers 0..size, many of them repeated. */
function gridRows(dim: number, size: number, minN: number, maxN: number): fc.Arbitrary<number[][]> {
  return fc.array(fc.array(fc.integer({ min: 0, max: size }), { minLength: dim, maxLength: dim }), { minLength: minN, maxLength: maxN });
}

/** Rows on the simplex: the first d − 1 coordinates drawn, the last making the sum `size`. */
function frontRows(dim: number, size: number, minN: number, maxN: number): fc.Arbitrary<number[][]> {
  const share = Math.floor(size / (dim - 1));
  return fc
    .array(fc.array(fc.integer({ min: 0, max: share }), { minLength: dim - 1, maxLength: dim - 1 }), { minLength: minN, maxLength: maxN })
    .map((rows) => rows.map((row) => [...row, size - row.reduce((sum, value) => sum + value, 0)]));
}

/** A front, plus copies of some of its rows and rows they dominate. */
function frontWithExtras(dim: number, size: number, minN: number, maxN: number): fc.Arbitrary<number[][]> {
  return fc
    .tuple(frontRows(dim, size, minN, maxN), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }))
    .map(([rows, extras]) => [...rows, ...extras.map(([k, offset]) => rows[k % rows.length]!.map((value, j) => value + (j === k % dim ? offset : 0)))]);
}

function integerCase(dim: number, minN: number, maxN: number): fc.Arbitrary<SweepCase> {
  return fc
    .integer({ min: 2, max: 30 })
    .chain((size) =>
      fc
        .oneof(gridRows(dim, size, minN, maxN), frontRows(dim, size, minN, maxN), frontWithExtras(dim, size, minN, maxN))
        .map((rows) => ({ points: matrix(rows, dim), reference: new Array<number>(dim).fill(size + 1) })),
    );
}

/** Doubles on the unit simplex (rounding makes a few points dominated) or in the unit cube. */
function doubleCase(dim: number, minN: number, maxN: number): fc.Arbitrary<SweepCase> {
  const unit = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });
  const row = fc.array(unit, { minLength: dim, maxLength: dim });
  return fc
    .tuple(fc.array(row, { minLength: minN, maxLength: maxN }), fc.boolean())
    .map(([rows, onFront]) => (onFront ? rows.map((r) => r.map((value) => value / (r.reduce((sum, v) => sum + v, 0) || 1))) : rows))
    .map((rows) => ({ points: matrix(rows, dim), reference: new Array<number>(dim).fill(1.1) }));
}

describe('core sweeps = spec', () => {
  it('should give exactly the spec ranks in 2-D and 3-D above the radix cut-over, on one front and on grids', () => {
    fc.assert(
      fc.property(fc.oneof(integerCase(3, 64, 300), integerCase(2, 64, 300), doubleCase(3, 64, 200)), ({ points }) => {
        expect(Array.from(wasmKernels.paretoRanks(points))).toEqual(Array.from(specRanks(points)));
      }),
      { numRuns: 60 },
    );
  });

  it('should give exactly the spec ranks on stacked large fronts (each front past the dense-staircase cut-over)', () => {
    // Simplices at sums size, size + 1, …: each layer is mostly one front of ≥ 64 members, so
    // later fronts turn from treaps into dense staircases mid-sweep; copies and ties included.
    const layers = fc
      .integer({ min: 2, max: 30 })
      .chain((size) =>
        fc
          .array(frontRows(3, size, 64, 200), { minLength: 2, maxLength: 4 })
          .map((fronts) => fronts.flatMap((rows, k) => rows.map((r) => [r[0]!, r[1]!, r[2]! + k]))),
      );
    fc.assert(
      fc.property(fc.oneof(layers, integerCase(3, 1100, 1500)), (rows) => {
        const points = Array.isArray(rows) ? matrix(rows, 3) : rows.points;
        expect(Array.from(wasmKernels.paretoRanks(points))).toEqual(Array.from(specRanks(points)));
      }),
      { numRuns: 30 },
    );
  });

  it('should rank every point of a one-front set 0', () => {
    fc.assert(
      fc.property(frontRows(3, 40, 1, 300), (rows) => {
        expect(Array.from(wasmKernels.paretoRanks(matrix(rows, 3))).every((rank) => rank === 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('should give exactly the spec hypervolume on integer 3-D and 4-D sets (one front, copies, dominated rows)', () => {
    fc.assert(
      fc.property(fc.oneof(integerCase(3, 1, 300), integerCase(4, 1, 40)), ({ points, reference }) => {
        expect(wasmKernels.hypervolume(points, reference)).toBe(specHypervolume(points, reference));
      }),
      { numRuns: 80 },
    );
  });

  it('should give the spec hypervolume within a relative √ε on 3-D and 4-D doubles', () => {
    fc.assert(
      fc.property(fc.oneof(doubleCase(3, 1, 300), doubleCase(4, 1, 40)), ({ points, reference }) => {
        expect(closeTo(wasmKernels.hypervolume(points, reference), specHypervolume(points, reference))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('should give exactly the spec 3-D contributions on integer sets and within √ε of the total on doubles', () => {
    // The 3-D sweep's events: points on the staircase, points only one staircase point
    // dominates (copies, +1 offsets), points two dominate, equal heights, one-front sets.
    fc.assert(
      fc.property(integerCase(3, 1, 120), ({ points, reference }) => {
        expect(Array.from(wasmKernels.hypervolumeContributions(points, reference))).toEqual(Array.from(specContributions(points, reference)));
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(doubleCase(3, 1, 120), ({ points, reference }) => {
        const total = specHypervolume(points, reference);
        const actual = wasmKernels.hypervolumeContributions(points, reference);
        specContributions(points, reference).forEach((value, i) => expect(closeTo(actual[i]!, value, total)).toBe(true));
      }),
      { numRuns: 60 },
    );
  });
});
