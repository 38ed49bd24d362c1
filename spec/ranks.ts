/**
 * Pareto ranks: rank 0 is the set of points that no other point dominates; rank k is the
 * non-dominated set of what remains after removing ranks 0..k−1 ("peeling", Goldberg 1989;
 * Deb et al. 2002). Duplicates share a rank.
 *
 * Computed here through the equivalent chain form: a point's rank is 0 when nothing
 * dominates it and otherwise 1 + the largest rank among its dominators. Every dominator of
 * a point precedes it in lexicographic order, so one pass in that order suffices. O(n² d).
 */

import { dominatesMin } from './dominance.js';
import type { ObjectiveOptions, PointMatrix } from './points.js';
import { minimisationRows, validateObjectiveOptions, validatePoints } from './points.js';

/** Lexicographic comparison of two minimisation rows. */
export function compareLexicographic(a: readonly number[], b: readonly number[]): number {
  for (let j = 0; j < a.length; j++) {
    if (a[j]! !== b[j]!) return a[j]! < b[j]! ? -1 : 1;
  }
  return 0;
}

export function paretoRanks(points: PointMatrix, options?: ObjectiveOptions): Int32Array {
  validatePoints(points);
  validateObjectiveOptions(options, points.dim);
  const rows = minimisationRows(points, options);
  const order = rows.map((_, i) => i).sort((a, b) => compareLexicographic(rows[a]!, rows[b]!));
  const ranks = new Int32Array(points.n);
  order.forEach((i, position) => {
    let rank = 0;
    for (let earlier = 0; earlier < position; earlier++) {
      const j = order[earlier]!;
      if (dominatesMin(rows[j]!, rows[i]!)) rank = Math.max(rank, ranks[j]! + 1);
    }
    ranks[i] = rank;
  });
  return ranks;
}
