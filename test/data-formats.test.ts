import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../src/carbon/trace-csv.js';
import { ColumnTable, encodeColumnTable } from '../src/data/column-file.js';

describe('timestamps', () => {
  it('should agree with Date.parse on every valid ISO-8601 UTC or offset timestamp', () => {
    const instant = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true });
    const offsetMinutes = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instant, offsetMinutes, fc.boolean(), (date, offset, colon) => {
        const seconds = Math.floor(date.getTime() / 1000);
        const local = new Date((seconds + offset * 60) * 1000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
        const mm = String(Math.abs(offset) % 60).padStart(2, '0');
        const zone = `${sign}${hh}${colon ? ':' : ''}${mm}`;
        expect(parseTimestamp(`${local}${zone}`, true)).toBe(seconds);
        expect(parseTimestamp(`${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`, true)).toBe(seconds);
      }),
    );
  });

  it.each([
    '2021-13-01T00:00:00Z',
    '2021-04-31T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2021-01-01T24:00:00Z',
    '2021-01-01T00:60:00Z',
    '2021-01-01T00:00:61Z',
    '2021-01-01T00:00:00+2',
    '2021-01-01T00:00:00 Z',
    '2021-1-01T00:00:00Z',
  ])('should reject %s', (text) => {
    expect(parseTimestamp(text, true)).toBeUndefined();
  });

  it('should accept leap days, fractions and a missing seconds field', () => {
    expect(parseTimestamp('2024-02-29T12:00:00Z', true)).toBe(Date.parse('2024-02-29T12:00:00Z') / 1000);
    expect(parseTimestamp('2021-01-01T00:00:00.5Z', true)).toBe(Date.parse('2021-01-01T00:00:00Z') / 1000 + 0.5);
    expect(parseTimestamp('2021-01-01T06:30Z', true)).toBe(Date.parse('2021-01-01T06:30:00Z') / 1000);
  });
});

describe('column tables', () => {
  it('should give back exactly what was encoded, NaN and −0 included', () => {
    const numeric = new Map([['a', Float64Array.from([1.5, Number.NaN, -0, 1e-300])]]);
    const text = new Map([['s', ['x', 'é', '', '|a~0|']]]);
    const table = new ColumnTable(encodeColumnTable(4, numeric, text), 't');
    expect(table.numericNames).toEqual(['a']);
    expect(Array.from(table.numeric('a')).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([1.5, Number.NaN, '-0', 1e-300]);
    expect(table.text('s')).toEqual(['x', 'é', '', '|a~0|']);
    expect(table.numeric('a')).toBe(table.numeric('a'));
  });

  it('should reject files of another format, truncated files and unknown columns', () => {
    const bytes = encodeColumnTable(1, new Map([['a', Float64Array.of(1)]]), new Map());
    expect(() => new ColumnTable(Buffer.from('not a table'), 'x.cols')).toThrow(/x\.cols: not a ce-nas column table/);
    expect(() => new ColumnTable(bytes.subarray(0, bytes.length - 5), 'y.cols').numeric('a')).toThrow(/y\.cols: column a is truncated/);
    expect(() => new ColumnTable(bytes, 'z.cols').numeric('b')).toThrow(/no f64 column 'b'/);
    expect(() => encodeColumnTable(2, new Map([['a', Float64Array.of(1)]]), new Map())).toThrow(/column a has 1 rows, expected 2/);
  });
});
