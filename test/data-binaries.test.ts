/**
 * The binaries of data/ that spare the simulator's start the parsing (scripts/pack-data.ts
 * writes them) must equal a fresh computation from their sources, byte for byte: the space
 * index from nasbench201.cols's op codes, each trace from its CSV.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadBuiltinTrace, loadJoinedBuiltinTrace } from '../src/carbon/builtin-traces.js';
import { decodeTraceBinary, encodeTraceBinary, readTraceSignals, TRACE_BINARY_SUFFIX } from '../src/carbon/trace-binary.js';
import { readTraceFile } from '../src/carbon/trace-csv.js';
import { readSearchSpace } from '../src/data/search-space.js';
import { decodeSpaceIndex, encodeSpaceIndex, SPACE_INDEX_FILE } from '../src/data/space-index.js';
import { packageFile } from '../src/package-files.js';

const CARBON = packageFile('data/carbon');
const CSV_FILES = readdirSync(CARBON).filter((file) => file.endsWith('.csv.gz'));

/** Every signal the CSV has, parsed afresh. */
const parsedSignals = (file: string) => readTraceSignals(join(CARBON, file));

describe('data binaries', () => {
  it('should hold the space index computed from the op codes, byte for byte', () => {
    const space = readSearchSpace();
    const fresh = encodeSpaceIndex(space.computedArrays());
    const bundled = gunzipSync(readFileSync(packageFile(SPACE_INDEX_FILE)));
    expect(bundled.equals(fresh)).toBe(true);
    expect(space.encodings()).toEqual(space.computedArrays().encodings);
    expect(space.gridIndexes()).toEqual(space.computedArrays().gridIndex);
  });

  it('should refuse an index of another size', () => {
    const bytes = gunzipSync(readFileSync(packageFile(SPACE_INDEX_FILE)));
    expect(() => decodeSpaceIndex(bytes, 15_624, 'x.index')).toThrow('x.index: not an index of 15624 architectures');
  });

  it('should have a binary for each bundled trace, equal to a fresh parse of its CSV byte for byte', () => {
    expect(CSV_FILES).toHaveLength(15);
    for (const file of CSV_FILES) {
      const binaryFile = join(CARBON, file.replace(/\.csv\.gz$/, TRACE_BINARY_SUFFIX));
      const bundled = gunzipSync(readFileSync(binaryFile));
      expect(bundled.equals(encodeTraceBinary(parsedSignals(file))), file).toBe(true);
    }
  });

  it('should load each bundled trace and signal exactly as the CSV reads', () => {
    for (const file of CSV_FILES) {
      const name = file.replace(/_(\d{4})\.csv\.gz$/, ':$1');
      for (const [signal, parsed] of parsedSignals(file)) {
        expect(loadBuiltinTrace(name, signal), `${name} ${signal}`).toEqual({ ...parsed, name });
      }
    }
    expect(() => loadBuiltinTrace('DE:2020', 'direct')).toThrow('built-in trace DE:2020 has no direct-emission signal (only Electricity Maps traces do)');
  });

  it('should join years as the CSVs read one after the other', () => {
    const joined = loadJoinedBuiltinTrace('US-CAL-CISO', 2021, 2022);
    const years = ['US-CAL-CISO_2021.csv.gz', 'US-CAL-CISO_2022.csv.gz'].map((file) => readTraceFile(join(CARBON, file), { allowGaps: true }));
    expect(joined.timesS).toEqual(Float64Array.from([...years[0]!.timesS, ...years[1]!.timesS]));
    expect(joined.intensityGPerKwh).toEqual(Float64Array.from([...years[0]!.intensityGPerKwh, ...years[1]!.intensityGPerKwh]));
  });

  it('should say which signal a trace binary lacks and refuse other files', () => {
    const bytes = encodeTraceBinary(new Map([['lca', readTraceFile(join(CARBON, 'DE_2020.csv.gz'), { allowGaps: true })]]));
    expect(decodeTraceBinary(bytes, 'direct', 'DE:2020', 'x')).toBeUndefined();
    expect(() => decodeTraceBinary(Buffer.from('hello'), 'lca', 'x', 'x.trace')).toThrow('x.trace: not a ce-nas trace binary');
    expect(() => decodeTraceBinary(bytes.subarray(0, bytes.length - 8), 'lca', 'x', 'x.trace')).toThrow('x.trace: truncated trace binary');
  });
});
