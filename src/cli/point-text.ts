/**
 * Reads point sets from text: one point per line, numbers separated by commas or white
 * space; blank lines and `#` comments (to the end of a line) are ignored.
 */

import { InputError } from '../errors.js';
import { parseFiniteNumber } from '../text/numbers.js';
import { type CoreExports, coreExports } from '../wasm/module.js';

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

/** Powers of ten that are exact doubles (10^22 is the last). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const TWO_TO_53 = 2 ** 53;

/**
 * One pass over ASCII bytes straight into a Float64Array, accepting exactly what
 * `parsePointText` accepts; undefined at the first thing it does not accept or any byte
 * outside ASCII, so that errors are described by the slower parser and no error text is
 * built for good input. `bytes` is the core's memory from `at` to its final line feed (a
 * sentinel: every read below is in range and a number always ends).
 */
function scanPointBytes(core: CoreExports, at: number, length: number): PointValues | undefined {
  const bytes = new Uint8Array(core.memory.buffer, at, length);
  let values = new Float64Array(Math.max(64, bytes.length >> 3));
  let count = 0;
  let rows = 0;
  let dim = 0;
  let i = 0;
  const end = bytes.length;
  while (i < end) {
    let lineValues = 0;
    let commaPending = false; // a comma since the last value: another one, or none after it, is an empty value
    for (;;) {
      let c = bytes[i]!;
      while (c === Char.Space || c === Char.Comma || isBlank(c)) {
        if (c === Char.Comma) {
          if (commaPending || lineValues === 0) return undefined;
          commaPending = true;
        }
        c = bytes[++i]!;
      }
      if (c === Char.LineFeed || c === Char.Hash) {
        if (commaPending) return undefined;
        if (c === Char.Hash) {
          // A comment runs to the line feed, or to a lone carriage return (`.` in /#.*/ stops there).
          c = bytes[++i]!;
          while (c !== Char.LineFeed) {
            if ((c === Char.CarriageReturn && bytes[i + 1] !== Char.LineFeed) || c >= 0x80) return undefined;
            c = bytes[++i]!;
          }
        }
        i++;
        break;
      }
      // A decimal number: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
      const start = i;
      const negative = c === Char.Minus;
      if (c === Char.Plus || c === Char.Minus) c = bytes[++i]!;
      // The digits as one integer: exact while below 2^53 (once above, it stays above).
      let mantissa = 0;
      const mantissaStart = i;
      while (isDigit(c)) {
        mantissa = mantissa * 10 + (c - Char.Zero);
        c = bytes[++i]!;
      }
      let digits = i - mantissaStart;
      let exponent = 0;
      if (c === Char.Dot) {
        const fractionStart = i + 1;
        c = bytes[++i]!;
        while (isDigit(c)) {
          mantissa = mantissa * 10 + (c - Char.Zero);
          c = bytes[++i]!;
        }
        digits += i - fractionStart;
        exponent = fractionStart - i;
      }
      if (digits === 0) return undefined;
      if (c === Char.LowerE || c === Char.UpperE) {
        c = bytes[++i]!;
        const exponentNegative = c === Char.Minus;
        if (c === Char.Plus || c === Char.Minus) c = bytes[++i]!;
        if (!isDigit(c)) return undefined;
        let written = 0;
        while (isDigit(c)) {
          if (written < 1e6) written = written * 10 + (c - Char.Zero); // beyond, Number() decides
          c = bytes[++i]!;
        }
        exponent += exponentNegative ? -written : written;
      }
      if (!(c === Char.Space || c === Char.Comma || c === Char.LineFeed || c === Char.Hash || isBlank(c))) return undefined;
      let value: number;
      // Clinger's fast path: an exact integer times or over an exact power of ten is one
      // correctly rounded operation, so it equals Number(). The others (about a third of
      // 17-digit numbers) are rounded correctly by the core, much faster than by Number().
      if (mantissa < TWO_TO_53 && exponent >= -22 && exponent <= 22) {
        const magnitude = exponent < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent]! : mantissa * EXACT_POWERS_OF_TEN[exponent]!;
        value = negative ? -magnitude : magnitude;
      } else {
        value = core.parse_decimal(at + start, i - start);
        if (!Number.isFinite(value)) return undefined;
      }
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

/**
 * Scans `length` bytes written by `write` into the core's memory (followed by the sentinel
 * line feed); undefined where the scanner gives up. The core's `parse_decimal` does not
 * allocate, so the view of memory stays valid through the scan.
 */
function scanInCore(length: number, write: (bytes: Uint8Array) => boolean): PointValues | undefined {
  const core = coreExports();
  const at = core.alloc(length + 1);
  if (at === 0) return undefined; // no memory for a copy: the row parser reads it
  try {
    const bytes = new Uint8Array(core.memory.buffer, at, length + 1);
    bytes[length] = Char.LineFeed;
    return write(bytes) ? scanPointBytes(core, at, length + 1) : undefined;
  } finally {
    core.dealloc(at, length + 1);
  }
}

/** Parses a whole file into one array; `source` names it in errors ("stdin" or the path). */
export function parsePointValues(text: string, source: string): PointValues {
  const scanned = scanInCore(text.length, (bytes) => {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) return false;
      bytes[k] = c;
    }
    return true;
  });
  if (scanned !== undefined) return scanned;
  // Unusual text or bad input: the row parser says precisely what and where.
  const { rows, dim } = parsePointText(text, source);
  return { values: Float64Array.from(rows.flat()), n: rows.length, dim };
}

/**
 * Parses a file's raw bytes (UTF-8) without decoding them first: the same result as
 * `parsePointValues` on the decoded text.
 */
export function parsePointBytes(bytes: Uint8Array, source: string): PointValues {
  const scanned = scanInCore(bytes.length, (copy) => {
    copy.set(bytes);
    return true;
  });
  if (scanned !== undefined) return scanned;
  // As `readFile(file, 'utf8')` decodes: a byte-order mark kept (the row parser trims it).
  return parsePointValues(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), source);
}

/** Parses a file's bytes or a text. */
export function parsePointData(data: Uint8Array | string, source: string): PointValues {
  return typeof data === 'string' ? parsePointValues(data, source) : parsePointBytes(data, source);
}
