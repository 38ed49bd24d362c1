/**
 * The one-pass point parser (`parsePointValues`) against the row parser it speeds up: the
 * same numbers for every text, and, for bad text, the row parser's error.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePointText, parsePointValues } from '../src/cli/point-text.js';

/** Texts made of number-like tokens, separators, comments and odd characters. */
const pieces = fc.constantFrom(
  '1',
  '-2.5',
  '+.5',
  '3.',
  '1e3',
  '2E-2',
  '-0',
  '007',
  '0.1234567890123456789',
  '1e999',
  '1e',
  '.',
  '-',
  '+-1',
  'e5',
  'NaN',
  'inf',
  '0x10',
  '1_0',
  ' ',
  '  ',
  '\t',
  ',',
  ', ',
  ' ,',
  ',,',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '# note',
  '#',
  '\u00a0',
  '\u2028',
  'é',
);
const text = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));

function rowParser(input: string): { values: number[]; n: number; dim: number | undefined } | { error: string } {
  try {
    const { rows, dim } = parsePointText(input, 'points.txt');
    return { values: rows.flat(), n: rows.length, dim };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function onePass(input: string): { values: number[]; n: number; dim: number | undefined } | { error: string } {
  try {
    const { values, n, dim } = parsePointValues(input, 'points.txt');
    return { values: Array.from(values), n, dim };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('parsePointValues', () => {
  it('should read exactly what the row parser reads and fail with its message', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(onePass(input)).toEqual(rowParser(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('should read rows of numbers of equal length, with commas, comments and blank lines', () => {
    const rows = fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }), { maxLength: 30 });
    fc.assert(
      fc.property(rows, fc.constantFrom(' ', ',', ' , ', '\t'), (values, separator) => {
        const input = `# header\n\n${values.map((row) => row.join(separator)).join('\n')}\n`;
        const parsed = parsePointValues(input, 'points.txt');
        expect(Array.from(parsed.values)).toEqual(values.flat().map((value) => Number(String(value))));
        expect(parsed.n).toBe(values.length);
      }),
    );
  });
});
