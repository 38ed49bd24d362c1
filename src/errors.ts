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

/** Why a file could not be read, in words (for InputError messages). */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** A check the user asked for ran and failed (e.g. a conformance run): exit code 1, report already printed. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}
