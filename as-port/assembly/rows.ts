/**
 * Point sets as the kernels see them: rows copied out of the host's buffer into managed
 * arrays, every objective in minimisation form (maximised ones negated), and a stable merge
 * sort of row indices.
 *
 * Hot loops read and write managed arrays through their raw data pointer (`dataOf`, `f64At`,
 * `i32At`): under the incremental runtime every access through a managed reference also
 * stores it to the shadow stack, which made the sort 1.8–4 times slower. A raw pointer is used
 * only while its array is alive and no allocation (the only time the collector runs) happens.
 */

/** The data pointer of a managed array, for the loops that follow. */
@inline export function dataOf<T>(array: StaticArray<T>): usize {
  return changetype<usize>(array);
}

@inline export function i32At(ptr: usize, index: i32): i32 {
  return load<i32>(ptr + (<usize>index << 2));
}

@inline export function setI32(ptr: usize, index: i32, value: i32): void {
  store<i32>(ptr + (<usize>index << 2), value);
}

@inline export function setF64(ptr: usize, index: i32, value: f64): void {
  store<f64>(ptr + (<usize>index << 3), value);
}

/** The f64 at `index` of the block at `ptr`. */
@inline export function f64At(ptr: usize, index: i32): f64 {
  return load<f64>(ptr + (<usize>index << 3));
}

/** Whether objective `j` is maximised; `maximise` is 0 (none) or `dim` bytes of 0/1. */
@inline export function isMaximised(maximise: usize, j: i32): bool {
  return maximise != 0 && load<u8>(maximise + <usize>j) != 0;
}

/** `n × dim` host values in minimisation form, or null when one is NaN or infinite. */
export function orientedRows(ptr: usize, n: i32, dim: i32, maximise: usize): StaticArray<f64> | null {
  const rows = new StaticArray<f64>(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const value = f64At(ptr, i * dim + j);
      if (!isFinite(value)) return null;
      unchecked((rows[i * dim + j] = isMaximised(maximise, j) ? -value : value));
    }
  }
  return rows;
}

/** Row a against row b on the coordinates after `first`, wrapping round (ties on `first`). */
function compareRest(rows: usize, dim: i32, first: i32, a: i32, b: i32): i32 {
  for (let k = 1; k < dim; k++) {
    let j = first + k;
    if (j >= dim) j -= dim;
    const x = f64At(rows, a * dim + j);
    const y = f64At(rows, b * dim + j);
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * Indices of the `n` rows in lexicographic order starting at coordinate `first` and wrapping
 * round (first, first + 1, …, dim − 1, 0, …; sorting by the last objective is
 * first = dim − 1); equal rows keep their input order.
 */
export function sortedOrder(rows: StaticArray<f64>, n: i32, dim: i32, first: i32): StaticArray<i32> {
  // The merge moves each index together with its row's first key, so that nearly every
  // comparison reads memory in sequence; only ties look the rows up.
  let order = new StaticArray<i32>(n);
  let spare = new StaticArray<i32>(n);
  const keysArray = new StaticArray<f64>(n);
  const spareKeysArray = new StaticArray<f64>(n);
  const data = dataOf(rows);
  let from = dataOf(order);
  let to = dataOf(spare);
  let keys = dataOf(keysArray);
  let toKeys = dataOf(spareKeysArray);
  for (let i = 0; i < n; i++) {
    setI32(from, i, i);
    setF64(keys, i, f64At(data, i * dim + first));
  }
  // Bottom-up merge sort: stable and O(n log n) on every input, with no recursion.
  let swaps = 0;
  for (let width = 1; width < n; width <<= 1) {
    for (let low = 0; low < n; low += width << 1) {
      const middle = min(low + width, n);
      const high = min(low + (width << 1), n);
      let i = low;
      let j = middle;
      let k = low;
      while (i < middle && j < high) {
        const x = f64At(keys, i);
        const y = f64At(keys, j);
        // Take from the right run only when strictly smaller: stability.
        if (y < x || (y == x && compareRest(data, dim, first, i32At(from, j), i32At(from, i)) < 0)) {
          setF64(toKeys, k, y);
          setI32(to, k++, i32At(from, j++));
        } else {
          setF64(toKeys, k, x);
          setI32(to, k++, i32At(from, i++));
        }
      }
      for (; i < middle; i++, k++) {
        setF64(toKeys, k, f64At(keys, i));
        setI32(to, k, i32At(from, i));
      }
      for (; j < high; j++, k++) {
        setF64(toKeys, k, f64At(keys, j));
        setI32(to, k, i32At(from, j));
      }
    }
    let swap = from;
    from = to;
    to = swap;
    swap = keys;
    keys = toKeys;
    toKeys = swap;
    swaps++;
  }
  return swaps % 2 == 0 ? order : spare;
}
