/** What a CLI command may touch, so that tests can run commands in-process. */

import { parsePointValues, type PointValues, readPointFile } from './point-text.js';

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

/** The points in FILE, or in standard input when FILE is absent or `-`; with the source's name. */
export async function readInputPoints(io: CliIo, file: string | undefined): Promise<PointValues & { source: string }> {
  if (file === undefined || file === '-') return { ...parsePointValues(await io.readStdin(), 'stdin'), source: 'stdin' };
  return { ...readPointFile(file), source: file };
}
