/**
 * Fault injection, one writer per results file: two sweeps started at once into one folder
 * (one is refused, naming the other; one line per run), a stale lock from a dead process
 * taken over, a live lock on another host respected, and results recorded twice refused by
 * report and merge.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as cli } from './support/run-cli.js';

const BIN = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
const SMALL = {
  base: { hours: 6, gpus: 3, lamoo: { kernel: 'rbf' } },
  grid: { policy: ['cenas', 'vanilla'], seed: [0, 1], start: { from: '2021-03-01T00:00:00Z', to: '2021-03-01T12:00:00Z', everyHours: 12 } },
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ce-nas-locks-'));
}

function configFile(dir: string): string {
  const path = join(dir, 'sweep.json');
  writeFileSync(path, JSON.stringify(SMALL));
  return path;
}

function run(args: string[]): Promise<{ pid: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ pid: child.pid!, code, stderr }));
  });
}

/** The PID of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('one writer per results file', () => {
  it('should refuse the second of two sweeps started at once, naming the first, and record each run once', async () => {
    const dir = tempDir();
    const config = configFile(dir);
    const out = join(dir, 'out');
    const args = ['sweep', '--config', config, '--out', out, '--workers', '1'];
    const [first, second] = await Promise.all([run(args), run(args)]);
    const refused = [first, second].filter((result) => result.code === 2);
    const succeeded = [first, second].filter((result) => result.code === 0);
    expect(refused).toHaveLength(1);
    expect(succeeded).toHaveLength(1);
    expect(refused[0]!.stderr).toMatch(new RegExp(`another ce-nas \\(PID ${succeeded[0]!.pid}, sweep, since .*\\) is writing these results`));
    expect(refused[0]!.stderr.trim().split('\n')).toHaveLength(1);
    const recorded = lines(join(out, 'runs.jsonl')).map((line) => JSON.parse(line).id as string);
    expect(recorded).toHaveLength(8);
    expect(new Set(recorded).size).toBe(8);
    expect(existsSync(join(out, 'runs.jsonl.lock'))).toBe(false); // released at the end
  });

  it('should take over a stale lock of a dead process on this host, with a message', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const pid = deadPid();
    writeFileSync(join(out, 'runs.jsonl.lock'), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00Z', command: 'sweep' }));
    const result = await cli(['sweep', '--config', configFile(dir), '--out', out, '--workers', '0']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`took over the lock of PID ${pid} (since 2026-01-01T00:00:00Z), which is no longer running`);
    expect(lines(join(out, 'runs.jsonl'))).toHaveLength(8);
    expect(existsSync(join(out, 'runs.jsonl.lock'))).toBe(false);
  });

  it('should respect a live lock, here or on another host, and say how to clear one', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const lockFile = join(out, 'runs.jsonl.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: deadPid(), host: 'elsewhere', since: '2026-01-01T00:00:00Z', command: 'sweep' }));
    const remote = await cli(['sweep', '--config', configFile(dir), '--out', out, '--workers', '0']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/on host elsewhere, sweep, since 2026-01-01T00:00:00Z\) is writing these results; .*delete .*runs\.jsonl\.lock/);
    expect(existsSync(join(out, 'runs.jsonl'))).toBe(false);

    mkdirSync(join(dir, 'sim'));
    writeFileSync(join(dir, 'sim', '.ce-nas.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: 'now', command: 'simulate' }));
    const local = await cli(['simulate', '--policy', 'vanilla', '--hours', '2', '--kernel', 'rbf', '--out', join(dir, 'sim')]);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain(`another ce-nas (PID ${process.pid}, simulate, since now) is writing these results`);
  });

  it('should make report and merge refuse results with a run recorded twice', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect((await cli(['sweep', '--config', configFile(dir), '--out', out, '--workers', '0'])).code).toBe(0);
    const file = join(out, 'runs.jsonl');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text + text.split('\n')[0] + '\n');
    const report = await cli(['report', out]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/1 runs are recorded more than once .*were two sweeps writing at once/);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    const merge = await cli(['merge', out, '--out', join(dir, 'merged.jsonl')]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/is recorded twice/);
  });
});
