/**
 * Fast carbon accounting over a trace for the simulator: the same integral as
 * `intensityIntegral` in spec/carbon.ts (within rounding), in O(log rows) per interval
 * through prefix sums at the row starts, and the window extremes CE-NAS's allocation needs.
 */

import { charge } from '../../spec/carbon.js';
import type { CarbonTrace } from './trace.js';
import { rowAt } from './trace.js';

export class CarbonIntegrator {
  /** ∫ CI dt from the trace start to each row start, gCO2eq/kWh · s. */
  private readonly prefix: Float64Array;

  constructor(readonly trace: CarbonTrace) {
    const { timesS, intensityGPerKwh } = trace;
    this.prefix = new Float64Array(timesS.length + 1);
    for (let row = 0; row < timesS.length; row++) {
      const rowEnd = timesS[row + 1] ?? trace.endS;
      this.prefix[row + 1] = this.prefix[row]! + intensityGPerKwh[row]! * (rowEnd - timesS[row]!);
    }
  }

  /** ∫ CI dt from the trace start to `tS`. */
  private cumulative(tS: number): number {
    if (tS === this.trace.endS) return this.prefix[this.trace.timesS.length]!;
    const row = rowAt(this.trace, tS);
    return this.prefix[row]! + this.trace.intensityGPerKwh[row]! * (tS - this.trace.timesS[row]!);
  }

  /** ∫ CI(t) dt over [startS, endS], gCO2eq/kWh · s. */
  intensityIntegral(startS: number, endS: number): number {
    if (!(endS >= startS)) throw new RangeError(`interval [${startS}, ${endS}] must have start ≤ end`);
    return this.cumulative(endS) - this.cumulative(startS);
  }

  /**
   * The time t ≥ `fromS` at which ∫ CI dt over [fromS, t] first reaches `integralGs`
   * (Infinity when the trace ends before): where a carbon budget runs out at constant power.
   */
  timeWhenIntegralReaches(fromS: number, integralGs: number): number {
    if (!(integralGs > 0)) return fromS;
    const target = this.cumulative(fromS) + integralGs;
    const rows = this.trace.timesS.length;
    if (target > this.prefix[rows]!) return Infinity;
    // The first row whose end reaches the target (rows of zero intensity are passed over).
    let low = 0;
    let high = rows - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.prefix[mid + 1]! >= target) high = mid;
      else low = mid + 1;
    }
    const rowStartS = this.trace.timesS[low]!;
    const intoRowS = (target - this.prefix[low]!) / this.trace.intensityGPerKwh[low]!;
    return Math.max(fromS, rowStartS + intoRowS);
  }

  /** Emissions of `powerW` (with `pue`) drawn over [startS, endS], kgCO2eq. */
  emissionsKg(startS: number, endS: number, powerW: number, pue = 1): number {
    return charge(powerW * pue, endS - startS, this.intensityIntegral(startS, endS)).carbonKg;
  }

  /** Smallest and largest intensity of the rows in force during [startS, endS). */
  extremes(startS: number, endS: number): { readonly minGPerKwh: number; readonly maxGPerKwh: number } {
    if (!(endS > startS)) throw new RangeError(`window [${startS}, ${endS}) must not be empty`);
    const { timesS } = this.trace;
    const first = rowAt(this.trace, startS);
    // The last row that starts before the window ends.
    let last = endS >= this.trace.endS ? timesS.length - 1 : rowAt(this.trace, endS);
    if (timesS[last]! >= endS) last--;
    let minGPerKwh = Infinity;
    let maxGPerKwh = -Infinity;
    for (let row = first; row <= last; row++) {
      minGPerKwh = Math.min(minGPerKwh, this.trace.intensityGPerKwh[row]!);
      maxGPerKwh = Math.max(maxGPerKwh, this.trace.intensityGPerKwh[row]!);
    }
    return { minGPerKwh, maxGPerKwh };
  }
}
