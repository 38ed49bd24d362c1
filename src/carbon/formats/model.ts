/**
 * What a trace file is, beside its rows: the provider format it was read as, whether its
 * intensity is an average (of the generation mix) or marginal (of the generator that answers
 * a change in load), the unit the file gave and the factor applied to reach gCO2eq/kWh.
 * `assembleTrace` turns validated rows into a `CarbonTrace` with the same checks and the same
 * one-line errors as the CSV reader (order, repeats, gaps longer than the step).
 */

import { InputError } from '../../errors.js';
import type { CarbonSignal, CarbonTrace } from '../trace.js';

export type TraceFormat =
  'electricitymaps-csv' | 'electricitymaps-api-json' | 'watttime-csv' | 'watttime-json' | 'carbon-aware-sdk-json' | 'uk-carbon-intensity-json' | 'generic-csv';

export type SignalKind = 'average' | 'marginal';

export interface TraceProvenance {
  readonly format: TraceFormat;
  /** The field or column the intensity was read from, as the file names it. */
  readonly field: string;
  readonly kind: SignalKind;
  /** The unit the file states (or its format documents). */
  readonly sourceUnit: string;
  /** Multiplies a source value into gCO2eq/kWh (1 when the file is already in it). */
  readonly toGPerKwh: number;
  /** Anything else the reader decided, in words (e.g. forecast rows used for missing actuals). */
  readonly notes: readonly string[];
}

export interface LoadedTrace {
  readonly trace: CarbonTrace;
  readonly provenance: TraceProvenance;
}

/** 1 lb = 453.59237 g exactly, and 1 MWh = 1000 kWh: lbs/MWh × 0.45359237 = g/kWh. */
export const G_PER_KWH_PER_LBS_PER_MWH = 0.45359237;

/** One row before assembly; `where` names its place for errors ("f.csv, line 3, column 'x'"). */
export interface TraceRow {
  readonly tS: number;
  readonly valueGPerKwh: number;
  readonly where: string;
  /** The row's short name in messages about other rows ("line 3", "data[2]"). */
  readonly label: string;
}

function describeDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The most common spacing (the smaller one on a tie), as the CSV reader defines the step. */
function modalStep(timesS: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < timesS.length; i++) counts.set(timesS[i]! - timesS[i - 1]!, (counts.get(timesS[i]! - timesS[i - 1]!) ?? 0) + 1);
  let best = Infinity;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return best;
}

export interface AssembleOptions {
  readonly source: string;
  readonly name?: string | undefined;
  readonly signal: CarbonSignal;
  readonly allowGaps?: boolean | undefined;
  /** The last row's length when the file states it (intervals, durations); else the spacing before it. */
  readonly lastDurationS?: number;
}

/** Checks the rows' order and spacing and builds the trace (piecewise constant, MODEL.md §3). */
export function assembleTrace(rows: readonly TraceRow[], options: AssembleOptions): CarbonTrace {
  const { source } = options;
  if (rows.length === 0) throw new InputError(`${source}: no data rows`);
  if (rows.length === 1 && options.lastDurationS === undefined) throw new InputError(`${source}: only one data row; a trace needs two to know its step`);
  for (const row of rows) {
    if (row.valueGPerKwh < 0) throw new InputError(`${row.where}: negative intensity ${row.valueGPerKwh}`);
  }
  for (let i = 1; i < rows.length; i++) {
    const [before, row] = [rows[i - 1]!, rows[i]!];
    if (row.tS === before.tS) throw new InputError(`${row.where}: timestamp repeats ${before.label}`);
    if (row.tS < before.tS) throw new InputError(`${row.where}: timestamp is earlier than ${before.label}'s; rows must be in time order`);
  }
  const times = rows.map((row) => row.tS);
  const stepS = rows.length === 1 ? options.lastDurationS! : modalStep(times);
  let gapCount = 0;
  for (let i = 1; i < rows.length; i++) {
    const spacingS = times[i]! - times[i - 1]!;
    if (spacingS <= stepS) continue;
    if (options.allowGaps !== true) {
      throw new InputError(
        `${rows[i]!.where}: gap of ${describeDuration(spacingS)} after ${rows[i - 1]!.label} (the trace's step is ${describeDuration(stepS)}); ` +
          `allow gaps explicitly to hold ${rows[i - 1]!.label}'s value across it`,
      );
    }
    gapCount++;
  }
  const lastS = times[times.length - 1]!;
  return {
    name: options.name ?? source,
    signal: options.signal,
    timesS: Float64Array.from(times),
    intensityGPerKwh: Float64Array.from(rows, (row) => row.valueGPerKwh),
    stepS,
    endS: lastS + (options.lastDurationS ?? lastS - times[times.length - 2]!),
    gapCount,
  };
}
