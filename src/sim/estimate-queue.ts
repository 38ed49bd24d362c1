/**
 * The queue of one-shot estimates waiting for an evaluation GPU, and the rule that picks from
 * it (MODEL.md §5, as the reference code's `sort_queue`): the estimate dominated by the fewest
 * other queued estimates (weak dominance), earliest queued on ties.
 */

import { weaklyDominatesMin } from '../../spec/index.js';

export interface Estimate {
  readonly architecture: number;
  /** Estimated objectives, minimisation form. */
  readonly values: readonly number[];
  readonly order: number;
}

/** Row of each architecture in an objective set (−1 when absent). */
export function rowIndex(size: number, indices: Int32Array): Int32Array {
  const rowOf = new Int32Array(size).fill(-1);
  indices.forEach((architecture, row) => (rowOf[architecture] = row));
  return rowOf;
}

/** Index of the queued estimate dominated by the fewest others (earliest on ties). */
export function leastDominated(queue: readonly Estimate[]): number {
  let best = -1;
  let bestCount = Infinity;
  queue.forEach((candidate, k) => {
    const count = queue.filter((other) => other !== candidate && weaklyDominatesMin(other.values, candidate.values)).length;
    if (count < bestCount || (count === bestCount && candidate.order < queue[best]!.order)) {
      best = k;
      bestCount = count;
    }
  });
  return best;
}
