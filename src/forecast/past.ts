/**
 * What a forecaster may see: a bounded copy of the trace's rows up to the issue time. The
 * forecaster receives this copy, never the trace, so it cannot read the future however it is
 * written ("causal by construction"). The row in force at the issue time is included: a
 * policy sees the intensity now, so a forecast issued now may use it too.
 */

import type { CarbonTrace } from '../carbon/trace.js';
import { lastStartAtOrBefore, rowAt } from '../carbon/trace.js';

export interface PastView {
  /** When the forecast is issued, Unix seconds. */
  readonly issueS: number;
  /** The trace's step, s: forecasts are made for the rows after the last one seen, one step apart. */
  readonly stepS: number;
  /** Start of each seen row (the last is the row in force at `issueS`), strictly increasing. */
  readonly timesS: Float64Array;
  /** Intensity of each seen row, gCO2eq/kWh. */
  readonly intensityGPerKwh: Float64Array;
}

/**
 * The rows of `trace` that start at or before `issueS`, the last `historyS` seconds of them
 * (and the row in force at their start), copied.
 */
export function pastView(trace: CarbonTrace, issueS: number, historyS: number): PastView {
  const last = rowAt(trace, issueS);
  const fromS = trace.timesS[last]! - historyS;
  let first = last;
  while (first > 0 && trace.timesS[first]! > fromS) first--;
  return {
    issueS,
    stepS: trace.stepS,
    timesS: trace.timesS.slice(first, last + 1),
    intensityGPerKwh: trace.intensityGPerKwh.slice(first, last + 1),
  };
}

/** The seen intensity in force at `tS` (the first row's before the view starts; never after `issueS`). */
export function seenAt(past: PastView, tS: number): number {
  return past.intensityGPerKwh[lastStartAtOrBefore(past.timesS, tS)]!;
}

/** Start of the last seen row: forecast step k is the row starting k steps after it. */
export function lastRowStartS(past: PastView): number {
  return past.timesS[past.timesS.length - 1]!;
}
