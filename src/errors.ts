/**
 * Errors caused by the user's input (files, flags, configs), with a message that names what
 * is wrong and where. The CLI prints the message alone, without a stack trace, and exits
 * with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * Runs a library computation on the user's input, turning the RangeError or TypeError with
 * which the library rejects an argument into an InputError that says whose input it was.
 * Only for input that is the user's; elsewhere such an error is a bug and must stay one.
 */
export function withUserInput<T>(what: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new InputError(`${what}: ${error.message}`);
    throw error;
  }
}

/**
 * A write or read of results failed for a reason outside the program (a full disk, a
 * read-only file system, missing permission, a device error). The CLI prints the one-line
 * message and exits with code 1; whatever was complete before stays valid.
 */
export class IoError extends Error {
  override readonly name = 'IoError';
}

/** Why a file could not be read, in words (for InputError messages). */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return describeIoError(error);
}

const IO_ERROR_WORDS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error of the device',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
};

/** A failed system call in words: `no space left on the device (ENOSPC)`. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code in IO_ERROR_WORDS) return `${IO_ERROR_WORDS[code]} (${code})`;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** True for errors the system reports on a file operation (they carry an errno code). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** A check the user asked for ran and failed (e.g. a conformance run): exit code 1, report already printed. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}
