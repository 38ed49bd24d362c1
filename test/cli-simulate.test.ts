import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './support/run-cli.js';

const HALF_POLICY = fileURLToPath(new URL('./fixtures/policies/half.mjs', import.meta.url));
const BROKEN_POLICY = fileURLToPath(new URL('./fixtures/policies/broken.mjs', import.meta.url));
// Short runs with the fast classifier keep these tests quick; the defaults are exercised by the bin test.
const SHORT = ['--hours', '6', '--gpus', '4', '--kernel', 'rbf'];
/** One seed: the single-run table. */
const QUICK = [...SHORT, '--seed', '0'];

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'ce-nas-sim-')), 'out');
}

describe('ce-nas simulate', () => {
  it('should run CE-NAS and every baseline, print the table and write the summary and timelines', async () => {
    // Arrange
    const out = freshDir();
    // Act
    const result = await run(['simulate', ...QUICK, '--out', out]);
    // Assert
    expect(result.code).toBe(0);
    for (const policy of ['cenas(reference)', 'vanilla', 'oneshot', 'random', 'fixed(matched)']) expect(result.stdout).toContain(policy);
    expect(result.stdout).toMatch(/policy\s+trainings\s+energy kWh\s+carbon kg\s+less carbon\s+final HV\s+HV gap/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.scenario).toMatchObject({ gpus: 4, hours: 6, trace: 'US-CAL-CISO:2021-2022', seed: 0 });
    expect(summary.runs).toHaveLength(5);
    for (const run of summary.runs) {
      for (const key of [
        'policy',
        'carbonKg',
        'energyKwh',
        'trainings',
        'finalHv',
        'finalHvNormalized',
        'carbonRatioVsVanilla',
        'hvGapVsVanilla',
        'carbonKgToTargetHv',
      ]) {
        expect(run).toHaveProperty(key);
      }
    }
    expect(summary.runs.find((r: { policy: string }) => r.policy === 'vanilla').carbonRatioVsVanilla).toBe(1);
    expect(readdirSync(out).sort()).toEqual(
      ['cenas-reference', 'fixed-matched', 'oneshot', 'random', 'vanilla']
        .flatMap((slug) => [`${slug}.epochs.csv`, `${slug}.intervals.csv`, `${slug}.progress.csv`])
        .concat('summary.json')
        .sort(),
    );
    const progress = readFileSync(join(out, 'vanilla.progress.csv'), 'utf8').split('\n');
    expect(progress[0]).toBe('time,hours,architecture,trainings,hv,hvNormalized,energyKwh,carbonKg');
    const epochs = readFileSync(join(out, 'cenas-reference.epochs.csv'), 'utf8').split('\n');
    expect(epochs[0]).toBe('time,hours,intensityGPerKwh,samplingShare,samplingGpus,evaluationGpus,trainedSoFar,paused,queued,regionSize,energyKwh,carbonKg');
    const intervals = readFileSync(join(out, 'cenas-reference.intervals.csv'), 'utf8').split('\n');
    expect(intervals[0]).toBe('gpu,activity,start_s,end_s,architecture');
  });

  it('should write byte-identical files for the same scenario, whichever backend', async () => {
    const [a, b] = [freshDir(), freshDir()];
    const argv = ['simulate', '--hours', '4', '--gpus', '3', '--policy', 'cenas,vanilla', '--seed', '5'];
    expect((await run([...argv, '--out', a])).code).toBe(0);
    expect((await run([...argv, '--out', b, '--backend', 'spec'])).code).toBe(0);
    for (const file of readdirSync(a)) expect(readFileSync(join(b, file), 'utf8')).toBe(readFileSync(join(a, file), 'utf8'));
  });

  it('should print summary.json with --json and take settings from a config, flags overriding it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-config-'));
    const config = join(dir, 'scenario.json');
    writeFileSync(
      config,
      JSON.stringify({
        gpus: 2,
        hours: 3,
        trace: 'DE:2020',
        start: '2020-03-01T00:00:00Z',
        power: { pue: 1.2 },
        policies: ['vanilla', 'cenas'],
        lamoo: { kernel: 'rbf' },
      }),
    );
    const result = await run([
      'simulate',
      '--config',
      config,
      '--hours',
      '4',
      '--set',
      'window={"kind":"trailing","hours":24}',
      '--json',
      '--seed',
      '0',
      '--out',
      join(dir, 'out'),
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.scenario).toMatchObject({ gpus: 2, hours: 4, trace: 'DE:2020', power: { pue: 1.2 }, window: { kind: 'trailing', hours: 24 } });
    expect(summary.runs.map((r: { policy: string }) => r.policy)).toEqual(['vanilla', 'cenas(trailing:24)']);
  });

  it('should run a policy plugged in from a module', async () => {
    const result = await run(['simulate', ...QUICK, '--policy', `vanilla,${HALF_POLICY}`, '--out', freshDir()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/half\s+\d+/);
  });

  it.each([
    [['--gpus', 'eight'], /--gpus: expected a number, got 'eight'/],
    [['--gpus', '0'], /flags: invalid scenario: gpus:/],
    [['--hours', '-3'], /flags: invalid scenario: hours:/],
    [['--start', 'yesterday'], /start: expected an ISO-8601 timestamp/],
    [['--start', '2022-12-31T20:00:00Z'], /must lie within the trace US-CAL-CISO:2021-2022/],
    [['--trace', 'MARS:2021'], /unknown built-in trace 'MARS:2021'/],
    [['--trace', '/no/such/trace.csv'], /\/no\/such\/trace.csv/],
    [['--policy', 'greedy'], /unknown policy 'greedy'/],
    [['--policy', 'fixed:2'], /fixed policy: λs must lie in \[0, 1\], got 2/],
    [['--policy', BROKEN_POLICY], /its default export must be/],
    [['--window', 'trailing'], /window: expected reference, remaining, search, trailing:HOURS, past-year or forecast:HOURS/],
    [['--accounting', 'exact'], /accounting:/],
    [['--objectives', 'c10_test_acc_200ep'], /objectives: 'c10_test_acc_200ep' must be column:max or column:min/],
    [['--set', 'power.busyWatts=250'], /power: Unrecognized key/],
    [['--set', 'nonsense'], /--set: expected key=value/],
    [['--backend', 'gpu'], /--backend: expected wasm or spec/],
  ])('should reject %j with exit code 2 and a message naming it', async (flags, message) => {
    const out = freshDir();
    const result = await run(['simulate', ...QUICK, ...flags, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('should reject a bad config file, naming the file and the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-config-'));
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ gpus: 8, sampling: { queueCapacity: 0 } }));
    const result = await run(['simulate', '--config', config, '--out', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--config ${config}: invalid scenario: sampling.queueCapacity:`);
    writeFileSync(config, '{ "gpus": 8,');
    expect((await run(['simulate', '--config', config])).stderr).toContain('not valid JSON');
  });

  it('should refuse a results folder that is not empty, leaving its files untouched', async () => {
    const out = freshDir();
    expect((await run(['simulate', ...QUICK, '--policy', 'vanilla', '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const again = await run(['simulate', ...QUICK, '--policy', 'cenas', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/the folder is not empty/);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
  });
});
