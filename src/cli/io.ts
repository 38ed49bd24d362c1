/** What a CLI command may touch, so that tests can run commands in-process. */

import { readFile } from 'node:fs/promises';
import { describeReadError, InputError } from '../errors.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/**
 * FILE's bytes undecoded (the point reader scans them as they are), or standard input's text
 * when FILE is absent or `-`; with the name of the source.
 */
export async function readInputData(io: CliIo, file: string | undefined): Promise<{ data: Uint8Array | string; source: string }> {
  if (file === undefined || file === '-') return { data: await io.readStdin(), source: 'stdin' };
  try {
    return { data: await readFile(file), source: file };
  } catch (error) {
    throw new InputError(`${file}: cannot read (${describeReadError(error)})`);
  }
}

/** Reads FILE, or standard input when FILE is absent or `-`; returns the text and its name. */
export async function readInputText(io: CliIo, file: string | undefined): Promise<{ text: string; source: string }> {
  if (file === undefined || file === '-') return { text: await io.readStdin(), source: 'stdin' };
  try {
    return { text: await readFile(file, 'utf8'), source: file };
  } catch (error) {
    throw new InputError(`${file}: cannot read (${describeReadError(error)})`);
  }
}
