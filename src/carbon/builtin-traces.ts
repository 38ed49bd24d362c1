/**
 * The carbon traces bundled in `data/carbon/` (see data/README.md), by name `ZONE:YEAR`
 * (e.g. `US-CAL-CISO:2021`, `DE:2020`), and `resolveTrace`, which takes either such a name
 * or the path of a user's CSV file.
 *
 * Built-ins load with gaps allowed, since the sources have a few (DE:2020 has one 30-minute
 * step in a 15-minute trace); `ce-nas data` reports how many.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { packageFile } from '../package-files.js';
import type { CarbonSignal, CarbonTrace } from './trace.js';
import { readAnyTraceFile } from './formats/read.js';
import { decodeTraceBinary, TRACE_BINARY_SUFFIX } from './trace-binary.js';
import { readTraceFile, type TraceReadOptions } from './trace-csv.js';

const CARBON_DIR = 'data/carbon';
const FILE_PATTERN = /^(.+)_(\d{4})\.csv\.gz$/;

/** Names of the bundled traces, sorted. */
export function builtinTraceNames(): string[] {
  return readdirSync(packageFile(CARBON_DIR))
    .map((file) => FILE_PATTERN.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, zone, year]) => `${zone}:${year}`)
    .sort();
}

const cache = new Map<string, CarbonTrace>();

export function loadBuiltinTrace(name: string, signal: CarbonSignal = 'lca'): CarbonTrace {
  const key = `${name}|${signal}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const names = builtinTraceNames();
  if (!names.includes(name)) {
    throw new InputError(`unknown built-in trace '${name}'; built-in traces: ${names.join(', ')}`);
  }
  const [zone, year] = name.split(':') as [string, string];
  const noDirect = () => new InputError(`built-in trace ${name} has no direct-emission signal (only Electricity Maps traces do)`);
  const stem = join(packageFile(CARBON_DIR), `${zone}_${year}`);
  let trace: CarbonTrace | undefined;
  let binary: Buffer | undefined;
  try {
    binary = readFileSync(`${stem}${TRACE_BINARY_SUFFIX}`);
  } catch {
    // no binary (a trace added by hand): the CSV, parsed
  }
  if (binary !== undefined) {
    trace = decodeTraceBinary(gunzipSync(binary), signal, name, `${stem}${TRACE_BINARY_SUFFIX}`);
    if (trace === undefined) throw noDirect();
  } else {
    try {
      trace = readTraceFile(`${stem}.csv.gz`, { signal, allowGaps: true, name });
    } catch (error) {
      if (error instanceof InputError && signal === 'direct') throw noDirect();
      throw error;
    }
  }
  cache.set(key, trace);
  return trace;
}

/** The arrays one after the other. */
function concatenated(arrays: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    all.set(array, at);
    at += array.length;
  }
  return all;
}

/**
 * A zone's consecutive bundled years joined into one continuous trace, named
 * `ZONE:FIRST-LAST`: each year must begin where the one before ends, with the same step.
 */
export function loadJoinedBuiltinTrace(zone: string, firstYear: number, lastYear: number, signal: CarbonSignal = 'lca'): CarbonTrace {
  const name = `${zone}:${firstYear}-${lastYear}`;
  if (!(lastYear > firstYear)) throw new InputError(`trace ${name}: the last year must come after the first`);
  const key = `${name}|${signal}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const years: CarbonTrace[] = [];
  for (let year = firstYear; year <= lastYear; year++) years.push(loadBuiltinTrace(`${zone}:${year}`, signal));
  years.forEach((trace, k) => {
    const previous = years[k - 1];
    if (previous === undefined) return;
    if (trace.timesS[0] !== previous.endS || trace.stepS !== previous.stepS) {
      throw new InputError(`trace ${name}: ${trace.name} does not continue ${previous.name} (it must start where that ends, with the same step)`);
    }
  });
  const joined: CarbonTrace = {
    name,
    signal,
    timesS: concatenated(years.map((trace) => trace.timesS)),
    intensityGPerKwh: concatenated(years.map((trace) => trace.intensityGPerKwh)),
    stepS: years[0]!.stepS,
    endS: years[years.length - 1]!.endS,
    gapCount: years.reduce((sum, trace) => sum + trace.gapCount, 0),
  };
  cache.set(key, joined);
  return joined;
}

/** A built-in trace (`ZONE:YEAR`, or consecutive years `ZONE:FIRST-LAST`) when `nameOrPath` names one, else the user's file at that path. */
export function resolveTrace(nameOrPath: string, options: TraceReadOptions = {}): CarbonTrace {
  if (builtinTraceNames().includes(nameOrPath)) return loadBuiltinTrace(nameOrPath, options.signal);
  const range = /^([A-Za-z-]+):(\d{4})-(\d{4})$/.exec(nameOrPath);
  if (range !== null) return loadJoinedBuiltinTrace(range[1]!, Number(range[2]), Number(range[3]), options.signal);
  if (/^[A-Za-z-]+:\d{4}$/.test(nameOrPath)) {
    throw new InputError(`unknown built-in trace '${nameOrPath}'; built-in traces: ${builtinTraceNames().join(', ')}`);
  }
  return readAnyTraceFile(nameOrPath, options).trace; // any provider format `ce-nas data trace` reads
}
