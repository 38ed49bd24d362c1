/**
 * Reads carbon-intensity traces from CSV, in two formats detected from the header:
 * - Electricity Maps exports: a `Datetime (UTC)` column (UTC by its name, so timestamps may
 *   omit the zone) and `Carbon Intensity gCO₂eq/kWh (LCA)` / `(direct)` columns;
 * - generic: the first column is an ISO-8601 timestamp with a zone (`Z` or `±hh:mm`); the
 *   intensity (gCO2eq/kWh) is the column `carbon_intensity_gco2_per_kwh` if present, else
 *   the second column; the direct signal is `carbon_intensity_direct_gco2_per_kwh`.
 * Every problem is an InputError naming the file, line and column. Nothing is dropped or
 * filled: gaps longer than the trace's step are errors unless `allowGaps` is set, in which
 * case the earlier row holds across the gap (the model's piecewise-constant semantics).
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { describeReadError, InputError } from '../errors.js';
import { parseFiniteNumber } from '../text/numbers.js';
import type { CarbonSignal, CarbonTrace } from './trace.js';

export interface TraceReadOptions {
  /** Life-cycle (`lca`, default) or direct-emission (`direct`) intensity. */
  readonly signal?: CarbonSignal;
  /** Accept spacings longer than the trace's step (default false: an error). */
  readonly allowGaps?: boolean;
  /** Name for the trace (default: the source). */
  readonly name?: string;
}

const ELECTRICITY_MAPS_TIME = 'Datetime (UTC)';
const GENERIC_COLUMNS: Readonly<Record<CarbonSignal, string>> = {
  lca: 'carbon_intensity_gco2_per_kwh',
  direct: 'carbon_intensity_direct_gco2_per_kwh',
};

/** Header cells compared without case, spaces or the subscript in gCO₂. */
function normalisedHeader(cell: string): string {
  return cell.replace(/₂/g, '2').replace(/\s+/g, ' ').trim().toLowerCase();
}

interface Layout {
  readonly format: 'electricitymaps' | 'generic';
  readonly timeColumn: number;
  readonly valueColumn: number;
  readonly zoneRequired: boolean;
}

function detectLayout(header: readonly string[], source: string, signal: CarbonSignal): Layout {
  const names = header.map(normalisedHeader);
  const timeColumn = names.indexOf(normalisedHeader(ELECTRICITY_MAPS_TIME));
  if (timeColumn >= 0) {
    const wanted = `Carbon Intensity gCO₂eq/kWh (${signal === 'lca' ? 'LCA' : 'direct'})`;
    const valueColumn = names.indexOf(normalisedHeader(wanted));
    if (valueColumn < 0) throw new InputError(`${source}, line 1: Electricity Maps export without the column '${wanted}'`);
    return { format: 'electricitymaps', timeColumn, valueColumn, zoneRequired: false };
  }
  if (header.length < 2) {
    throw new InputError(`${source}, line 1: expected at least two columns (timestamp, gCO2eq/kWh), found ${header.length}`);
  }
  if (parseTimestamp(header[0]!.trim(), false) !== undefined) {
    throw new InputError(`${source}, line 1: expected a header row (e.g. timestamp,${GENERIC_COLUMNS.lca}), found data`);
  }
  const named = names.indexOf(GENERIC_COLUMNS[signal]);
  if (signal === 'direct' && named < 0) {
    throw new InputError(`${source}, line 1: no direct-emission column '${GENERIC_COLUMNS.direct}' for signal 'direct'`);
  }
  return { format: 'generic', timeColumn: 0, valueColumn: named >= 0 ? named : 1, zoneRequired: true };
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of `count` ASCII digits of `text` at `at`, or −1 if any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = at; k < at + count; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Unix seconds of an ISO-8601 timestamp `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`;
 * undefined when it is malformed, names an impossible date or time, or lacks a zone that is
 * required. Hand-written rather than a regex and `Date`: it runs once per trace row.
 */
export function parseTimestamp(text: string, zoneRequired: boolean): number | undefined {
  if (text.length < 16 || text[4] !== '-' || text[7] !== '-' || (text[10] !== 'T' && text[10] !== ' ') || text[13] !== ':') return undefined;
  const [year, month, day, hour, minute] = [digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2), digitsAt(text, 11, 2), digitsAt(text, 14, 2)];
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return undefined;
  }
  let at = 16;
  let seconds = 0;
  if (text[at] === ':') {
    seconds = digitsAt(text, at + 1, 2);
    if (seconds < 0 || seconds > 59) return undefined;
    at += 3;
    if (text[at] === '.') {
      let end = at + 1;
      while (end < text.length && digitsAt(text, end, 1) >= 0) end++;
      if (end === at + 1) return undefined;
      seconds += Number(text.slice(at, end));
      at = end;
    }
  }
  let offsetS = 0;
  if (at === text.length) {
    if (zoneRequired) return undefined;
  } else if (text[at] === 'Z' && at + 1 === text.length) {
    offsetS = 0;
  } else if (text[at] === '+' || text[at] === '-') {
    const rest = text.slice(at + 1).replace(':', '');
    const [offsetHours, offsetMinutes] = [digitsAt(rest, 0, 2), digitsAt(rest, 2, 2)];
    if (rest.length !== 4 || offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
    offsetS = (text[at] === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  } else {
    return undefined;
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + seconds - offsetS;
}

function describeTimestampProblem(text: string, zoneRequired: boolean): string {
  if (text === '') return 'empty timestamp';
  if (zoneRequired && parseTimestamp(text, false) !== undefined) {
    return `'${text}' has no time zone (add Z for UTC or an offset such as +01:00)`;
  }
  return `'${text}' is not an ISO-8601 timestamp (e.g. 2021-07-02T06:00:00Z)`;
}

function describeDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The most common spacing (the smaller one on a tie). */
function modalStep(timesS: Float64Array): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < timesS.length; i++) {
    const step = timesS[i]! - timesS[i - 1]!;
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = Infinity;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  }
  return best;
}

/** Parses a trace from CSV text; `source` names the file in errors. */
export function parseTraceCsv(text: string, source: string, options: TraceReadOptions = {}): CarbonTrace {
  const signal = options.signal ?? 'lca';
  if (signal !== 'lca' && signal !== 'direct') throw new InputError(`signal must be 'lca' or 'direct', got '${String(signal)}'`);
  if (text.trim() === '') throw new InputError(`${source}: empty file (expected a header line and data rows)`);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  const firstError = parsed.errors[0];
  if (firstError !== undefined) {
    throw new InputError(`${source}, line ${(firstError.row ?? 0) + 1}: ${firstError.message}`);
  }
  const [header = [], ...records] = parsed.data;
  if (header.length === 1) {
    const delimiter = [';', '\t', '|'].find((candidate) => header[0]!.includes(candidate));
    if (delimiter !== undefined) {
      throw new InputError(`${source}, line 1: fields are separated by '${delimiter === '\t' ? '\\t' : delimiter}'; expected commas`);
    }
  }
  const layout = detectLayout(header, source, signal);
  const timeName = header[layout.timeColumn]!.trim();
  const valueName = header[layout.valueColumn]!.trim();

  const times: number[] = [];
  const values: number[] = [];
  const lines: number[] = [];
  records.forEach((record, k) => {
    const line = k + 2;
    if (record.length === 1 && record[0]!.trim() === '') return; // blank line
    if (record.length !== header.length) {
      throw new InputError(`${source}, line ${line}: ${record.length} fields, but the header has ${header.length}`);
    }
    const timeText = record[layout.timeColumn]!.trim();
    const tS = parseTimestamp(timeText, layout.zoneRequired);
    if (tS === undefined) {
      throw new InputError(`${source}, line ${line}, column '${timeName}': ${describeTimestampProblem(timeText, layout.zoneRequired)}`);
    }
    const where = `${source}, line ${line}, column '${valueName}'`;
    const value = parseFiniteNumber(record[layout.valueColumn]!.trim(), where);
    if (value < 0) throw new InputError(`${where}: negative intensity ${value}`);
    times.push(tS);
    values.push(value);
    lines.push(line);
  });
  if (times.length === 0) throw new InputError(`${source}: no data rows after the header`);
  if (times.length === 1) throw new InputError(`${source}: only one data row; a trace needs two to know its step`);

  const timesS = Float64Array.from(times);
  for (let i = 1; i < timesS.length; i++) {
    if (timesS[i]! === timesS[i - 1]!) {
      throw new InputError(`${source}, line ${lines[i]}, column '${timeName}': timestamp repeats line ${lines[i - 1]}`);
    }
    if (timesS[i]! < timesS[i - 1]!) {
      throw new InputError(`${source}, line ${lines[i]}, column '${timeName}': timestamp is earlier than line ${lines[i - 1]}'s; rows must be in time order`);
    }
  }
  const stepS = modalStep(timesS);
  let gapCount = 0;
  for (let i = 1; i < timesS.length; i++) {
    const spacingS = timesS[i]! - timesS[i - 1]!;
    if (spacingS <= stepS) continue;
    if (options.allowGaps !== true) {
      throw new InputError(
        `${source}, line ${lines[i]}, column '${timeName}': gap of ${describeDuration(spacingS)} after line ${lines[i - 1]} ` +
          `(the trace's step is ${describeDuration(stepS)}); allow gaps explicitly to hold line ${lines[i - 1]}'s value across it`,
      );
    }
    gapCount++;
  }
  return {
    name: options.name ?? source,
    signal,
    timesS,
    intensityGPerKwh: Float64Array.from(values),
    stepS,
    endS: 2 * timesS[timesS.length - 1]! - timesS[timesS.length - 2]!,
    gapCount,
  };
}

/** Reads a trace file, plain or gzipped (detected from its first bytes). */
export function readTraceFile(path: string, options: TraceReadOptions = {}): CarbonTrace {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(`${path}: cannot read (${describeReadError(error)})`);
  }
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: string;
  try {
    text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InputError(`${path}: corrupt gzip data (${(error as Error).message})`);
  }
  return parseTraceCsv(text, path, options);
}
