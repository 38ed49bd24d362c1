/**
 * Pareto ranks (docs/conformance.md, `ranks`): rank 0 for the points nothing dominates, rank
 * k + 1 for those that only points of rank ≤ k dominate; duplicates share a rank. Rows are in
 * minimisation form.
 *
 * Every algorithm here visits the points in lexicographic order, so that a point can only be
 * dominated by points already placed; it goes to the first front none of whose members
 * dominates it (the fronts are nested: a point dominated by front k is dominated by front
 * k − 1 too).
 */

import { DUPLICATES, mutant } from './mutant';
import { dataOf, f64At, i32At, setF64, setI32, sortedOrder } from './rows';

/** 1-D: the rank is the number of distinct smaller values. */
function ranks1d(rows: StaticArray<f64>, n: i32, out: StaticArray<i32>): void {
  const order = sortedOrder(rows, n, 1, 0);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const i = unchecked(order[k]);
    if (k > 0 && unchecked(rows[i]) > unchecked(rows[order[k - 1]])) rank++;
    unchecked((out[i] = rank));
  }
}

/**
 * 2-D, O(n log n): in (x, y) order each front's latest point has the front's smallest y, and it
 * alone decides whether the front dominates a new point; a binary search finds the first
 * front that does not.
 */
function ranks2d(rows: StaticArray<f64>, n: i32, out: StaticArray<i32>): void {
  const order = sortedOrder(rows, n, 2, 0);
  const lastXArray = new StaticArray<f64>(n);
  const lastYArray = new StaticArray<f64>(n);
  const data = dataOf(rows);
  const sorted = dataOf(order);
  const lastX = dataOf(lastXArray);
  const lastY = dataOf(lastYArray);
  const ranks = dataOf(out);
  const duplicatesDominated = mutant == DUPLICATES;
  let fronts = 0;
  for (let k = 0; k < n; k++) {
    const i = i32At(sorted, k);
    const x = f64At(data, 2 * i);
    const y = f64At(data, 2 * i + 1);
    let low = 0;
    let high = fronts;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const fy = f64At(lastY, middle);
      // Its x is ≤ x; with equal y it dominates unless it is the same point.
      const dominated = fy < y || (fy == y && (f64At(lastX, middle) < x || (duplicatesDominated && f64At(lastX, middle) == x)));
      if (dominated) low = middle + 1;
      else high = middle;
    }
    setF64(lastX, low, x);
    setF64(lastY, low, y);
    if (low == fronts) fronts++;
    setI32(ranks, i, low);
  }
}

/** Whether row q (not after p in lexicographic order) dominates row p. */
@inline function dominatesEarlier(rows: usize, dim: i32, q: i32, p: i32): bool {
  let equal = true;
  for (let j = 0; j < dim; j++) {
    const a = f64At(rows, q * dim + j);
    const b = f64At(rows, p * dim + j);
    if (a > b) return false;
    if (a < b) equal = false;
  }
  return !equal;
}

/**
 * Any dimension: the sequential search of efficient non-dominated sorting (ENS-SS, Zhang et
 * al. 2015). Each front is a linked list, newest member first (the likeliest to dominate).
 */
function ranksSequential(rows: StaticArray<f64>, n: i32, dim: i32, out: StaticArray<i32>): void {
  const order = sortedOrder(rows, n, dim, 0);
  const newestArray = new StaticArray<i32>(n); // per front
  const previousArray = new StaticArray<i32>(n); // per point: the member added before it
  const data = dataOf(rows);
  const sorted = dataOf(order);
  const newest = dataOf(newestArray);
  const previous = dataOf(previousArray);
  const ranks = dataOf(out);
  let fronts = 0;
  for (let k = 0; k < n; k++) {
    const p = i32At(sorted, k);
    let front = 0;
    for (; front < fronts; front++) {
      let q = i32At(newest, front);
      while (q >= 0 && !dominatesEarlier(data, dim, q, p)) q = i32At(previous, q);
      if (q < 0) break; // nothing in this front dominates p
    }
    if (front == fronts) {
      setI32(newest, front, -1);
      fronts++;
    }
    setI32(previous, p, i32At(newest, front));
    setI32(newest, front, p);
    setI32(ranks, p, front);
  }
}

export function paretoRanks(rows: StaticArray<f64>, n: i32, dim: i32, out: StaticArray<i32>): void {
  if (dim == 1) ranks1d(rows, n, out);
  else if (dim == 2) ranks2d(rows, n, out);
  else ranksSequential(rows, n, dim, out);
}
