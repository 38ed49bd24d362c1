import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtinTraceNames, loadBuiltinTrace, resolveTrace } from '../src/carbon/builtin-traces.js';
import { intensityAt, rowAt, traceFacts } from '../src/carbon/trace.js';
import { parseTimestamp, parseTraceCsv, readTraceFile, type TraceReadOptions } from '../src/carbon/trace-csv.js';
import { InputError } from '../src/errors.js';

const RAW_EXPORT = fileURLToPath(new URL('./fixtures/electricitymaps-ES_2023_hourly.csv.gz', import.meta.url));

/** Row counts and spans of the bundled traces (data/README.md). */
const BUILTIN_FACTS: readonly (readonly [string, number, string, string])[] = [
  ['BR:2021', 8760, '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z'],
  ['BR:2022', 8760, '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'],
  ['BR:2023', 8760, '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  ['DE:2020', 35134, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'],
  ['ES:2021', 8760, '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z'],
  ['ES:2022', 8760, '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'],
  ['ES:2023', 8760, '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  ['FR:2020', 8784, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'],
  ['GB:2020', 20542, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'],
  ['NO:2021', 8760, '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z'],
  ['NO:2022', 8760, '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'],
  ['NO:2023', 8760, '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  ['US-CAL-CISO:2021', 8760, '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z'],
  ['US-CAL-CISO:2022', 8760, '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'],
  ['US-CAL-CISO:2023', 8760, '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
];

function expectInputError(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as Error).message).toMatch(message);
}

const GOOD = 'timestamp,carbon_intensity_gco2_per_kwh\n2021-01-01T00:00:00Z,100\n2021-01-01T01:00:00Z,200\n2021-01-01T02:00:00Z,50\n';

describe('built-in traces', () => {
  it('should list all 15 bundled traces', () => {
    expect(builtinTraceNames()).toEqual(BUILTIN_FACTS.map(([name]) => name));
  });

  it.each(BUILTIN_FACTS)('should load %s with %i rows from %s to %s', (name, rows, start, end) => {
    const facts = traceFacts(loadBuiltinTrace(name));
    expect([facts.rows, facts.start, facts.end]).toEqual([rows, start, end]);
  });

  it('should match the published ranges (US-CAL-CISO 2021: 99.4 / 417.3 / 274.3)', () => {
    const facts = traceFacts(loadBuiltinTrace('US-CAL-CISO:2021'));
    expect(facts.minGPerKwh).toBeCloseTo(99.39, 2);
    expect(facts.maxGPerKwh).toBeCloseTo(417.33, 2);
    expect(facts.meanGPerKwh).toBeCloseTo(274.33, 2);
    expect(facts.stepS).toBe(3600);
  });

  it('should report the two 30-minute gaps in DE:2020 and the 30-minute step of GB:2020', () => {
    expect(traceFacts(loadBuiltinTrace('DE:2020'))).toMatchObject({ stepS: 900, gaps: 2 });
    expect(traceFacts(loadBuiltinTrace('GB:2020'))).toMatchObject({ stepS: 1800, gaps: 0 });
  });

  it('should offer the direct signal only for Electricity Maps traces', () => {
    const lca = loadBuiltinTrace('ES:2023');
    const direct = loadBuiltinTrace('ES:2023', 'direct');
    expect(direct.intensityGPerKwh[0]).toBe(82.99);
    expect(lca.intensityGPerKwh[0]).toBe(114.42);
    expectInputError(() => loadBuiltinTrace('DE:2020', 'direct'), /DE:2020 has no direct-emission signal/);
  });

  it('should reject unknown names and list the known ones', () => {
    expectInputError(() => resolveTrace('XX:2021'), /unknown built-in trace 'XX:2021'; built-in traces: BR:2021/);
  });
});

describe('trace semantics (piecewise constant)', () => {
  const trace = parseTraceCsv(GOOD, 'good.csv');

  it('should hold each row until the next and the last for one spacing', () => {
    const t0 = Date.parse('2021-01-01T00:00:00Z') / 1000;
    expect(intensityAt(trace, t0)).toBe(100);
    expect(intensityAt(trace, t0 + 3599.5)).toBe(100);
    expect(intensityAt(trace, t0 + 3600)).toBe(200);
    expect(intensityAt(trace, t0 + 3 * 3600 - 1)).toBe(50);
    expect(trace.endS).toBe(t0 + 3 * 3600);
    expect(rowAt(trace, t0 + 7200)).toBe(2);
  });

  it('should reject times outside the trace', () => {
    expect(() => intensityAt(trace, trace.endS)).toThrow(/outside the trace good\.csv/);
    expect(() => intensityAt(trace, trace.timesS[0]! - 1)).toThrow(RangeError);
  });

  it('should weight the mean by time', () => {
    const uneven = parseTraceCsv(
      't,ci\n2021-01-01T00:00:00Z,100\n2021-01-01T01:00:00Z,200\n2021-01-01T02:00:00Z,0\n2021-01-01T02:30:00Z,0\n2021-01-01T03:00:00Z,0\n',
      'u.csv',
      { allowGaps: true },
    );
    // Rows last 1 h, 1 h, 30 min, 30 min, 30 min (step 30 min): (100 + 200) / 3.5 h.
    expect(traceFacts(uneven).meanGPerKwh).toBeCloseTo(300 / 3.5, 12);
    expect(uneven.gapCount).toBe(2);
  });

  it('should parse timestamps with zones and offsets', () => {
    expect(parseTimestamp('2021-07-02T06:00:00Z', true)).toBe(Date.parse('2021-07-02T06:00:00Z') / 1000);
    expect(parseTimestamp('2021-07-02T08:00:00+02:00', true)).toBe(Date.parse('2021-07-02T06:00:00Z') / 1000);
    expect(parseTimestamp('2021-07-02 06:00', true)).toBeUndefined();
    expect(parseTimestamp('2021-07-02 06:00', false)).toBe(Date.parse('2021-07-02T06:00:00Z') / 1000);
    expect(parseTimestamp('2021-02-30T00:00:00Z', true)).toBeUndefined();
  });
});

describe('Electricity Maps exports', () => {
  it('should read the real export, LCA by default, and agree with the bundled ES:2023 row for row', () => {
    const exported = readTraceFile(RAW_EXPORT);
    const bundled = loadBuiltinTrace('ES:2023');
    expect(exported.intensityGPerKwh).toEqual(bundled.intensityGPerKwh);
    expect(exported.timesS).toEqual(bundled.timesS);
    expect(exported.signal).toBe('lca');
  });

  it('should read the direct column on request', () => {
    expect(readTraceFile(RAW_EXPORT, { signal: 'direct' }).intensityGPerKwh).toEqual(loadBuiltinTrace('ES:2023', 'direct').intensityGPerKwh);
  });

  it('should name the missing carbon-intensity column', () => {
    const text = 'Datetime (UTC),Country,Carbon Intensity gCO₂eq/kWh (direct)\n2023-01-01 00:00:00,Spain,82.99\n2023-01-01 01:00:00,Spain,85.96\n';
    expectInputError(() => parseTraceCsv(text, 'em.csv'), /em\.csv, line 1: Electricity Maps export without the column 'Carbon Intensity gCO₂eq\/kWh \(LCA\)'/);
  });
});

describe('bad trace files', () => {
  it.each([
    ['an empty file', '', /bad\.csv: empty file/],
    ['a header without rows', 'timestamp,ci\n', /bad\.csv: no data rows/],
    ['a single row', 'timestamp,ci\n2021-01-01T00:00:00Z,1\n', /only one data row/],
    ['a wrong delimiter', 'timestamp;ci\n2021-01-01T00:00:00Z;1\n', /line 1: fields are separated by ';'; expected commas/],
    ['a missing intensity column', 'timestamp\n2021-01-01T00:00:00Z\n', /line 1: expected at least two columns/],
    ['no header', '2021-01-01T00:00:00Z,1\n2021-01-01T01:00:00Z,1\n', /line 1: expected a header row/],
    [
      'no direct column',
      'timestamp,carbon_intensity_gco2_per_kwh\n2021-01-01T00:00:00Z,1\n',
      /line 1: no direct-emission column/,
      { signal: 'direct' as const },
    ],
    [
      'a timestamp without a zone',
      'timestamp,ci\n2021-01-01T00:00:00Z,1\n2021-01-01T01:00:00,2\n',
      /line 3, column 'timestamp': '2021-01-01T01:00:00' has no time zone/,
    ],
    ['a malformed timestamp', 'timestamp,ci\n2021-01-01T00:00:00Z,1\nyesterday,2\n', /line 3, column 'timestamp': 'yesterday' is not an ISO-8601 timestamp/],
    [
      'an impossible date',
      'timestamp,ci\n2021-02-28T00:00:00Z,1\n2021-02-30T00:00:00Z,2\n',
      /line 3, column 'timestamp': '2021-02-30T00:00:00Z' is not an ISO-8601/,
    ],
    ['unsorted timestamps', 'timestamp,ci\n2021-01-01T01:00:00Z,1\n2021-01-01T00:00:00Z,2\n', /line 3, column 'timestamp': timestamp is earlier than line 2's/],
    [
      'a duplicate timestamp',
      'timestamp,ci\n2021-01-01T00:00:00Z,1\n2021-01-01T01:00:00Z,2\n2021-01-01T01:00:00Z,3\n',
      /line 4, column 'timestamp': timestamp repeats line 3/,
    ],
    ['a gap longer than the step', `${GOOD}2021-01-01T05:00:00Z,1\n`, /line 5, column 'timestamp': gap of 3 h after line 4 \(the trace's step is 1 h\)/],
    ['a negative value', 'timestamp,ci\n2021-01-01T00:00:00Z,1\n2021-01-01T01:00:00Z,-2\n', /line 3, column 'ci': negative intensity -2/],
    ['a non-numeric value', 'timestamp,ci\n2021-01-01T00:00:00Z,high\n2021-01-01T01:00:00Z,2\n', /line 2, column 'ci': 'high' is not a number/],
    ['an empty value', 'timestamp,ci\n2021-01-01T00:00:00Z,\n2021-01-01T01:00:00Z,2\n', /line 2, column 'ci': empty value/],
    ['a NaN value', 'timestamp,ci\n2021-01-01T00:00:00Z,NaN\n2021-01-01T01:00:00Z,2\n', /line 2, column 'ci': NaN is not a finite number/],
    ['a ragged row', 'timestamp,ci\n2021-01-01T00:00:00Z,1\n2021-01-01T01:00:00Z,2,3\n', /line 3: 3 fields, but the header has 2/],
  ] as [string, string, RegExp, TraceReadOptions?][])('should reject %s, naming the file and line', (_, text, message, options) => {
    expectInputError(() => parseTraceCsv(text, 'bad.csv', options), message);
  });

  it('should accept a gap when allowed, hold the earlier value across it and count it', () => {
    const trace = parseTraceCsv(`${GOOD}2021-01-01T05:00:00Z,1\n2021-01-01T06:00:00Z,1\n`, 'gap.csv', { allowGaps: true });
    expect(trace.gapCount).toBe(1);
    expect(intensityAt(trace, Date.parse('2021-01-01T04:30:00Z') / 1000)).toBe(50);
  });

  it('should skip blank lines but keep counting them in line numbers', () => {
    const text = 'timestamp,ci\n\n2021-01-01T00:00:00Z,1\n\n2021-01-01T01:00:00Z,x\n';
    expectInputError(() => parseTraceCsv(text, 'blank.csv'), /line 5, column 'ci'/);
  });

  it('should read gzipped and plain files and report unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-trace-'));
    writeFileSync(join(dir, 'plain.csv'), GOOD);
    writeFileSync(join(dir, 'packed.csv.gz'), gzipSync(GOOD));
    expect(readTraceFile(join(dir, 'plain.csv')).intensityGPerKwh).toEqual(readTraceFile(join(dir, 'packed.csv.gz')).intensityGPerKwh);
    expectInputError(() => readTraceFile(join(dir, 'missing.csv')), /missing\.csv: cannot read \(no such file\)/);
    expectInputError(() => readTraceFile(dir), /cannot read \(is a directory\)/);
  });
});

describe('consecutive bundled years joined', () => {
  it('should join a zone’s years into one continuous trace named ZONE:FIRST-LAST', () => {
    const joined = resolveTrace('US-CAL-CISO:2021-2023');
    const years = ['US-CAL-CISO:2021', 'US-CAL-CISO:2022', 'US-CAL-CISO:2023'].map((name) => loadBuiltinTrace(name));
    expect(joined.name).toBe('US-CAL-CISO:2021-2023');
    expect(joined.timesS.length).toBe(3 * 8760);
    expect(joined.timesS[0]).toBe(years[0]!.timesS[0]);
    expect(joined.endS).toBe(years[2]!.endS);
    // The second year's first row follows the first year's last row, values unchanged.
    expect(joined.timesS[8760]).toBe(years[1]!.timesS[0]);
    expect(joined.intensityGPerKwh[8760]).toBe(years[1]!.intensityGPerKwh[0]);
    expect(joined.intensityGPerKwh[8759]).toBe(years[0]!.intensityGPerKwh[8759]);
    for (let k = 1; k < joined.timesS.length; k++) expect(joined.timesS[k]! - joined.timesS[k - 1]!).toBe(3600);
  });

  it('should name the missing year or the wrong order', () => {
    expect(() => resolveTrace('DE:2020-2021')).toThrow(/unknown built-in trace 'DE:2021'/);
    expect(() => resolveTrace('ES:2022-2021')).toThrow(/trace ES:2022-2021: the last year must come after the first/);
  });
});
