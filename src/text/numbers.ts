/** Strict parsing of numbers written by people and programs in text files and flags. */

import { InputError } from '../errors.js';

/** A decimal number as people write it: no hex, no digit separators, no words like NaN. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;

/** Parses one finite number; `where` names its place (file, line, column) for the error. */
export function parseFiniteNumber(token: string, where: string): number {
  if (token === '') throw new InputError(`${where}: empty value`);
  if (NON_FINITE_WORD.test(token)) throw new InputError(`${where}: ${token} is not a finite number`);
  if (!DECIMAL.test(token)) throw new InputError(`${where}: '${token}' is not a number`);
  const value = Number(token);
  if (!Number.isFinite(value)) throw new InputError(`${where}: ${token} is out of the range of finite numbers`);
  return value;
}
