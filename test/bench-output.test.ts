/**
 * `npm run bench` prints every section once: the runners report their rows through a
 * callback and bench/run.ts prints them. (`npm run bench -- vs-c startup` once printed the
 * vs-c table twice, its runner writing each row to stderr as well.)
 */

import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BenchRow, runKernelBench } from '../bench/harness.js';
import { ranksBench } from '../bench/ranks.bench.js';

/** Every runner bench/run.ts calls, and the kernel harness: read from the folder, so a new one is checked too. */
const RUNNERS = ['harness.ts', ...readdirSync(new URL('../bench/', import.meta.url)).filter((file) => file.endsWith('.bench.ts'))];

describe('bench output', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should give each kernel row to the callback once and print nothing itself', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const stdout = vi.spyOn(process.stdout, 'write');
    const rows: BenchRow[] = [];
    const definition = { ...ranksBench, cases: [{ shape: 'uniform' as const, dim: 2, n: 50, withSpec: true }] };
    const returned = await runKernelBench(definition, (row) => rows.push(row));
    expect(rows).toEqual(returned);
    expect(rows).toHaveLength(1);
    expect(stderr).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
  });

  it('should leave printing to bench/run.ts in every runner', () => {
    expect(RUNNERS).toEqual(expect.arrayContaining(['vs-libsvm.bench.ts', 'live-load.bench.ts', 'simulate.bench.ts']));
    for (const file of RUNNERS) {
      // Comments, then template strings, are left out: a runner may hold a child process's script, which prints.
      const source = readFileSync(new URL(`../bench/${file}`, import.meta.url), 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/`[^`]*`/g, '``');
      expect(source, file).not.toMatch(/process\.std(out|err)\.write\(|console\.(log|error|warn|info)\(/);
    }
  });
});
