/**
 * Seeded benchmark inputs. `uniform`: points uniform in the unit cube (many fronts, a small
 * first front). `front`: points on the unit sphere in the positive orthant, all mutually
 * non-dominated (the hard case for hypervolume and contributions).
 */

import type { PointMatrix } from '../spec/index.js';
import { Random } from '../src/random.js';

export type Shape = 'uniform' | 'front';

export function benchPoints(shape: Shape, n: number, dim: number, seed = 1): PointMatrix {
  const random = new Random(seed * 1_000_003 + n * 17 + dim);
  const values = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: dim }, () => random.float() + Number.EPSILON);
    const norm = shape === 'front' ? Math.hypot(...row) : 1;
    row.forEach((value, j) => (values[i * dim + j] = value / norm));
  }
  return { values, n, dim };
}

/** A reference point just beyond the unit cube. */
export function benchReference(dim: number): number[] {
  return new Array<number>(dim).fill(1.1);
}
