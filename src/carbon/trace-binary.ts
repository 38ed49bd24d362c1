/**
 * The bundled traces in binary (`data/carbon/ZONE_YEAR.trace.gz`), so that the simulator's
 * start does not parse a year of CSV (about 80 ms a year on this project's 2-core machine).
 * Each is made by `scripts/pack-data.ts` from the CSV beside it, which stays the source;
 * test/data-binaries.test.ts checks that each equals a fresh parse of its CSV byte for byte.
 *
 *   gzip of: "CENASTRC1\n" | u32 LE header length | header JSON, space-padded so the arrays start 8-aligned |
 *            f64 LE timesS[rows] | f64 LE intensity[rows] per signal, in `signals` order
 * with the header `{ rows, stepS, endS, gapCount, signals }`: the signals the CSV has (a
 * trace without a direct-emission column has `["lca"]` only).
 */

import { f64FromBytes, f64ToBytes } from '../binary.js';
import { InputError } from '../errors.js';
import { readTraceFile } from './trace-csv.js';
import type { CarbonSignal, CarbonTrace } from './trace.js';

const MAGIC = 'CENASTRC1\n';

interface Header {
  readonly rows: number;
  readonly stepS: number;
  readonly endS: number;
  readonly gapCount: number;
  readonly signals: readonly CarbonSignal[];
}

/** Suffix of a bundled trace's binary beside its CSV. */
export const TRACE_BINARY_SUFFIX = '.trace.gz';

/** Every signal a trace CSV has, parsed afresh: what its binary holds (a trace may lack `direct`). */
export function readTraceSignals(csvPath: string): Map<CarbonSignal, CarbonTrace> {
  const bySignal = new Map<CarbonSignal, CarbonTrace>();
  for (const signal of ['lca', 'direct'] as const) {
    try {
      bySignal.set(signal, readTraceFile(csvPath, { signal, allowGaps: true }));
    } catch (error) {
      if (!(error instanceof InputError && signal === 'direct')) throw error;
    }
  }
  return bySignal;
}

/** The uncompressed binary of one trace read with each of its signals (same rows, step and gaps). */
export function encodeTraceBinary(bySignal: ReadonlyMap<CarbonSignal, CarbonTrace>): Buffer {
  const traces = [...bySignal.values()];
  const first = traces[0];
  if (first === undefined) throw new RangeError('a trace binary needs at least one signal');
  for (const trace of traces) {
    const same =
      trace.timesS.length === first.timesS.length &&
      trace.timesS.every((t, i) => Object.is(t, first.timesS[i])) &&
      trace.stepS === first.stepS &&
      trace.endS === first.endS &&
      trace.gapCount === first.gapCount;
    if (!same) throw new RangeError(`the ${trace.signal} and ${first.signal} signals of ${first.name} have different rows`);
  }
  const header: Header = { rows: first.timesS.length, stepS: first.stepS, endS: first.endS, gapCount: first.gapCount, signals: [...bySignal.keys()] };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((MAGIC.length + 4 + json.length) % 8)) % 8); // the arrays start 8-aligned
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'),
    length,
    Buffer.from(json, 'latin1'),
    f64ToBytes(first.timesS),
    ...traces.map((t) => f64ToBytes(t.intensityGPerKwh)),
  ]);
}

/**
 * One signal of an uncompressed trace binary, named `name`; undefined when the trace has no
 * such signal. Throws on a file that is not a trace binary (`source` names it).
 */
export function decodeTraceBinary(bytes: Buffer, signal: CarbonSignal, name: string, source: string): CarbonTrace | undefined {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${source}: not a ce-nas trace binary`);
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4 + headerLength;
  const header = JSON.parse(bytes.toString('latin1', MAGIC.length + 4, start)) as Header;
  const k = header.signals.indexOf(signal);
  if (k < 0) return undefined;
  if (bytes.length !== start + 8 * header.rows * (1 + header.signals.length)) throw new Error(`${source}: truncated trace binary`);
  return {
    name,
    signal,
    timesS: f64FromBytes(bytes, start, header.rows),
    intensityGPerKwh: f64FromBytes(bytes, start + 8 * header.rows * (1 + k), header.rows),
    stepS: header.stepS,
    endS: header.endS,
    gapCount: header.gapCount,
  };
}
