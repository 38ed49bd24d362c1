/**
 * Fault injection, configurations: a sweep whose grid cannot run is refused before its first
 * run and leaves nothing behind (so the corrected config is accepted), the README's example
 * is runnable, and cluster shard variables are checked together.
 */

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRuns } from '../src/sweep/check-runs.js';
import { planSweep, resolveShard } from '../src/sweep/grid.js';
import { runCliCaptured as cli } from './support/run-cli.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const SMALL = { base: { hours: 6, gpus: 3, lamoo: { kernel: 'rbf' } }, grid: { policy: ['cenas', 'vanilla'], start: ['2021-03-01T00:00:00Z'] } };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ce-nas-faults-'));
}

function writeConfig(dir: string, config: unknown): string {
  const path = join(dir, `sweep-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** The sweep example of the README, as written there. */
function readmeSweepExample(): unknown {
  const text = readFileSync(README, 'utf8');
  const block = /## Sweeps[\s\S]*?```json\n([\s\S]*?)```/.exec(text);
  return JSON.parse(block![1]!);
}

describe('sweep configs that cannot run', () => {
  it.each([
    ['an unknown policy', { ...SMALL, grid: { ...SMALL.grid, policy: ['cenas', 'greedy'] } }, /run \{"policy":"greedy".*unknown policy 'greedy'/],
    [
      'a start outside the trace',
      { ...SMALL, grid: { ...SMALL.grid, start: ['2021-03-01T00:00:00Z', '2020-06-01T00:00:00Z'] } },
      /run \{"policy":"cenas","start":"2020-06-01T00:00:00Z"\}\): start\/hours: the search .* must lie within the trace US-CAL-CISO:2021/,
    ],
    ['a fixed share out of range', { ...SMALL, grid: { ...SMALL.grid, policy: ['fixed:2'] } }, /fixed policy: λs must lie in \[0, 1\], got 2/],
  ])('should refuse %s before the first run, leave no folder, and accept the corrected config', async (_, config, message) => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const result = await cli(['sweep', '--config', writeConfig(dir, config), '--out', out, '--workers', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false); // no sweep.json, no empty folder
    const corrected = await cli(['sweep', '--config', writeConfig(dir, SMALL), '--out', out, '--workers', '0']);
    expect(corrected.stderr).not.toMatch(/different sweep/);
    expect(corrected.code).toBe(0);
    expect(readFileSync(join(out, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('should run the README sweep example as written (its first shard) after checking every run', async () => {
    const config = readmeSweepExample();
    const plan = planSweep(config, 'README');
    expect(plan.runs.length).toBeGreaterThan(100);
    expect(() => checkRuns(plan, 'README')).not.toThrow();
    const dir = tempDir();
    const result = await cli([
      'sweep',
      '--config',
      writeConfig(dir, config),
      '--out',
      join(dir, 'out'),
      '--workers',
      '0',
      '--shard',
      `1/${plan.runs.length / 2}`,
    ]);
    expect(result.stderr).not.toMatch(/ce-nas:/);
    expect(result.code).toBe(0);
    expect(
      readFileSync(join(dir, 'out', `runs-1-of-${plan.runs.length / 2}.jsonl`), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('should leave no --out folder when simulate fails', async () => {
    const dir = tempDir();
    const out = join(dir, 'never');
    const result = await cli(['simulate', '--policy', 'greedy', '--hours', '2', '--out', out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('report on an empty or foreign results folder', () => {
  it.each([
    ['an empty sweep', { 'sweep.json': JSON.stringify(SMALL), 'runs.jsonl': '' }, /: the sweep has no recorded runs yet \(no lines in runs\.jsonl\)$/],
    ['a sweep without results files', { 'sweep.json': JSON.stringify(SMALL) }, /: the sweep has no recorded runs yet/],
    ['a foreign results line', { 'sweep.json': JSON.stringify(SMALL), 'runs.jsonl': '{}\n' }, /runs\.jsonl, line 1: not a ce-nas sweep results line/],
    [
      'a line without a summary',
      { 'sweep.json': JSON.stringify(SMALL), 'runs.jsonl': '{"id":"a","values":{"policy":"cenas"}}\n' },
      /runs\.jsonl, line 1: not a ce-nas sweep results line \(no number carbonKg\)/,
    ],
    ['a null sweep config', { 'sweep.json': 'null' }, /sweep\.json: not a ce-nas sweep config/],
    ['a summary without runs', { 'summary.json': '{"scenario":{},"runs":[]}' }, /summary\.json: the summary holds no runs/],
    ['a foreign summary', { 'summary.json': '{}' }, /summary\.json: not a ce-nas simulate summary/],
  ])('should name the problem of %s in one line, exit 2', async (_, files, message) => {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const result = await cli(['report', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr).not.toMatch(/Cannot read|undefined/);
    expect(existsSync(join(dir, 'report'))).toBe(false);
  });
});

describe('cluster shard variables, checked together', () => {
  it.each([
    [{ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '2' }, /SLURM_ARRAY_TASK_ID 5 is outside the array of 2 tasks from 0/],
    [{ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '1' }, /SLURM_ARRAY_TASK_ID 0 is outside the array of 2 tasks from 1/],
    [{ SLURM_ARRAY_TASK_ID: '3' }, /SLURM_ARRAY_TASK_ID is 3 but SLURM_ARRAY_TASK_COUNT is not set/],
    [{ SLURM_ARRAY_TASK_COUNT: '3' }, /SLURM_ARRAY_TASK_ID is not set/],
    [{ JOB_COMPLETION_INDEX: '4', CE_NAS_SHARDS: '4' }, /JOB_COMPLETION_INDEX 4 is outside 0…3/],
    [{ JOB_COMPLETION_INDEX: '-1', CE_NAS_SHARDS: '4' }, /JOB_COMPLETION_INDEX -1 is outside/],
    [{ JOB_COMPLETION_INDEX: '1' }, /set CE_NAS_SHARDS/],
    [{ CE_NAS_SHARDS: '4' }, /JOB_COMPLETION_INDEX is not set/],
  ])('should refuse %j', (env, message) => {
    expect(() => resolveShard(undefined, env)).toThrow(message);
  });

  it('should accept the first and last task of an array', () => {
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toEqual({ k: 2, n: 2 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '6' })).toEqual({ k: 2, n: 2 });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '3', CE_NAS_SHARDS: '4' })).toEqual({ k: 4, n: 4 });
  });
});
