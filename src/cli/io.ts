/** What a CLI command may touch, so that tests can run commands in-process. */

import { writeSync } from 'node:fs';
import { describeIoError, IoError } from '../errors.js';
import { parsePointValues, type PointValues, readPointFile } from './point-text.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

/**
 * A writer to file descriptor `fd` that calls write(2) itself while it can. `process.stdout`
 * writes synchronously too on Linux and macOS (files, pipes, terminals), but creating it loads
 * Node's net and stream modules, about 10 ms of a 200 ms `ce-nas hv`. Where the descriptor
 * would block (a non-blocking pipe) or on Windows (its console wants the stream's UTF-16
 * writes), this and every later write go to `stream()`, so that the order is kept. A reader
 * that stops early (`ce-nas data front | head`) is not an error: exit 0 at once, as before;
 * other failures (a full disk) are an IoError.
 */
export function descriptorWriter(
  fd: number,
  stream: () => NodeJS.WritableStream,
  write: (fd: number, data: Uint8Array, offset: number, length: number) => number = writeSync,
  platform: string = process.platform,
): (text: string) => void {
  let viaStream = platform === 'win32';
  return (text) => {
    if (viaStream) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += write(fd, bytes, done, bytes.length - done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(0);
        if (code !== 'EAGAIN') throw new IoError(`standard output: cannot write (${describeIoError(error)})`);
        viaStream = true;
        stream().write(bytes.subarray(done));
        return;
      }
    }
  };
}

/** process.stdout, with a reader that stops early being no error (see descriptorWriter). */
function stdoutStream(): NodeJS.WritableStream {
  const stream = process.stdout;
  if (stream.listenerCount('error') === 0) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return stream;
}

export const processIo: CliIo = {
  stdout: descriptorWriter(1, stdoutStream),
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
