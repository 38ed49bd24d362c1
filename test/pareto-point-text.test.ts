/**
 * The one-pass point parser (`parsePointValues`) against the row parser it speeds up: the
 * same numbers for every text, and, for bad text, the row parser's error.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePointText, parsePointValues, readPointFile } from '../src/cli/point-text.js';

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

describe('readPointFile', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ce-nas-points-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const file = join(directory, 'points.txt');

  function fromFile(input: string, chunkBytes: number): ReturnType<typeof onePass> {
    writeFileSync(file, input);
    try {
      const { values, n, dim } = readPointFile(file, chunkBytes);
      return { values: Array.from(values), n, dim };
    } catch (error) {
      return { error: (error as Error).message.replace(file, 'points.txt') };
    }
  }

  it('should read a file in chunks of any size exactly as the row parser reads its text', () => {
    // Tiny chunks split numbers, CR LF pairs and comments; lines outgrow the buffer.
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 12 }), (input, chunkBytes) => {
        expect(fromFile(input, chunkBytes)).toEqual(rowParser(input));
      }),
      { numRuns: 600 },
    );
  });

  it('should read numbers of any length exactly as Number() does', () => {
    // 1 to 25 significant digits and exponents from -330 to 310: Clinger's fast path, Eisel–Lemire and the slow path.
    const token = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[1-9][0-9]{0,24}$/), fc.integer({ min: 0, max: 25 }), fc.integer({ min: -330, max: 310 }))
      .map(([sign, digits, point, exponent]) => `${sign}${digits.slice(0, point)}.${digits.slice(point)}e${exponent}`.replace(/^([-+]?)\./, '$10.'))
      .filter((candidate) => Number.isFinite(Number(candidate)));
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 20 }), (tokens) => {
        const parsed = fromFile(`${tokens.join('\n')}\n`, 4096);
        expect(parsed).toEqual({ values: tokens.map(Number), n: tokens.length, dim: 1 });
      }),
      { numRuns: 500 },
    );
  });

  it('should name the file when it cannot be read', () => {
    expect(() => readPointFile(join(directory, 'missing.txt'))).toThrow(`${join(directory, 'missing.txt')}: cannot read (no such file)`);
    expect(() => readPointFile(directory)).toThrow(`${directory}: cannot read (is a directory)`);
  });
});
