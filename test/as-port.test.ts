/**
 * The AssemblyScript port (as-port/): checked through the conformance kit's CLI exactly as a
 * porter would run it, each planted mutant caught with a counterexample, and its kernels
 * compared with the spec on point sets larger than the kit's random cases (≤ 30 points).
 */

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPort } from '../as-port/port.mjs';
import { hypervolume, hypervolumeContributions, paretoRanks, type PointMatrix } from '../spec/index.js';
import { Random } from '../src/random.js';
import { runCliCaptured as cli } from './support/run-cli.js';
import { TEST_SEED } from './support/seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVE = join(ROOT, 'as-port/serve.mjs');
const PORT_FUNCTIONS = 'dominance,ranks,hypervolume,contributions,allocation,carbon,schedule';

describe('the AssemblyScript port under `ce-nas conformance run`', () => {
  it('should pass every function it implements', async () => {
    const result = await cli(['conformance', 'run', '--impl', `node ${SERVE}`, '--only', PORT_FUNCTIONS, '--cases', '100', '--seed', String(TEST_SEED)]);
    expect(result.stdout).toMatch(
      /all 7 functions the implementation answers pass: dominance, ranks, hypervolume, contributions, allocation, carbon, schedule\n$/,
    );
    expect(result.code).toBe(0);
  });

  it.each([
    ['tie-rule', 'dominance', 'result.pareto: expected false, got true'],
    ['rounding', 'allocation', 'result.samplingGpus: expected 3, got 2'],
    ['trace-boundary', 'carbon', 'result.carbonKg: expected 0.15, got 0.1'],
    ['duplicates', 'ranks', 'result[1]: expected 0, got 1'],
    ['resume-overhead', 'schedule', 'result.intervals[5][3]: expected 7120, got 7000'],
    ['idle-charging', 'schedule', 'result.energyKwh: expected 0.109375, got 0.25'],
  ])('should catch the %s mutant in %s, and only there, with a counterexample', async (mutant, caughtIn, message) => {
    const result = await cli(['conformance', 'run', '--impl', `node ${SERVE} --mutant ${mutant}`, '--only', PORT_FUNCTIONS, '--cases', '50']);
    expect(result.code).toBe(1);
    const failures = result.stdout.split('\n').filter((line) => line.startsWith('FAIL'));
    expect(failures).toEqual([`FAIL  ${caughtIn}: wrong answer: ${message}`]);
    expect(result.stdout).toMatch(/first counterexample \(fixed vector\): \{/);
    expect(result.stdout).toContain(`1 of 7 functions the implementation answers fail: ${caughtIn}`);
  });

  it('should catch the slicing mutant, which no fixed vector reaches, with a random case shrunk to one 4-D point', async () => {
    const result = await cli(['conformance', 'run', '--impl', `node ${SERVE} --mutant slicing`, '--only', PORT_FUNCTIONS, '--cases', '50']);
    expect(result.code).toBe(1);
    const failures = result.stdout.split('\n').filter((line) => line.startsWith('FAIL'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^FAIL {2}hypervolume: wrong answer: result: expected [1-9]\d*, got 0$/);
    expect(failures[1]).toMatch(/^FAIL {2}contributions: wrong answer: result\[0\]: expected [1-9]\d*, got 0$/);
    const shrunk = [...result.stdout.matchAll(/first counterexample \(random case, shrunk\): (.*)/g)].map((match) => JSON.parse(match[1]!));
    expect(shrunk.map((args) => [args.points.length, args.dim])).toEqual([
      [1, 4],
      [1, 4],
    ]);
  });

  it('should select a mutant by CE_NAS_AS_MUTANT as well', () => {
    const request = `${JSON.stringify({ id: 1, fn: 'allocation', args: { currentGPerKwh: 131.25, minGPerKwh: 100, maxGPerKwh: 200, totalGpus: 8 } })}\n`;
    const run = (mutant: string | undefined) =>
      spawnSync('node', [SERVE], { input: request, encoding: 'utf8', env: { ...process.env, CE_NAS_AS_MUTANT: mutant ?? '' } });
    expect(JSON.parse(run(undefined).stdout)).toEqual({ id: 1, result: { samplingShare: 0.3125, samplingGpus: 3, evaluationGpus: 5 } });
    expect(JSON.parse(run('rounding').stdout).result.samplingGpus).toBe(2);
  });

  it('should answer a function it does not implement "not implemented", and refuse an unknown mutant', () => {
    const reply = spawnSync('node', [SERVE], { input: '{"id":4,"fn":"labels","args":{}}\n', encoding: 'utf8' });
    expect(JSON.parse(reply.stdout)).toEqual({ id: 4, notImplemented: true });
    const refused = spawnSync('node', [SERVE, '--mutant', 'typo'], { input: '', encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      "as-port/serve.mjs: --mutant: unknown mutant 'typo' (known: tie-rule, rounding, trace-boundary, duplicates, slicing, resume-overhead, idle-charging)\n",
    );
  });
});

/** Seeded points: `grid` values 0..4 (ties, duplicates), `uniform` in [0, 1), `front` on the unit sphere. */
function points(shape: 'grid' | 'uniform' | 'front', n: number, dim: number, random: Random): PointMatrix {
  const values = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: dim }, () => (shape === 'grid' ? random.int(5) : random.float()));
    const norm = shape === 'front' ? Math.hypot(...row) : 1;
    row.forEach((value, j) => (values[i * dim + j] = value / norm));
  }
  return { values, n, dim };
}

describe('the AssemblyScript port against the spec on larger inputs', () => {
  const port = loadPort();
  const random = new Random(TEST_SEED);
  const shapes = ['grid', 'uniform', 'front'] as const;

  it.each(
    shapes.flatMap(
      (shape) =>
        [
          [shape, 2, 1500],
          [shape, 3, 800],
          [shape, 4, 300],
        ] as const,
    ),
  )('should rank %s points in %i-D (n = %i) as the spec does', (shape, dim, n) => {
    const set = points(shape, n, dim, random);
    const maximise = Array.from({ length: dim }, (_, j) => j === 0);
    expect(Array.from(port.paretoRanks(set))).toEqual(Array.from(paretoRanks(set)));
    expect(Array.from(port.paretoRanks(set, { maximise }))).toEqual(Array.from(paretoRanks(set, { maximise })));
  });

  it.each(
    shapes.flatMap(
      (shape) =>
        [
          [shape, 2, 3000],
          [shape, 3, 300],
          [shape, 4, 60],
        ] as const,
    ),
  )('should measure the hypervolume of %s points in %i-D (n = %i) as the spec does', (shape, dim, n) => {
    const set = points(shape, n, dim, random);
    const reference = new Array<number>(dim).fill(shape === 'grid' ? 4 : 1.1); // grid points on the reference add nothing
    const expected = hypervolume(set, reference);
    expect(Math.abs(port.hypervolume(set, reference) - expected)).toBeLessThanOrEqual(Math.sqrt(Number.EPSILON) * Math.max(1, expected));
  });

  it.each([
    [2, 60],
    [3, 40],
  ] as const)('should give each point’s contribution in %i-D (n = %i) as the spec does', (dim, n) => {
    const set = points('front', n, dim, random);
    const reference = new Array<number>(dim).fill(1.1);
    const expected = Array.from(hypervolumeContributions(set, reference));
    const actual = Array.from(port.hypervolumeContributions(set, reference));
    const scale =
      Math.sqrt(Number.EPSILON) *
      Math.max(
        1,
        expected.reduce((sum, value) => sum + Math.abs(value), 0),
      );
    actual.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(scale));
  });
});
