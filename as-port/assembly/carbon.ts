/**
 * Energy and the carbon integral (docs/MODEL.md §3, docs/conformance.md `carbon`): the trace
 * is piecewise constant, row r's intensity holding on [t_r, t_{r+1}) and the last row's on
 * [t_last, end); power P (W) with overhead PUE drawn over [start, stop] emits
 * ∫ P·PUE·CI(t) dt, summed exactly over the rows the interval overlaps.
 * Units: s, W, gCO2eq/kWh in; kWh and kgCO2eq out.
 */

import { mutant, TRACE_BOUNDARY } from './mutant';
import { f64At } from './rows';

const JOULES_PER_KWH: f64 = 3.6e6;
const GRAMS_PER_KG: f64 = 1000;

/** Energy in kWh of `powerW` (times `pue`) over `durationS`. */
export function energyKwh(powerW: f64, pue: f64, durationS: f64): f64 {
  return (powerW * pue * durationS) / JOULES_PER_KWH;
}

/** The row holding time `t`: the last row starting at or before it (rows[0] ≤ t assumed). */
function rowAt(timesS: usize, rows: i32, t: f64): i32 {
  let low = 0;
  let high = rows - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (f64At(timesS, middle) <= t) low = middle;
    else high = middle - 1;
  }
  // The planted bug: start at the first row at or after t, losing a partial first row.
  if (mutant == TRACE_BOUNDARY && f64At(timesS, low) < t && low + 1 < rows) low++;
  return low;
}

/**
 * kgCO2eq over [startS, stopS]; NaN when the interval is not finite, reversed or outside
 * [timesS[0], endS], or the power is negative or PUE below 1.
 */
export function carbonKg(timesS: usize, intensity: usize, rows: i32, endS: f64, startS: f64, stopS: f64, powerW: f64, pue: f64): f64 {
  if (rows < 1 || !(isFinite(startS) && isFinite(stopS)) || stopS < startS) return NaN;
  if (startS < f64At(timesS, 0) || stopS > endS || !(powerW >= 0) || !(pue >= 1)) return NaN;
  let integral = 0.0; // gCO2eq/kWh · s
  for (let row = rowAt(timesS, rows, startS); row < rows; row++) {
    const rowStartS = f64At(timesS, row);
    if (rowStartS >= stopS) break;
    const rowEndS = row + 1 < rows ? f64At(timesS, row + 1) : endS;
    const overlapS = min(stopS, rowEndS) - max(startS, rowStartS);
    if (overlapS > 0) integral += f64At(intensity, row) * overlapS;
  }
  return (powerW * pue * integral) / JOULES_PER_KWH / GRAMS_PER_KG;
}
