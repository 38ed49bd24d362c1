/**
 * Reads point sets from text: one point per line, numbers separated by commas or white
 * space; blank lines and `#` comments (to the end of a line) are ignored.
 */

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { describeReadError, InputError } from '../errors.js';
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

/** Bytes read per call: little fresh memory is touched (page faults dominate a cold read). */
const CHUNK_BYTES = 1 << 17;

/**
 * Scans the text that `read` gives chunk by chunk (0 at its end, undefined to give up)
 * with the core's scanner, in one buffer of the core's memory; undefined where the core
 * gives up, so that errors are described by the row parser and no error text is built for
 * good input. `capacity` is a guess of the number of values.
 */
function scanInCore(capacity: number, read: (into: Uint8Array) => number | undefined, chunkBytes = CHUNK_BYTES): PointValues | undefined {
  const core = coreExports();
  let size = chunkBytes;
  let bufferPtr = core.alloc(size + 1);
  const outPtr = core.alloc(5 * 4);
  const scanner = core.scan_begin(capacity);
  let held = 0; // bytes of an unfinished line at the start of the buffer
  let scanned = false;
  let result: PointValues | undefined;
  try {
    if (bufferPtr === 0 || outPtr === 0) return undefined; // no memory for a buffer: the row parser reads it
    for (;;) {
      // Views are made afresh: a call into the core may grow (and so move) its memory.
      const got = read(new Uint8Array(core.memory.buffer, bufferPtr + held, size - held));
      if (got === undefined) return undefined;
      if (got === 0) {
        if (held > 0) {
          new Uint8Array(core.memory.buffer)[bufferPtr + held] = 0x0a; // the last line has no line feed
          if (core.scan_chunk(scanner, bufferPtr, held + 1) !== held + 1) return undefined;
        }
        scanned = true;
        break;
      }
      const filled = held + got;
      const consumed = core.scan_chunk(scanner, bufferPtr, filled);
      if (consumed < 0) return undefined;
      held = filled - consumed;
      new Uint8Array(core.memory.buffer).copyWithin(bufferPtr, bufferPtr + consumed, bufferPtr + filled);
      if (held === size) {
        // A line longer than the buffer: twice the room.
        const grownPtr = core.alloc(2 * size + 1);
        if (grownPtr === 0) return undefined;
        new Uint8Array(core.memory.buffer).copyWithin(grownPtr, bufferPtr, bufferPtr + held);
        core.dealloc(bufferPtr, size + 1);
        bufferPtr = grownPtr;
        size *= 2;
      }
    }
  } finally {
    // Without `out` (the core out of memory) the scanner's few bytes are left behind.
    if (outPtr !== 0) {
      core.scan_end(scanner, outPtr);
      const [valuesPtr, count, valuesCapacity, rows, dim] = new Uint32Array(core.memory.buffer, outPtr, 5);
      if (scanned) result = { values: new Float64Array(core.memory.buffer, valuesPtr!, count!).slice(), n: rows!, dim: rows === 0 ? undefined : dim! };
      core.dealloc(valuesPtr!, valuesCapacity! * 8);
      core.dealloc(outPtr, 5 * 4);
    }
    core.dealloc(bufferPtr, size + 1);
  }
  return result;
}

/** A guess of the number of values in `bytes` bytes of text (more room is made as needed). */
function capacityFor(bytes: number): number {
  return Math.min(Math.floor(bytes / 8), 1 << 24) + 16;
}

/** The row parser's result as one array. */
function parseRows(text: string, source: string): PointValues {
  const { rows, dim } = parsePointText(text, source);
  return { values: Float64Array.from(rows.flat()), n: rows.length, dim };
}

/** Parses a whole file into one array; `source` names it in errors ("stdin" or the path). */
export function parsePointValues(text: string, source: string): PointValues {
  let at = 0;
  const scanned = scanInCore(capacityFor(text.length), (into) => {
    const end = Math.min(text.length, at + into.length);
    for (let k = at; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) return undefined; // outside ASCII: the row parser reads it
      into[k - at] = c;
    }
    const got = end - at;
    at = end;
    return got;
  });
  // Unusual text or bad input: the row parser says precisely what and where.
  return scanned ?? parseRows(text, source);
}

function cannotRead(file: string, error: unknown): InputError {
  return new InputError(`${file}: cannot read (${describeReadError(error)})`);
}

/**
 * Reads and parses a point file chunk by chunk, without decoding it first: the same result
 * as `parsePointValues` on its text read as UTF-8. `chunkBytes`: bytes read at a time (tests make it small).
 */
export function readPointFile(file: string, chunkBytes = CHUNK_BYTES): PointValues {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw cannotRead(file, error);
  }
  try {
    let capacity = 1024;
    try {
      capacity = capacityFor(fstatSync(fd).size);
    } catch {
      // only a guess
    }
    const scanned = scanInCore(
      capacity,
      (into) => {
        try {
          return readSync(fd, into, 0, into.length, null);
        } catch (error) {
          throw cannotRead(file, error);
        }
      },
      chunkBytes,
    );
    if (scanned !== undefined) return scanned;
  } finally {
    closeSync(fd);
  }
  // Unusual text or bad input: read again as text, for the row parser.
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw cannotRead(file, error);
  }
  return parseRows(text, file);
}
