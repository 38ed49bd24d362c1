/**
 * Fault injection, full and read-only disks, on size-limited tmpfs mounts (this needs root,
 * as CI has; elsewhere the tests are skipped with the reason). A full disk: exit 1 with one
 * line and no stack trace, no `.partial` file, no torn line, what was complete kept, and the
 * same command completes once there is space. A read-only folder: refused before any work.
 */

import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { runCliCaptured as cli } from './support/run-cli.js';

const SWEEP = {
  base: { hours: 6, gpus: 3, lamoo: { kernel: 'rbf' } },
  grid: { policy: ['cenas', 'vanilla', 'random'], seed: [0, 1, 2], start: { from: '2021-03-01T00:00:00Z', to: '2021-03-02T00:00:00Z', everyHours: 12 } },
};
const mounts: string[] = [];

/** A fresh tmpfs of `options` (e.g. size=16k), or the reason it cannot be mounted here. */
function mountTmpfs(options: string): { dir?: string; reason?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-disk-'));
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status !== 0) return { reason: `cannot mount a tmpfs here (${(result.stderr || String(result.error)).trim()}); run as root to test full disks` };
  mounts.push(dir);
  return { dir };
}

function remount(dir: string, options: string): void {
  const result = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`remount ${dir}: ${result.stderr}`);
}

afterAll(() => {
  for (const dir of mounts) spawnSync('umount', [dir]);
});

function mounted(context: TestContext, options: string): string | undefined {
  const { dir, reason } = mountTmpfs(options);
  if (dir === undefined && process.env.CE_NAS_REQUIRE_TMPFS === '1') throw new Error(`CE_NAS_REQUIRE_TMPFS=1: ${reason}`);
  if (dir === undefined) context.skip(reason);
  return dir;
}

/** Every file below `dir`. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name));
}

/** The error lines of a command: exactly one `ce-nas:` line and nothing like a stack trace. */
function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const errors = stderr.split('\n').filter((line) => line.startsWith('ce-nas:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(errors[0]).not.toMatch(/unexpected failure/);
  expect(stderr).not.toMatch(/^\s+at /m);
}

function wholeLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').filter(Boolean);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  return lines;
}

/** Fills the file system holding `dir` with a filler file; returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 120);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
  return path;
}

describe('a full disk', () => {
  it('should stop a sweep with exit 1 and one line, keep whole lines only, and finish once space is freed', async (context) => {
    const disk = mounted(context, 'size=16k')!;
    const config = join(mkdtempSync(join(tmpdir(), 'ce-nas-disk-config-')), 'sweep.json');
    writeFileSync(config, JSON.stringify(SWEEP));
    const out = join(disk, 'sweep');
    const full = await cli(['sweep', '--config', config, '--out', out, '--workers', '2']);
    expect(full.code).toBe(1);
    expectOneErrorLine(
      full.stderr,
      /^ce-nas: .*runs\.jsonl: cannot write \(no space left on the device \(ENOSPC\)\); the \d+ runs recorded are kept, and the same command resumes once it can write$/,
    );
    const kept = wholeLines(join(out, 'runs.jsonl'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(27);
    expect(filesBelow(disk).filter((path) => /\.partial|\.lock/.test(path))).toEqual([]);

    remount(disk, 'size=1m');
    const resumed = await cli(['sweep', '--config', config, '--out', out, '--workers', '2']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${27 - kept.length} runs done, ${kept.length} already recorded, 27 in all`);
    const ids = wholeLines(join(out, 'runs.jsonl')).map((line) => JSON.parse(line).id as string);
    expect(ids).toHaveLength(27);
    expect(new Set(ids).size).toBe(27);
  });

  it('should leave no sweep.json and no folder when not even the first run fits', async (context) => {
    const disk = mounted(context, 'size=8k')!; // two pages: the lock and sweep.json take them
    const config = join(mkdtempSync(join(tmpdir(), 'ce-nas-disk-config-')), 'sweep.json');
    writeFileSync(config, JSON.stringify({ ...SWEEP, grid: { ...SWEEP.grid, seed: [0] } }));
    const full = await cli(['sweep', '--config', config, '--out', join(disk, 'sweep'), '--workers', '0']);
    expect(full.code).toBe(1);
    expectOneErrorLine(full.stderr, /ENOSPC/);
    expect(readdirSync(disk)).toEqual([]);
  });

  it('should print the simulation table, then exit 1 with one line and leave no partial results', async (context) => {
    const disk = mounted(context, 'size=20k')!; // vanilla's two files fit, random's do not
    const out = join(disk, 'sim');
    const full = await cli(['simulate', '--policy', 'vanilla,random', '--hours', '12', '--kernel', 'rbf', '--seed', '0', '--out', out]);
    expect(full.code).toBe(1);
    expect(full.stdout).toMatch(/policy\s+trainings[\s\S]*vanilla[\s\S]*random/);
    expectOneErrorLine(full.stderr, /^ce-nas: .*: cannot write \(no space left on the device \(ENOSPC\)\); no results were kept in .*sim$/);
    expect(readdirSync(disk)).toEqual([]); // no .partial, no half set of files, no empty folder

    remount(disk, 'size=1m');
    const again = await cli(['simulate', '--policy', 'vanilla,random', '--hours', '12', '--kernel', 'rbf', '--seed', '0', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(full.stdout);
    expect(readdirSync(out).sort()).toEqual(
      readdirSync(out)
        .filter((name) => /^(vanilla|random)\.(progress|epochs|intervals)\.csv$|^summary\.json$/.test(name))
        .sort(),
    );
    expect(readdirSync(out)).toContain('summary.json');
  });

  it('should keep nothing of a multi-seed simulation that did not fit, seed folders included', async (context) => {
    const disk = mounted(context, 'size=20k')!; // the first seed's files do not all fit
    const out = join(disk, 'sim');
    const argv = ['simulate', '--policy', 'vanilla,random', '--hours', '12', '--kernel', 'rbf', '--seeds', '0-1', '--out', out];
    const full = await cli(argv);
    expect(full.code).toBe(1);
    expect(full.stdout).toMatch(/policy\s+runs[\s\S]*vanilla[\s\S]*random/);
    expectOneErrorLine(full.stderr, /^ce-nas: .*: cannot write \(no space left on the device \(ENOSPC\)\); no results were kept in .*sim$/);
    expect(readdirSync(disk)).toEqual([]);

    remount(disk, 'size=1m');
    const again = await cli(argv);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(full.stdout);
    expect(readdirSync(out).sort()).toEqual(['seed-0', 'seed-1', 'summary.json']);
  });

  it('should stop a report with exit 1 and one line, leaving no .partial or empty file', async (context) => {
    const disk = mounted(context, 'size=1m')!;
    const out = join(disk, 'sim');
    expect((await cli(['simulate', '--policy', 'vanilla,random', '--hours', '6', '--kernel', 'rbf', '--seed', '0', '--out', out])).code).toBe(0);
    const filler = fill(disk);
    const full = await cli(['report', out]);
    expect(full.code).toBe(1);
    expectOneErrorLine(full.stderr, /cannot write \(no space left on the device \(ENOSPC\)\)/);
    const files = filesBelow(out).filter((path) => statSync(path).isFile());
    expect(files.filter((path) => path.endsWith('.partial'))).toEqual([]);
    expect(files.filter((path) => statSync(path).size === 0)).toEqual([]);

    unlinkSync(filler);
    const again = await cli(['report', out]);
    expect(again.code).toBe(0);
    expect(statSync(join(out, 'report.html')).size).toBeGreaterThan(1000);
  });
});

describe('a read-only folder', () => {
  it('should be refused before any work, as --out or as a new folder on it', async (context) => {
    const disk = mounted(context, 'size=64k')!;
    mkdirSync(join(disk, 'existing'));
    remount(disk, 'ro');
    for (const out of [join(disk, 'existing'), join(disk, 'new', 'deeper')]) {
      const simulate = await cli(['simulate', '--hours', '2', '--out', out]);
      expect(simulate.code).toBe(2);
      expect(simulate.stderr).toMatch(/^ce-nas: --out .*: cannot write in .* \(read-only file system \(EROFS\)\)\n$/); // nothing simulated: no "ran" lines
      const config = join(mkdtempSync(join(tmpdir(), 'ce-nas-disk-config-')), 'sweep.json');
      writeFileSync(config, JSON.stringify(SWEEP));
      const sweep = await cli(['sweep', '--config', config, '--out', out, '--workers', '0']);
      expect(sweep.code).toBe(2);
      expect(sweep.stderr).toMatch(/^ce-nas: --out .*: cannot write in .* \(read-only file system \(EROFS\)\)\n$/);
    }
  });
});
