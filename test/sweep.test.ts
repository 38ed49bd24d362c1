import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planSweep, resolveShard, shardOf } from '../src/sweep/grid.js';
import { mergeResults, readResults, runSweep } from '../src/sweep/run-sweep.js';
import { runCliCaptured as cli } from './support/run-cli.js';

const BIN = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
const SMALL = {
  base: { hours: 6, gpus: 3, lamoo: { kernel: 'rbf' } },
  grid: { policy: ['cenas', 'vanilla'], seed: [0, 1], start: { from: '2021-03-01T00:00:00Z', to: '2021-03-01T12:00:00Z', everyHours: 12 } },
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ce-nas-sweep-'));
}

describe('sweep grids', () => {
  it('should expand the Cartesian product with stable ids, the last key varying fastest', () => {
    const plan = planSweep(SMALL, 'test');
    expect(plan.runs).toHaveLength(8);
    expect(plan.keys).toEqual(['policy', 'seed', 'start']);
    expect(plan.runs[0]!.id).toBe('{"policy":"cenas","seed":0,"start":"2021-03-01T00:00:00Z"}');
    expect(plan.runs[1]!.values).toEqual({ policy: 'cenas', seed: 0, start: '2021-03-01T12:00:00Z' });
    expect(new Set(plan.runs.map((run) => run.id)).size).toBe(8);
    expect(plan.runs[5]!.scenario).toMatchObject({ seed: 0, start: '2021-03-01T12:00:00Z', hours: 6 });
  });

  it('should set nested settings from dotted grid keys', () => {
    const plan = planSweep({ grid: { policy: ['vanilla'], 'power.pue': [1, 1.5] } }, 'test');
    expect(plan.runs.map((run) => run.scenario.power.pue)).toEqual([1, 1.5]);
  });

  it.each([
    [{ grid: { seed: [0] } }, /grid\.policy: list the policies/],
    [{ grid: { policy: [] } }, /grid\.policy: Too small/],
    [{ grid: { policy: ['vanilla'], gpus: [0] } }, /gpus: Too small/],
    [{ grid: { policy: ['vanilla'], colour: ['red'] } }, /Unrecognized key: "colour"/],
    [{ grid: { policy: ['vanilla'], start: { from: '2021-03-02T00:00:00Z', to: '2021-03-01T00:00:00Z', everyHours: 1 } } }, /'to' .* is before 'from'/],
    [{ base: { policy: 'cenas' }, grid: { policy: ['vanilla'] } }, /base\.policy: policies go in grid\.policy/],
    [{ grid: { policy: ['vanilla'] }, extra: 1 }, /Unrecognized key: "extra"/],
  ])('should reject %j naming the problem', (config, message) => {
    expect(() => planSweep(config, 'sweep.json')).toThrow(message);
  });

  it('should give every run to exactly one shard', () => {
    const runs = Array.from({ length: 23 }, (_, k) => k);
    const shards = [1, 2, 3, 4].map((k) => shardOf(runs, k, 4));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(runs);
  });

  it('should take the shard from --shard, Slurm or a Kubernetes Indexed Job', () => {
    expect(resolveShard('2/5', {})).toEqual({ k: 2, n: 5 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })).toEqual({ k: 4, n: 4 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ k: 1, n: 4 });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '0', CE_NAS_SHARDS: '3' })).toEqual({ k: 1, n: 3 });
    expect(resolveShard(undefined, {})).toBeUndefined();
    expect(() => resolveShard('0/3', {})).toThrow(/--shard: expected K\/N with 1 ≤ K ≤ N/);
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '0' })).toThrow(/set CE_NAS_SHARDS/);
  });
});

describe('running sweeps', () => {
  it('should record every run once, and merged shards should equal the unsharded sweep', async () => {
    const plan = planSweep(SMALL, 'test');
    const whole = tempDir();
    await runSweep(plan, { outDir: whole, workers: 0, config: SMALL });
    const sharded = tempDir();
    for (const k of [1, 2, 3]) await runSweep(plan, { outDir: sharded, workers: 0, shard: { k, n: 3 }, config: SMALL });
    const merged = mergeResults(
      plan,
      [1, 2, 3].map((k) => join(sharded, `runs-${k}-of-3.jsonl`)),
    );
    expect(merged).toEqual(mergeResults(plan, [join(whole, 'runs.jsonl')]));
    expect(merged.map((line) => line.id)).toEqual(plan.runs.map((run) => run.id));
  });

  it('should resume: skip recorded runs and cut a torn last line', async () => {
    const plan = planSweep(SMALL, 'test');
    const dir = tempDir();
    await runSweep(plan, { outDir: dir, workers: 0, shard: { k: 1, n: 2 }, config: SMALL });
    const file = join(dir, 'runs-1-of-2.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n${lines[2]!.slice(0, 40)}`); // a crash mid-line
    const outcome = await runSweep(plan, { outDir: dir, workers: 0, shard: { k: 1, n: 2 }, config: SMALL });
    expect(outcome).toMatchObject({ skipped: 2, ran: 2, total: 4 });
    expect(
      readResults(file)
        .map((line) => line.id)
        .sort(),
    ).toEqual(lines.map((line) => JSON.parse(line).id).sort());
  });

  it('should refuse to resume into a folder of another sweep, and merge should catch duplicates', async () => {
    const plan = planSweep(SMALL, 'test');
    const dir = tempDir();
    await runSweep(plan, { outDir: dir, workers: 0, shard: { k: 1, n: 4 }, config: SMALL });
    await expect(runSweep(plan, { outDir: dir, workers: 0, config: { ...SMALL, base: {} } })).rejects.toThrow(/holds the results of a different sweep/);
    const file = join(dir, 'runs-1-of-4.jsonl');
    appendFileSync(file, readFileSync(file, 'utf8'));
    expect(() => mergeResults(plan, [file])).toThrow(/is recorded twice/);
  });

  it('should leave whole lines only when killed mid-sweep, and a rerun should finish with each run once', async () => {
    // Arrange: a sweep long enough to be killed in the middle, on worker threads.
    const dir = tempDir();
    const config = { ...SMALL, grid: { ...SMALL.grid, seed: [0, 1, 2, 3, 4, 5, 6, 7] } };
    const configFile = join(dir, 'sweep.json.in');
    writeFileSync(configFile, JSON.stringify(config));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [BIN, 'sweep', '--config', configFile, '--out', out, '--workers', '2']);
    // Act: kill it once a few runs are recorded.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        let count = 0;
        try {
          count = readFileSync(join(out, 'runs.jsonl'), 'utf8').split('\n').length - 1;
        } catch {
          /* not created yet */
        }
        if (count >= 4) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const partial = readFileSync(join(out, 'runs.jsonl'), 'utf8');
    expect(partial.endsWith('\n')).toBe(true);
    const rerun = spawnSync(process.execPath, [BIN, 'sweep', '--config', configFile, '--out', out, '--workers', '2'], { encoding: 'utf8' });
    // Assert
    expect(rerun.status).toBe(0);
    const ids = readResults(join(out, 'runs.jsonl')).map((line) => line.id);
    expect(ids).toHaveLength(32);
    expect(new Set(ids).size).toBe(32);
  });
});

describe('ce-nas sweep and merge', () => {
  it('should run, report and merge from the command line', async () => {
    const dir = tempDir();
    const config = join(dir, 'sweep.json.in');
    writeFileSync(config, JSON.stringify(SMALL));
    const out = join(dir, 'out');
    const result = await cli(['sweep', '--config', config, '--out', out, '--workers', '0']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sweep: 8 runs done, 0 already recorded, 8 in all, \d+ runs per minute; results in /);
    const merged = await cli(['merge', out, '--out', join(dir, 'merged.jsonl')]);
    expect(merged.code).toBe(0);
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(8);
  });

  it.each([
    [['--workers', 'many'], /--workers: expected an integer ≥ 0/],
    [['--shard', '4/3'], /--shard: expected K\/N/],
  ])('should reject %j with exit code 2', async (flags, message) => {
    const dir = tempDir();
    const config = join(dir, 'sweep.json.in');
    writeFileSync(config, JSON.stringify(SMALL));
    const result = await cli(['sweep', '--config', config, '--out', join(dir, 'out'), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
