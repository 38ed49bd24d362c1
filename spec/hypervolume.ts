/**
 * Hypervolume (the S-metric, Zitzler & Thiele 1998): the Lebesgue measure of the region
 * that the points dominate and that dominates the reference point,
 *   HV(S, r) = λ( ∪_{p ∈ S} [p, r] ),
 * for minimised objectives. A point that is not strictly better than r in every objective
 * encloses no volume and is ignored. In 1-D, HV = max(0, r − min p).
 *
 * Computed by slicing along the last objective (Hypervolume by Slicing Objectives, While et
 * al. 2006): between consecutive distinct values of that objective, the covered slab is
 * the (d−1)-dimensional hypervolume of the points at or below the slab, times its height.
 * The 2-D case is the same slicing with the 1-D case folded into a running minimum.
 *
 * The exclusive contribution of a point is HV(S) − HV(S \ {p}) (leave one out). It is 0 for
 * a point that another point weakly dominates (a duplicate included), since removing it
 * leaves the union unchanged.
 *
 * A hypervolume beyond the largest double is an error (a RangeError naming the overflow),
 * never +∞: contributions would be ∞ − ∞ otherwise (docs/conformance.md, "Overflow").
 */

import { weaklyDominatesMin } from './dominance.js';
import type { ObjectiveOptions, PointMatrix } from './points.js';
import { minimisationReference, minimisationRows, validateObjectiveOptions, validatePoints, validateReference } from './points.js';

/** HV of minimisation rows that are all strictly inside the reference box, in `dim` objectives. */
function slicedVolume(rows: readonly number[][], reference: readonly number[], dim: number): number {
  if (rows.length === 0) return 0;
  if (dim === 1) return reference[0]! - rows.reduce((lowest, row) => Math.min(lowest, row[0]!), Infinity);
  const last = dim - 1;
  const sorted = [...rows].sort((a, b) => a[last]! - b[last]!);
  let volume = 0;
  let lowestX = Infinity; // 2-D: the 1-D volume of the slab's points is reference[0] − lowestX
  for (let k = 0; k < sorted.length; k++) {
    const height = (sorted[k + 1]?.[last] ?? reference[last]!) - sorted[k]![last]!;
    if (dim === 2) {
      lowestX = Math.min(lowestX, sorted[k]![0]!);
      volume += height * (reference[0]! - lowestX);
    } else if (height > 0) {
      volume += height * slicedVolume(sorted.slice(0, k + 1), reference, last);
    }
  }
  return volume;
}

// ---- Overflow: a defined error, shared with the core's wrapper (src/wasm/kernels.ts).
/** `volume` when finite; otherwise the RangeError every implementation must raise. */
export function finiteHypervolume(volume: number): number {
  if (!Number.isFinite(volume)) {
    throw new RangeError('hypervolume overflows: the volume exceeds the largest double (about 1.8e308); rescale the objectives');
  }
  return volume;
}
// ----

function insideRows(rows: number[][], reference: readonly number[]): number[][] {
  return rows.filter((row) => row.every((value, j) => value < reference[j]!));
}

function validateAll(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): void {
  validatePoints(points);
  validateReference(reference, points.dim);
  validateObjectiveOptions(options, points.dim);
}

export function hypervolume(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): number {
  validateAll(points, reference, options);
  const ref = minimisationReference(reference, options);
  return finiteHypervolume(slicedVolume(insideRows(minimisationRows(points, options), ref), ref, points.dim)) + 0;
}

export function hypervolumeContributions(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): Float64Array {
  validateAll(points, reference, options);
  const ref = minimisationReference(reference, options);
  const rows = minimisationRows(points, options);
  const total = finiteHypervolume(slicedVolume(insideRows(rows, ref), ref, points.dim));
  return Float64Array.from(rows, (row, i) => {
    const weaklyDominatedByAnother = rows.some((other, j) => j !== i && weaklyDominatesMin(other, row));
    if (weaklyDominatedByAnother) return 0;
    const others = rows.filter((_, j) => j !== i);
    return total - finiteHypervolume(slicedVolume(insideRows(others, ref), ref, points.dim)) + 0;
  });
}
