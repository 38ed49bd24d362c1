/**
 * Hypervolume (docs/conformance.md, `hypervolume`, `contributions`): the measure of the union
 * of the boxes [p, reference] over the points p strictly better than the reference in every
 * objective (the others add nothing); 0 for none. Rows are in minimisation form.
 *
 * 1-D is reference − min; 2-D a sweep in x; 3-D a sweep in z over the 2-D staircase of the
 * points seen so far; more dimensions slice along the last objective (HSO, While et al. 2006)
 * down to 3-D.
 */

import { mutant, SLICING } from './mutant';
import { dataOf, f64At, i32At, setF64, sortedOrder } from './rows';

/** The rows strictly inside the reference box, except row `skip` (−1: none), compacted. */
function rowsInside(rows: StaticArray<f64>, n: i32, dim: i32, reference: StaticArray<f64>, skip: i32): StaticArray<f64> {
  let count = 0;
  const kept = new StaticArray<f64>(n * dim);
  for (let i = 0; i < n; i++) {
    if (i == skip) continue;
    let inside = true;
    for (let j = 0; j < dim; j++) if (!(unchecked(rows[i * dim + j]) < unchecked(reference[j]))) inside = false;
    if (!inside) continue;
    for (let j = 0; j < dim; j++) unchecked((kept[count * dim + j] = rows[i * dim + j]));
    count++;
  }
  return count == n ? kept : StaticArray.slice<f64>(kept, 0, count * dim);
}

/** Area of the union of [p, reference] for p in `rows` (2 columns), all inside the box. */
function area2d(rows: StaticArray<f64>, n: i32, reference: StaticArray<f64>): f64 {
  const order = sortedOrder(rows, n, 2, 0);
  const data = dataOf(rows);
  const sorted = dataOf(order);
  const refX = unchecked(reference[0]);
  let lowestY = unchecked(reference[1]);
  let area = 0.0;
  // In x order, each point adds the strip between its y and the lowest y seen before it.
  for (let k = 0; k < n; k++) {
    const i = i32At(sorted, k);
    const y = f64At(data, 2 * i + 1);
    if (y < lowestY) {
      area += (refX - f64At(data, 2 * i)) * (lowestY - y);
      lowestY = y;
    }
  }
  return area;
}

/**
 * The 2-D staircase of the points inserted so far: non-dominated (x, y) pairs in ascending x
 * (so descending y) and the area they cover up to the reference.
 */
class Staircase {
  // The arrays keep the memory alive; the loops use the raw pointers.
  private xsArray: StaticArray<f64>;
  private ysArray: StaticArray<f64>;
  private xs: usize;
  private ys: usize;
  length: i32 = 0;
  area: f64 = 0;

  constructor(capacity: i32, private refX: f64, private refY: f64) {
    this.xsArray = new StaticArray<f64>(capacity);
    this.ysArray = new StaticArray<f64>(capacity);
    this.xs = dataOf(this.xsArray);
    this.ys = dataOf(this.ysArray);
  }

  /** Adds (x, y), dropping the steps it dominates and adding the area it newly covers. */
  insert(x: f64, y: f64): void {
    const xs = this.xs;
    const ys = this.ys;
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (f64At(xs, middle) < x) low = middle + 1;
      else high = middle;
    }
    const at = low; // the first step with x ≥ the new x
    if (at > 0 && f64At(ys, at - 1) <= y) return; // dominated from the left
    if (at < this.length && f64At(xs, at) == x && f64At(ys, at) <= y) return; // same x, no higher
    // Walk right over the steps the new point covers, adding each strip above its y.
    let fromX = x;
    let height = at > 0 ? f64At(ys, at - 1) : this.refY;
    let end = at;
    let closed = false;
    while (end < this.length) {
      const stepX = f64At(xs, end);
      const stepY = f64At(ys, end);
      this.area += (stepX - fromX) * (height - y);
      if (stepY < y) {
        closed = true;
        break;
      }
      fromX = stepX;
      height = stepY;
      end++;
    }
    if (!closed) this.area += (this.refX - fromX) * (height - y);
    // Replace steps [at, end) by the new one.
    const tail = this.length - end;
    memory.copy(xs + ((<usize>at + 1) << 3), xs + (<usize>end << 3), <usize>tail << 3);
    memory.copy(ys + ((<usize>at + 1) << 3), ys + (<usize>end << 3), <usize>tail << 3);
    setF64(xs, at, x);
    setF64(ys, at, y);
    this.length = at + 1 + tail;
  }
}

/** Volume of the union of [p, reference] for p in `rows` (3 columns), all inside the box. */
function volume3d(rows: StaticArray<f64>, n: i32, reference: StaticArray<f64>): f64 {
  const order = sortedOrder(rows, n, 3, 2); // by z, then x, y
  const staircase = new Staircase(n, unchecked(reference[0]), unchecked(reference[1]));
  const data = dataOf(rows);
  const sorted = dataOf(order);
  const refZ = unchecked(reference[2]);
  let volume = 0.0;
  for (let k = 0; k < n; k++) {
    const i = i32At(sorted, k);
    staircase.insert(f64At(data, 3 * i), f64At(data, 3 * i + 1));
    const z = f64At(data, 3 * i + 2);
    const nextZ = k + 1 < n ? f64At(data, 3 * i32At(sorted, k + 1) + 2) : refZ;
    volume += staircase.area * (nextZ - z);
  }
  return volume;
}

/** Hypervolume of rows all strictly inside the reference box. */
function volumeInside(rows: StaticArray<f64>, n: i32, dim: i32, reference: StaticArray<f64>): f64 {
  if (n == 0) return 0;
  if (dim == 1) {
    let lowest = unchecked(rows[0]);
    for (let i = 1; i < n; i++) lowest = min(lowest, unchecked(rows[i]));
    return unchecked(reference[0]) - lowest;
  }
  if (dim == 2) return area2d(rows, n, reference);
  if (dim == 3) return volume3d(rows, n, reference);
  // Slice along the last objective: between consecutive values of it, the cross-section is
  // the (dim − 1)-D hypervolume of the points below.
  const last = dim - 1;
  const order = sortedOrder(rows, n, dim, last);
  const projected = new StaticArray<f64>(n * last);
  for (let k = 0; k < n; k++) {
    const i = unchecked(order[k]);
    for (let j = 0; j < last; j++) unchecked((projected[k * last + j] = rows[i * dim + j]));
  }
  const below = mutant == SLICING ? 0 : 1; // the planted bug leaves out the slice's own point
  let volume = 0.0;
  for (let k = 0; k < n; k++) {
    const height = (k + 1 < n ? unchecked(rows[order[k + 1] * dim + last]) : unchecked(reference[last])) - unchecked(rows[order[k] * dim + last]);
    if (height > 0) volume += height * volumeInside(projected, k + below, last, reference);
  }
  return volume;
}

export function hypervolume(rows: StaticArray<f64>, n: i32, dim: i32, reference: StaticArray<f64>): f64 {
  const inside = rowsInside(rows, n, dim, reference, -1);
  return volumeInside(inside, inside.length / dim, dim, reference);
}

/** HV(S) − HV(S \ {p}) for each p, by definition: n + 1 volumes (meant for small sets). */
export function contributions(rows: StaticArray<f64>, n: i32, dim: i32, reference: StaticArray<f64>, out: StaticArray<f64>): void {
  const total = hypervolume(rows, n, dim, reference);
  for (let p = 0; p < n; p++) {
    const others = rowsInside(rows, n, dim, reference, p);
    unchecked((out[p] = total - volumeInside(others, others.length / dim, dim, reference)));
  }
}
