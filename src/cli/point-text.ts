/**
 * Reads point sets from text: one point per line, numbers separated by commas or white
 * space; blank lines and `#` comments (to the end of a line) are ignored.
 */

import { InputError } from '../errors.js';
import { parseFiniteNumber } from '../text/numbers.js';
import { coreExports } from '../wasm/module.js';

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

/**
 * Scans `length` bytes written by `write` into the core's memory, followed by a line feed
 * (a sentinel), with the core's `scan_points`; undefined where it gives up (or `write`
 * refuses), so that errors are described by the row parser and no error text is built for
 * good input.
 */
function scanInCore(length: number, write: (bytes: Uint8Array) => boolean): PointValues | undefined {
  const core = coreExports();
  const textPtr = core.alloc(length + 1);
  const outPtr = core.alloc(5 * 4);
  try {
    if (textPtr === 0 || outPtr === 0) return undefined; // no memory for a copy: the row parser reads it
    const bytes = new Uint8Array(core.memory.buffer, textPtr, length + 1);
    bytes[length] = 0x0a;
    if (!write(bytes) || core.scan_points(textPtr, length + 1, outPtr) !== 0) return undefined;
    const [valuesPtr, count, capacity, rows, dim] = new Uint32Array(core.memory.buffer, outPtr, 5);
    const values = new Float64Array(core.memory.buffer, valuesPtr!, count!).slice();
    core.dealloc(valuesPtr!, capacity! * 8);
    return { values, n: rows!, dim: rows === 0 ? undefined : dim! };
  } finally {
    core.dealloc(textPtr, length + 1);
    core.dealloc(outPtr, 5 * 4);
  }
}

/** Parses a whole file into one array; `source` names it in errors ("stdin" or the path). */
export function parsePointValues(text: string, source: string): PointValues {
  const scanned = scanInCore(text.length, (bytes) => {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) return false; // outside ASCII: the row parser reads it
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
