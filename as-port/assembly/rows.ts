/**
 * Point sets as the kernels see them: rows copied out of the host's buffer into managed
 * arrays, every objective in minimisation form (maximised ones negated), and a stable merge
 * sort of row indices.
 */

/** Byte offset of the f64 at `index` from `ptr`. */
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

/**
 * Lexicographic comparison of rows a and b, starting at coordinate `first` and wrapping
 * round (first, first + 1, …, dim − 1, 0, …): sorting by the last objective is first = dim − 1.
 */
function compareRows(rows: StaticArray<f64>, dim: i32, first: i32, a: i32, b: i32): i32 {
  for (let k = 0; k < dim; k++) {
    let j = first + k;
    if (j >= dim) j -= dim;
    const x = unchecked(rows[a * dim + j]);
    const y = unchecked(rows[b * dim + j]);
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** Indices of the `n` rows in ascending order (see `compareRows`); equal rows keep input order. */
export function sortedOrder(rows: StaticArray<f64>, n: i32, dim: i32, first: i32): StaticArray<i32> {
  let order = new StaticArray<i32>(n);
  let spare = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) unchecked((order[i] = i));
  // Bottom-up merge sort: stable and O(n log n) on every input, with no recursion.
  for (let width = 1; width < n; width <<= 1) {
    for (let low = 0; low < n; low += width << 1) {
      const middle = min(low + width, n);
      const high = min(low + (width << 1), n);
      let i = low;
      let j = middle;
      let k = low;
      while (i < middle && j < high) {
        if (compareRows(rows, dim, first, unchecked(order[j]), unchecked(order[i])) < 0) unchecked((spare[k++] = order[j++]));
        else unchecked((spare[k++] = order[i++]));
      }
      while (i < middle) unchecked((spare[k++] = order[i++]));
      while (j < high) unchecked((spare[k++] = order[j++]));
    }
    const swap = order;
    order = spare;
    spare = swap;
  }
  return order;
}
