/**
 * The CLI writes standard output with write(2) itself (src/cli/io.ts), so that a short command
 * such as `ce-nas hv` never creates process.stdout, nor loads commander's child_process.
 */

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { descriptorWriter } from '../src/cli/io.js';
import { IoError } from '../src/errors.js';

const BIN = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));

/** A stand-in for process.stdout that records what it is given. */
function recordingStream(): { stream: () => NodeJS.WritableStream; written: string[] } {
  const written: string[] = [];
  const stream = { write: (chunk: string | Uint8Array) => written.push(Buffer.from(chunk).toString('utf8')) } as unknown as NodeJS.WritableStream;
  return { stream: () => stream, written };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: write`), { code, syscall: 'write' });
}

describe('standard output', () => {
  it('should write everything, byte for byte, when write(2) takes a few bytes at a time', () => {
    const { stream, written } = recordingStream();
    const bytes: number[] = [];
    const write = (_fd: number, data: Uint8Array, offset: number, length: number): number => {
      const taken = Math.min(3, length);
      bytes.push(...data.subarray(offset, offset + taken));
      return taken;
    };
    const out = descriptorWriter(1, stream, write, 'linux');
    out('1.5 × 2\n');
    out('x\n');
    expect(Buffer.from(bytes).toString('utf8')).toBe('1.5 × 2\nx\n');
    expect(written).toEqual([]);
  });

  it('should hand the rest and every later write to the stream, in order, when the descriptor would block', () => {
    const { stream, written } = recordingStream();
    const bytes: number[] = [];
    let calls = 0;
    const write = (_fd: number, data: Uint8Array, offset: number, length: number): number => {
      if (++calls > 1) throw errno('EAGAIN');
      bytes.push(...data.subarray(offset, offset + 2));
      return Math.min(2, length);
    };
    const out = descriptorWriter(1, stream, write, 'linux');
    out('abcdef');
    out('gh');
    expect(Buffer.from(bytes).toString('utf8') + written.join('')).toBe('abcdefgh');
    expect(calls).toBe(2);
  });

  it('should report a failed write as an IoError in one line', () => {
    const out = descriptorWriter(1, recordingStream().stream, () => {
      throw errno('ENOSPC');
    });
    expect(() => out('1\n')).toThrow(IoError);
    expect(() => out('1\n')).toThrow('standard output: cannot write (no space left on the device (ENOSPC))');
  });

  it('should write through the stream on Windows', () => {
    const { stream, written } = recordingStream();
    const out = descriptorWriter(
      1,
      stream,
      () => {
        throw new Error('write(2) was called');
      },
      'win32',
    );
    out('1\n');
    expect(written).toEqual(['1\n']);
  });

  it('should exit 0 without a word when the reader stops early', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ce-nas-stdout-')), 'points.txt');
    writeFileSync(file, Array.from({ length: 200_000 }, (_, k) => `${k} ${200_000 - k}`).join('\n'));
    const child = spawn(process.execPath, [BIN, 'ranks', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // like `| head -1`
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('should run ce-nas hv without loading child_process or the network and stream modules of process.stdout', () => {
    const directory = mkdtempSync(join(tmpdir(), 'ce-nas-modules-'));
    const script = join(directory, 'list.cjs');
    writeFileSync(script, "process.on('exit', () => require('fs').writeSync(2, process.moduleLoadList.join('\\n')));\n");
    writeFileSync(join(directory, 'points.txt'), '1 2\n'); // a file: reading stdin would create process.stdin
    const result = spawnSync(process.execPath, ['--require', script, BIN, 'hv', '--ref', '3,3', join(directory, 'points.txt')], { encoding: 'utf8' });
    expect(result.stdout).toBe('2\n');
    const loaded = result.stderr.split('\n');
    expect(loaded).toContain('NativeModule fs'); // the list is there
    expect(loaded.filter((name) => /^NativeModule (child_process|net|tty)$/.test(name))).toEqual([]);
  });
});
