/**
 * Carbon-intensity traces and their semantics (MODEL.md §3): a row's intensity holds from
 * its timestamp until the next row's; the last row holds as long as the spacing before it
 * (one hour in an hourly trace). Times are Unix seconds (UTC); intensities are gCO2eq/kWh.
 */

export type CarbonSignal = 'lca' | 'direct';

export interface CarbonTrace {
  /** Built-in name (`US-CAL-CISO:2021`) or the file it was read from. */
  readonly name: string;
  /** Life-cycle (`lca`) or direct-emission (`direct`) intensity. */
  readonly signal: CarbonSignal;
  /** Start of each row, Unix seconds, strictly increasing. */
  readonly timesS: Float64Array;
  /** Intensity of each row, gCO2eq/kWh, ≥ 0. */
  readonly intensityGPerKwh: Float64Array;
  /** The trace's step: its most common row spacing, in seconds. */
  readonly stepS: number;
  /** End of the trace: the last row's start plus the spacing before it. */
  readonly endS: number;
  /** Spacings longer than the step (allowed only on request); the earlier row holds across. */
  readonly gapCount: number;
}

/** Index of the row in force at `tS` (the last row starting at or before it). */
export function rowAt(trace: CarbonTrace, tS: number): number {
  const { timesS } = trace;
  if (!(tS >= timesS[0]! && tS < trace.endS)) {
    throw new RangeError(`time ${isoSeconds(tS)} is outside the trace ${trace.name} (${isoSeconds(timesS[0]!)} to ${isoSeconds(trace.endS)})`);
  }
  return lastStartAtOrBefore(timesS, tS);
}

/** Index of the last of the ascending `timesS` at or before `tS` (0 when none is). */
export function lastStartAtOrBefore(timesS: ArrayLike<number>, tS: number): number {
  let low = 0;
  let high = timesS.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (timesS[mid]! <= tS) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Carbon intensity in force at `tS`, gCO2eq/kWh. */
export function intensityAt(trace: CarbonTrace, tS: number): number {
  return trace.intensityGPerKwh[rowAt(trace, tS)]!;
}

/** Seconds → ISO-8601 UTC without milliseconds when they are zero. */
export function isoSeconds(tS: number): string {
  if (!Number.isFinite(tS)) return String(tS);
  return new Date(tS * 1000).toISOString().replace('.000Z', 'Z');
}

export interface TraceFacts {
  readonly name: string;
  readonly signal: CarbonSignal;
  readonly rows: number;
  readonly start: string;
  readonly end: string;
  readonly stepS: number;
  readonly gaps: number;
  readonly minGPerKwh: number;
  /** Time-weighted mean over [start, end). */
  readonly meanGPerKwh: number;
  readonly maxGPerKwh: number;
}

export function traceFacts(trace: CarbonTrace): TraceFacts {
  const { timesS, intensityGPerKwh: values } = trace;
  let weighted = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const durationS = (timesS[i + 1] ?? trace.endS) - timesS[i]!;
    weighted += values[i]! * durationS;
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  return {
    name: trace.name,
    signal: trace.signal,
    rows: values.length,
    start: isoSeconds(timesS[0]!),
    end: isoSeconds(trace.endS),
    stepS: trace.stepS,
    gaps: trace.gapCount,
    minGPerKwh: min,
    meanGPerKwh: weighted / (trace.endS - timesS[0]!),
    maxGPerKwh: max,
  };
}
