/**
 * The carbon traces bundled in `data/carbon/` (see data/README.md), by name `ZONE:YEAR`
 * (e.g. `US-CAL-CISO:2021`, `DE:2020`), and `resolveTrace`, which takes either such a name
 * or the path of a user's CSV file.
 *
 * Built-ins load with gaps allowed, since the sources have a few (DE:2020 has one 30-minute
 * step in a 15-minute trace); `ce-nas data` reports how many.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { packageFile } from '../package-files.js';
import type { CarbonSignal, CarbonTrace } from './trace.js';
import { readAnyTraceFile } from './formats/read.js';
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
  const file = join(packageFile(CARBON_DIR), `${zone}_${year}.csv.gz`);
  let trace: CarbonTrace;
  try {
    trace = readTraceFile(file, { signal, allowGaps: true, name });
  } catch (error) {
    if (error instanceof InputError && signal === 'direct') {
      throw new InputError(`built-in trace ${name} has no direct-emission signal (only Electricity Maps traces do)`);
    }
    throw error;
  }
  cache.set(key, trace);
  return trace;
}

/** A built-in trace when `nameOrPath` names one, else the user's file at that path. */
export function resolveTrace(nameOrPath: string, options: TraceReadOptions = {}): CarbonTrace {
  if (builtinTraceNames().includes(nameOrPath)) return loadBuiltinTrace(nameOrPath, options.signal);
  if (/^[A-Za-z-]+:\d{4}$/.test(nameOrPath)) {
    throw new InputError(`unknown built-in trace '${nameOrPath}'; built-in traces: ${builtinTraceNames().join(', ')}`);
  }
  return readAnyTraceFile(nameOrPath, options).trace; // any provider format `ce-nas data trace` reads
}
