/**
 * Reads point sets from text: one point per line, numbers separated by commas or white
 * space; blank lines and `#` comments (to the end of a line) are ignored.
 */

import { InputError } from '../errors.js';
import { parseFiniteNumber } from '../text/numbers.js';

/** Splits a list of numbers separated by commas and/or white space. */
export function splitValues(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s*,\s*|\s+/);
}

/** Parses a comma/space separated list of finite numbers (a flag's value). */
export function parseNumberList(text: string, what: string): number[] {
  const tokens = splitValues(text);
  if (tokens.length === 0) throw new InputError(`${what}: no values given`);
  return tokens.map((token, k) => parseFiniteNumber(token, `${what}, value ${k + 1}`));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export interface PointRows {
  readonly rows: number[][];
  /** Number of objectives; undefined when there are no points. */
  readonly dim: number | undefined;
}

/** Parses a whole file; `source` names it in errors ("stdin" or the path). */
export function parsePointText(text: string, source: string): PointRows {
  const rows: number[][] = [];
  let dim: number | undefined;
  let dimLine = 0;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const lineNumber = index + 1;
    const content = rawLine.replace(/#.*/, '');
    const tokens = splitValues(content);
    if (tokens.length === 0) return;
    const row = tokens.map((token, k) => parseFiniteNumber(token, `${source}, line ${lineNumber}, value ${k + 1}`));
    if (dim === undefined) {
      dim = row.length;
      dimLine = lineNumber;
    } else if (row.length !== dim) {
      throw new InputError(
        `${source}, line ${lineNumber}: ${plural(row.length, 'value')}, but line ${dimLine} has ${dim}; every point needs the same number of objectives`,
      );
    }
    rows.push(row);
  });
  return { rows, dim };
}

/** Points as one row-major array, as the kernels take them. */
export interface PointValues {
  readonly values: Float64Array;
  readonly n: number;
  /** Number of objectives; undefined when there are no points. */
  readonly dim: number | undefined;
}

const enum Char {
  Tab = 9,
  LineFeed = 10,
  VerticalTab = 11,
  FormFeed = 12,
  CarriageReturn = 13,
  Space = 32,
  Hash = 35,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  UpperE = 69,
  LowerE = 101,
}

function isDigit(c: number): boolean {
  return c >= Char.Zero && c <= Char.Nine;
}

function isBlank(c: number): boolean {
  return c === Char.Space || c === Char.Tab || c === Char.CarriageReturn || c === Char.VerticalTab || c === Char.FormFeed;
}

/**
 * One pass over the text straight into a Float64Array, accepting exactly what
 * `parsePointText` accepts when the text is plain ASCII; undefined at the first thing it
 * does not accept (or any other character), so that errors are described by the slower
 * parser and no error text is built for good input.
 */
function scanPointText(input: string): PointValues | undefined {
  // A final line feed as sentinel: every read below is in range and a number always ends.
  const text = `${input}\n`;
  let values = new Float64Array(Math.max(64, text.length >> 3));
  let count = 0;
  let rows = 0;
  let dim = 0;
  let i = 0;
  const end = text.length;
  while (i < end) {
    let lineValues = 0;
    let commaPending = false; // a comma since the last value: another one, or none after it, is an empty value
    for (;;) {
      let c = text.charCodeAt(i);
      while (c === Char.Space || c === Char.Comma || isBlank(c)) {
        if (c === Char.Comma) {
          if (commaPending || lineValues === 0) return undefined;
          commaPending = true;
        }
        c = text.charCodeAt(++i);
      }
      if (c === Char.LineFeed || c === Char.Hash) {
        if (commaPending) return undefined;
        if (c === Char.Hash) {
          // A comment runs to the line feed, or to a character `.` does not match in /#.*/.
          c = text.charCodeAt(++i);
          while (c !== Char.LineFeed) {
            if ((c === Char.CarriageReturn && text.charCodeAt(i + 1) !== Char.LineFeed) || c === 0x2028 || c === 0x2029) return undefined;
            c = text.charCodeAt(++i);
          }
        }
        i++;
        break;
      }
      // A decimal number: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
      const start = i;
      if (c === Char.Plus || c === Char.Minus) c = text.charCodeAt(++i);
      const mantissaStart = i;
      while (isDigit(c)) c = text.charCodeAt(++i);
      let digits = i - mantissaStart;
      if (c === Char.Dot) {
        const fractionStart = i + 1;
        c = text.charCodeAt(++i);
        while (isDigit(c)) c = text.charCodeAt(++i);
        digits += i - fractionStart;
      }
      if (digits === 0) return undefined;
      if (c === Char.LowerE || c === Char.UpperE) {
        c = text.charCodeAt(++i);
        if (c === Char.Plus || c === Char.Minus) c = text.charCodeAt(++i);
        if (!isDigit(c)) return undefined;
        while (isDigit(c)) c = text.charCodeAt(++i);
      }
      if (!(c === Char.Space || c === Char.Comma || c === Char.LineFeed || c === Char.Hash || isBlank(c))) return undefined;
      const value = Number(text.slice(start, i));
      if (!Number.isFinite(value)) return undefined;
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[count++] = value;
      lineValues++;
      commaPending = false;
    }
    if (lineValues > 0) {
      if (rows === 0) dim = lineValues;
      else if (lineValues !== dim) return undefined;
      rows++;
    }
  }
  return { values: values.slice(0, count), n: rows, dim: rows === 0 ? undefined : dim };
}

/** Parses a whole file into one array; `source` names it in errors ("stdin" or the path). */
export function parsePointValues(text: string, source: string): PointValues {
  const scanned = scanPointText(text);
  if (scanned !== undefined) return scanned;
  // Unusual text or bad input: the row parser says precisely what and where.
  const { rows, dim } = parsePointText(text, source);
  return { values: Float64Array.from(rows.flat()), n: rows.length, dim };
}
