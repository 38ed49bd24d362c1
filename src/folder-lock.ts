/**
 * One writer per results file: a lock file created atomically (a fully written temporary
 * file hard-linked to the lock's name, which fails if it exists) that records the holder's
 * PID, host and start. A second writer is refused with the holder named; a lock left by a
 * process of this host that is no longer running is taken over, with a message.
 */

import { linkSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describeIoError, InputError, IoError } from './errors.js';
import { removeQuietly } from './files.js';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
}

export interface HeldLock {
  readonly path: string;
  release(): void;
}

const ATTEMPTS = 5;

function readHolder(path: string): { text: string; holder: LockHolder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IoError(`${path}: cannot read the lock (${describeIoError(error)})`);
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return { text, holder: Number.isInteger(holder.pid) && typeof holder.host === 'string' ? holder : undefined };
  } catch {
    return { text, holder: undefined };
  }
}

/** Whether process `pid` of this host is running (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, but is another user's
  }
}

/**
 * Takes the lock at `path` for `command`; `what` names the results in messages (e.g.
 * "--out results/x"); `notice` hears about a stale lock taken over.
 */
export function acquireLock(path: string, what: string, command: string, notice: (message: string) => void): HeldLock {
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  const text = `${JSON.stringify(mine)}\n`;
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.new`;
  try {
    writeFileSync(temporary, text);
  } catch (error) {
    removeQuietly(temporary);
    throw new IoError(`${what}: cannot create the lock ${path} (${describeIoError(error)})`);
  }
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        linkSync(temporary, path);
        return heldLock(path, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new IoError(`${what}: cannot create the lock ${path} (${describeIoError(error)})`);
      }
      const found = readHolder(path);
      if (found === undefined) continue; // released meanwhile
      const { holder } = found;
      if (holder === undefined) {
        throw new InputError(`${what}: the lock ${path} is unreadable; if no ce-nas is writing there, delete it and run again`);
      }
      if (holder.host !== mine.host || isRunning(holder.pid)) {
        const where = holder.host === mine.host ? `PID ${holder.pid}` : `PID ${holder.pid} on host ${holder.host}`;
        const advice = holder.host === mine.host ? '' : ` (if that process is gone, delete ${path})`;
        throw new InputError(
          `${what}: another ce-nas (${where}, ${holder.command}, since ${holder.since}) is writing these results; wait for it or choose another folder${advice}`,
        );
      }
      takeOverStale(path, found.text);
      notice(`${what}: took over the lock of PID ${holder.pid} (since ${holder.since}), which is no longer running\n`);
    }
    throw new InputError(`${what}: the lock ${path} keeps changing hands; is another ce-nas starting there?`);
  } finally {
    removeQuietly(temporary);
  }
}

/** Moves a stale lock aside; if another process replaced it meanwhile, puts that one back. */
function takeOverStale(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new IoError(`${path}: cannot take over the stale lock (${describeIoError(error)})`);
  }
  if (readHolder(aside)?.text !== staleText) {
    try {
      linkSync(aside, path); // a live lock we moved by accident goes back (unless a third took the name)
    } catch {
      // The name is taken again; the next attempt reads whoever holds it.
    }
  }
  removeQuietly(aside);
}

function heldLock(path: string, text: string): HeldLock {
  const release = (): void => {
    process.removeListener('exit', release);
    try {
      if (readHolder(path)?.text === text) removeQuietly(path);
    } catch {
      // Unreadable now: left for the next writer, who can tell it is stale.
    }
  };
  process.on('exit', release); // a lock is never left behind by a process that ends normally
  return { path, release };
}
