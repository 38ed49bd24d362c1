/**
 * Writing results safely: a file is written to a temporary name and renamed, so a crash
 * never leaves a partial file; reading user files turns failures into messages that name
 * the file.
 */

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { describeReadError, InputError } from './errors.js';

export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Creates `dir` and its parents; `what` names it in the error (e.g. "--out results/x"). */
export function makeFolder(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError(`${what}: cannot create the folder (${describeReadError(error)})`);
  }
}

/** The parsed JSON of a user's file; `what` names the file's role in errors ("--config"). */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${what} ${path}: cannot read (${describeReadError(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} ${path}: not valid JSON (${(error as Error).message})`);
  }
}
