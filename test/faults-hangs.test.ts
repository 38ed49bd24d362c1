/**
 * Fault injection, hangs: every case must end within its time limit plus 5 s. Each runs the
 * real CLI in a child process with a hard kill as a backstop, so that a regression fails the
 * test instead of freezing the suite.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hypervolumeWarning } from '../src/cli/hv-cost.js';
import { pointMatrix } from '../src/pareto.js';
import { Random } from '../src/random.js';
import { runCliCaptured as cli } from './support/run-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/ce-nas.js');
const HOSTILE = join(ROOT, 'test/fixtures/hostile');
const PYTHON_IMPL = join(ROOT, 'examples/python-impl/impl.py');
const GRACE_MS = 5000;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ce-nas-hangs-'));
}

/** Runs the CLI, killed after `limitMs` + 5 s at the latest; returns what it did and how long it took. */
function timed(
  args: string[],
  limitMs: number,
  cwd = ROOT,
): { status: number | null; signal: string | null; stdout: string; stderr: string; elapsedMs: number } {
  const startedMs = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: Math.ceil(limitMs + GRACE_MS), killSignal: 'SIGKILL' });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, elapsedMs: performance.now() - startedMs };
}

/** Whether `pid` is alive: a zombie (ended, not yet reaped by a container's init) is not. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
}

/** Points on a sphere's positive orthant: all non-dominated (the worst case of WFG). */
function front(n: number, dim: number): ReturnType<typeof pointMatrix> {
  const random = new Random(5);
  return pointMatrix(
    Array.from({ length: n }, () => {
      const row = Array.from({ length: dim }, () => random.float() + 1e-9);
      const norm = Math.hypot(...row);
      return row.map((value) => value / norm);
    }),
  );
}

describe('no hang: output folders', () => {
  it.each([['sweep', '--config', 'examples/sweep-1000.json'], ['simulate']])('%s --out /proc/x should exit 2 at once', (...command) => {
    const result = timed([...command, '--out', '/proc/x/y'], 0);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('ce-nas: --out /proc/x/y: cannot write in /proc (folders cannot be created there)\n');
  });
});

describe('no hang: plug-in policies', () => {
  it('should stop a policy that never returns after its time limit, with exit 2', () => {
    const args = ['simulate', '--hours', '3', '--kernel', 'rbf', '--policy-timeout', '1'];
    // What the same command takes with a policy that behaves: start-up and set-up, not the hang.
    const behaved = timed([...args, '--policy', join(HOSTILE, 'seeded.mjs'), '--out', join(tempDir(), 'out')], 60_000);
    expect(behaved.status).toBe(0);
    const result = timed([...args, '--policy', join(HOSTILE, 'loops.mjs'), '--out', join(tempDir(), 'out')], behaved.elapsedMs + 1000);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^ce-nas: policy loops: samplingShare threw at .*: it did not return within 1 s \(the time limit per call; set it with --policy-timeout\); it was stopped\n$/,
    );
    expect(result.elapsedMs - behaved.elapsedMs).toBeLessThan(1000 + GRACE_MS);
  });

  it('should stop a module that never finishes loading', () => {
    const result = timed(['simulate', '--policy', join(HOSTILE, 'loops-on-load.mjs'), '--policy-timeout', '1', '--out', join(tempDir(), 'out')], 1000);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/policy module .*loops-on-load\.mjs: cannot load \(it did not finish loading within 1 s\)/);
    expect(result.elapsedMs).toBeLessThan(1000 + GRACE_MS);
  });

  it('should not let a policy end the process: process.exit(0) is reported, exit 2', () => {
    const out = join(tempDir(), 'out');
    const result = timed(['simulate', '--policy', `vanilla,${join(HOSTILE, 'exits.mjs')}`, '--hours', '3', '--kernel', 'rbf', '--out', out], 10_000);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/policy exits: samplingShare threw at .*: it called process\.exit\(0\); a policy may only return a number/);
    expect(existsSync(out)).toBe(false);
  });

  it('should give byte-identical results for a well-behaved module and the built-in policy it copies', async () => {
    const dir = tempDir();
    const args = ['simulate', '--hours', '12', '--kernel', 'rbf', '--seed', '0', '--json'];
    const builtin = await cli([...args, '--policy', 'random', '--out', join(dir, 'builtin')]);
    const module = await cli([...args, '--policy', join(HOSTILE, 'seeded.mjs'), '--out', join(dir, 'module')]);
    expect(builtin.code).toBe(0);
    expect(module.code).toBe(0);
    expect(module.stdout).toBe(builtin.stdout);
    for (const file of readdirSync(join(dir, 'builtin'))) {
      expect(readFileSync(join(dir, 'module', file), 'utf8')).toBe(readFileSync(join(dir, 'builtin', file), 'utf8'));
    }
  });
});

describe('no hang: conformance implementations that leave processes behind', () => {
  it('should end the whole process group on timeout: a grandchild holding the pipes does not keep the runner alive', () => {
    const pidFile = join(tempDir(), 'sleep.pid');
    const command = `sleep 1000 & echo $! > ${pidFile}; exec cat > /dev/null`;
    const result = timed(['conformance', 'run', '--impl', command, '--only', 'dominance', '--timeout-ms', '1000', '--startup-ms', '0'], 1000);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/no reply to dominance within 1000 ms/);
    expect(result.elapsedMs).toBeLessThan(1000 + GRACE_MS);
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('should end the group when a passing implementation leaves a child running', () => {
    const pidFile = join(tempDir(), 'sleep.pid');
    const command = `sleep 1000 & echo $! > ${pidFile}; exec python3 ${PYTHON_IMPL}`;
    const result = timed(['conformance', 'run', '--impl', command, '--only', 'dominance', '--cases', '5'], 20_000);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});

describe('no silent hang: intractable hypervolumes', () => {
  it('should estimate 2,000 ten-dimensional front points at days, and stay quiet where the core is fast', () => {
    expect(hypervolumeWarning(front(2000, 10), new Array(10).fill(false))).toMatch(
      /warning: the exact hypervolume of 2000 non-dominated points in 10 dimensions may take about \d+ days/,
    );
    expect(hypervolumeWarning(front(100, 5), new Array(5).fill(false))).toBeUndefined();
    expect(hypervolumeWarning(front(15_625, 3), [false, false, false])).toBeUndefined();
  });

  it('should print the warning before computing (ce-nas hv)', async () => {
    const points = front(20, 4);
    const text = Array.from({ length: points.n }, (_, k) => Array.from(points.values.slice(k * 4, k * 4 + 4)).join(' ')).join('\n');
    process.env.CE_NAS_HV_WARN_S = '0';
    try {
      const result = await cli(['hv', '--ref', '2,2,2,2'], text);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^ce-nas: warning: the exact hypervolume of 20 non-dominated points in 4 dimensions may take about 0 s/);
      expect(Number(result.stdout)).toBeGreaterThan(0);
    } finally {
      delete process.env.CE_NAS_HV_WARN_S;
    }
  });

  it('should show the time elapsed on a terminal while a slow hypervolume runs', (context) => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) return context.skip('needs script(1) from util-linux for a pseudo-terminal');
    const dir = tempDir();
    const points = front(70, 10);
    writeFileSync(
      join(dir, 'points.txt'),
      Array.from({ length: points.n }, (_, k) => Array.from(points.values.slice(k * 10, k * 10 + 10)).join(' ')).join('\n'),
    );
    const command = `CE_NAS_HV_WARN_S=0 ${process.execPath} ${BIN} hv --ref ${new Array(10).fill(2).join(',')} ${join(dir, 'points.txt')}`;
    const startedMs = performance.now();
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('warning: the exact hypervolume of 70 non-dominated points in 10 dimensions');
    if (performance.now() - startedMs > 2000) expect(result.stdout).toMatch(/hypervolume: \d+ s elapsed of about/);
    expect(result.stdout).toMatch(/\[K\d+\.\d+\r?\n?$/); // the line cleared, then the value
  });
});
