/**
 * Writing results safely: a file is written to a temporary name and renamed, so a crash or a
 * full disk never leaves a partial file (the temporary is removed when a write fails); output
 * folders are checked before any work; reading user files turns failures into messages that
 * name the file.
 */

import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeIoError, describeReadError, InputError, IoError } from './errors.js';

/** Writes all of `bytes` at the end of `fd` (looping over short writes); on failure cuts the file back to where it was. */
export function appendWhole(fd: number, bytes: Uint8Array, what: string): void {
  const sizeBefore = fstatSync(fd).size;
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    try {
      if (written > 0) ftruncateSync(fd, sizeBefore); // no torn line
    } catch {
      // The file system refuses even that; the torn tail is cut off when the file is next read.
    }
    throw new IoError(`${what}: cannot write (${describeIoError(error)})`);
  }
}

export function writeFileAtomically(path: string, text: string): void {
  // Named per process: shards of one sweep may write the same sweep.json at the same moment.
  const temporary = `${path}.${process.pid}.partial`;
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    appendWhole(fd, Buffer.from(text, 'utf8'), path);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(temporary);
    if (error instanceof IoError) throw error;
    throw new IoError(`${path}: cannot write (${describeIoError(error)})`);
  }
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or never created.
  }
}

function isFolder(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Checks, without creating anything the user would see, that `dir` is a folder this process
 * can write in or can be created: the nearest existing ancestor must be a folder in which a
 * probe folder can be made and removed (which also catches /proc and read-only mounts).
 */
export function checkOutputFolder(dir: string, what: string): void {
  let existing = resolve(dir);
  try {
    for (;;) {
      const folder = isFolder(existing);
      if (folder === true) break;
      if (folder === false) throw new InputError(`${what}: ${existing} is a file, not a folder`);
      const parent = dirname(existing);
      if (parent === existing) throw new InputError(`${what}: no existing folder on the path`);
      existing = parent;
    }
    const probe = join(existing, `.ce-nas-write-check-${process.pid}`);
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (error) {
    if (error instanceof InputError) throw error;
    // ENOENT for a folder whose parent exists: a pseudo file system such as /proc.
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'folders cannot be created there' : describeIoError(error);
    throw new InputError(`${what}: cannot write in ${existing} (${why})`);
  }
}

/**
 * Creates `dir` and its parents one level at a time (Node's recursive mkdir loops forever on
 * some pseudo file systems); `what` names it in errors (e.g. "--out results/x"). Returns the
 * folders it created, deepest last, so that a failed command can remove them again.
 */
export function makeFolder(dir: string, what: string): string[] {
  const missing: string[] = [];
  let existing = resolve(dir);
  try {
    for (;;) {
      const folder = isFolder(existing);
      if (folder === true) break;
      if (folder === false) throw new InputError(`${what}: ${existing} is a file, not a folder`);
      missing.unshift(existing);
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${what}: cannot create the folder (${describeIoError(error)})`);
  }
  const created: string[] = [];
  for (const folder of missing) {
    try {
      mkdirSync(folder);
      created.push(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(folder) === true) continue; // made by another process meanwhile
      removeEmptyFolders(created);
      throw new InputError(`${what}: cannot create the folder ${folder} (${describeIoError(error)})`);
    }
  }
  return created;
}

/** Removes the folders (deepest first) that are empty; what holds files stays. */
export function removeEmptyFolders(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
    } catch {
      return;
    }
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
