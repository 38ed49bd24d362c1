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
