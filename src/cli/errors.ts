/**
 * Errors caused by the user's input (files, flags, configs). The CLI prints their message
 * alone, without a stack trace, and exits with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
