/** The trace and the unit constants of `schedule` (schedule.ts), and reading f64 slots of a block. */

export const SECONDS_PER_HOUR: f64 = 3600;
export const WATTS_PER_KILOWATT: f64 = 1000;
export const GRAMS_PER_KILOGRAM: f64 = 1000;

@inline export function at(ptr: usize, index: i32): f64 {
  return load<f64>(ptr + (<usize>index << 3));
}

/** The trace: row starts, intensities (gCO2eq/kWh), end; piecewise constant. */
export class Trace {
  constructor(
    public times: StaticArray<f64>,
    public values: StaticArray<f64>,
    public endS: f64,
  ) {}

  /** ∫ CI dt over [fromS, toS] (gCO2eq/kWh · s), row by row from the row holding fromS. */
  integral(fromS: f64, toS: f64): f64 {
    const rows = this.times.length;
    let low = 0;
    let high = rows - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (unchecked(this.times[middle]) <= fromS) low = middle;
      else high = middle - 1;
    }
    let sum = 0.0;
    for (let row = low; row < rows; row++) {
      const rowStart = unchecked(this.times[row]);
      if (rowStart >= toS) break;
      const rowEnd = row + 1 < rows ? unchecked(this.times[row + 1]) : this.endS;
      const overlap = min(toS, rowEnd) - max(fromS, rowStart);
      if (overlap > 0) sum += unchecked(this.values[row]) * overlap;
    }
    return sum;
  }
}

