/**
 * Where the live service gets carbon intensity. A provider knows a clock and a signal: the
 * rows it holds around now (history and, where the source has one, forecast) as one
 * piecewise-constant trace, the same structure the simulator integrates. `latest`,
 * `history` and `forecast` are views of it.
 */

import type { SignalKind } from '../carbon/formats/model.js';
import { type CarbonTrace, intensityAt, isoSeconds, rowAt } from '../carbon/trace.js';
import type { Clock } from './clock.js';

/** A provider could not answer (network, HTTP status, bad payload, no data for now). */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
}

export interface IntensityReading {
  /** The time asked about, Unix s. */
  readonly timeS: number;
  readonly intensityGPerKwh: number;
  /** Start and end of the row in force. */
  readonly rowStartS: number;
  readonly rowEndS: number;
}

export interface SignalSource {
  /** Human-readable source, e.g. `replay of ES:2022` or `Electricity Maps DE`. */
  readonly description: string;
  readonly kind: SignalKind;
  readonly clock: Clock;
  /** Everything known around now (past rows and forecast rows) as one trace. */
  signal(): Promise<CarbonTrace>;
}

export interface IntensityPoint {
  readonly timeS: number;
  readonly intensityGPerKwh: number;
}

export interface CarbonProvider extends SignalSource {
  /** The intensity in force now on the provider's clock. */
  latest(): Promise<IntensityReading>;
  /** The rows of the past `hours` up to now. */
  history(hours: number): Promise<IntensityPoint[]>;
  /** The rows from now to `hours` ahead, as far as the source forecasts. */
  forecast(hours: number): Promise<IntensityPoint[]>;
}

/** A provider from its signal: latest, history and forecast are views of it on its clock. */
export function withViews<T extends SignalSource>(source: T): T & CarbonProvider {
  return Object.assign(source, {
    latest: async () => readingAt(await source.signal(), source.clock.nowS()),
    history: async (hours: number) => {
      const nowS = source.clock.nowS();
      return rowsBetween(await source.signal(), nowS - hours * 3600, nowS);
    },
    forecast: async (hours: number) => {
      const nowS = source.clock.nowS();
      return rowsBetween(await source.signal(), nowS, nowS + hours * 3600);
    },
  });
}

/** The reading at `timeS` of a signal, or a ProviderError when the signal does not cover it. */
export function readingAt(trace: CarbonTrace, timeS: number): IntensityReading {
  if (!(timeS >= trace.timesS[0]! && timeS < trace.endS)) {
    throw new ProviderError(`no intensity for ${isoSeconds(timeS)}: ${trace.name} covers ${isoSeconds(trace.timesS[0]!)} to ${isoSeconds(trace.endS)}`);
  }
  const row = rowAt(trace, timeS);
  return { timeS, intensityGPerKwh: intensityAt(trace, timeS), rowStartS: trace.timesS[row]!, rowEndS: trace.timesS[row + 1] ?? trace.endS };
}

/** The rows of `trace` overlapping [fromS, toS), as points. */
export function rowsBetween(trace: CarbonTrace, fromS: number, toS: number): IntensityPoint[] {
  const points: IntensityPoint[] = [];
  for (let row = 0; row < trace.timesS.length; row++) {
    const startS = trace.timesS[row]!;
    const endS = trace.timesS[row + 1] ?? trace.endS;
    if (endS > fromS && startS < toS) points.push({ timeS: startS, intensityGPerKwh: trace.intensityGPerKwh[row]! });
  }
  return points;
}

/**
 * Replays a trace on a clock. Its forecast is the trace itself (a perfect forecast), which
 * is what the simulator's `remaining` and `forecast:H` windows assume, so a replay through
 * the service decides exactly as `simulate` does.
 */
export function replayProvider(trace: CarbonTrace, clock: Clock, kind: SignalKind = 'average'): CarbonProvider {
  return withViews({ description: `replay of ${trace.name}`, kind, clock, signal: async () => trace });
}

/** One trace of a past series followed by the forecast rows after it (the provider's view of now). */
export function joinHistoryAndForecast(history: CarbonTrace, forecast: CarbonTrace | undefined, name: string): CarbonTrace {
  const times = Array.from(history.timesS);
  const values = Array.from(history.intensityGPerKwh);
  let endS = history.endS;
  if (forecast !== undefined) {
    for (let row = 0; row < forecast.timesS.length; row++) {
      if (forecast.timesS[row]! < endS) continue;
      times.push(forecast.timesS[row]!);
      values.push(forecast.intensityGPerKwh[row]!);
    }
    endS = Math.max(endS, forecast.endS);
  }
  let gapCount = 0;
  for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! > history.stepS) gapCount++;
  return { name, signal: history.signal, timesS: Float64Array.from(times), intensityGPerKwh: Float64Array.from(values), stepS: history.stepS, endS, gapCount };
}
