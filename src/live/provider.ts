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

export interface CarbonProvider {
  /** Human-readable source, e.g. `replay of ES:2022` or `Electricity Maps DE`. */
  readonly description: string;
  readonly kind: SignalKind;
  readonly clock: Clock;
  /** Everything known around now (past rows and forecast rows) as one trace. */
  signal(): Promise<CarbonTrace>;
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
export function rowsBetween(trace: CarbonTrace, fromS: number, toS: number): { timeS: number; intensityGPerKwh: number }[] {
  const points: { timeS: number; intensityGPerKwh: number }[] = [];
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
  return { description: `replay of ${trace.name}`, kind, clock, signal: async () => trace };
}
