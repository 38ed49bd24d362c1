/**
 * The AssemblyScript port's `schedule` (as-port/assembly/schedule.ts) against the product's
 * runSchedule (src/sim/scripted.ts): hand-built cases for the rules a port is likeliest to get
 * wrong, seeded random cases (scripts/check-schedule-as.ts runs thousands), each planted
 * mutant caught, and the conformance protocol through as-port/serve.mjs.
 */

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPort } from '../as-port/port.mjs';
import { Random } from '../src/random.js';
import { runSchedule, type ScheduleCase } from '../src/sim/scripted.js';
import { randomScheduleCase, scheduleDisagreement } from './support/schedule-cases.js';
import { TEST_SEED } from './support/seed.js';

const SERVE = join(fileURLToPath(new URL('..', import.meta.url)), 'as-port/serve.mjs');

const architecture = (trainingS: number, samplingS: number, estimate: number[], objectives = estimate) => ({ trainingS, samplingS, estimate, objectives });

/** One GPU: trains 1 from 1000, paused at the epoch of 4600 (λs = 1), resumed at 8200 (λs = 0) after 100 s overhead. */
const resumeCase: ScheduleCase = {
  gpus: 1,
  startS: 0,
  endS: 20_000,
  epochS: 3600,
  initialSamples: 1,
  queueCapacity: 10,
  resumeOverheadS: 100,
  allocation: { rounding: 'nearest', minEvaluationGpus: 0 },
  power: { busyW: 300, idleW: 50, pue: 1 },
  trace: { timesS: [0], intensityGPerKwh: [100], endS: 20_000 },
  architectures: [architecture(1000, 10, [1, 3]), architecture(5000, 10, [2, 2]), architecture(1000, 100, [3, 1])],
  proposals: [0, 1, 2],
  samplingShares: [0, 1, 0],
  reference: [4, 4],
};

/** Three GPUs all sampling from 1000 (λs = 1); at 4600 (λs = 0) all three estimates are cancelled at once. */
const cancelCase: ScheduleCase = {
  ...resumeCase,
  gpus: 3,
  resumeOverheadS: 0,
  trace: { timesS: [0, 5000], intensityGPerKwh: [100, 200], endS: 20_000 },
  architectures: [
    architecture(1000, 10, [1, 3]),
    architecture(500, 4000, [2, 2]),
    architecture(600, 4000, [3, 1]),
    architecture(700, 4000, [0, 4]),
    architecture(800, 10, [4, 0]),
  ],
  proposals: [0, 1, 2, 3, 4],
  samplingShares: [1, 0],
  reference: [5, 5],
};

describe('the AssemblyScript port’s schedule against runSchedule', () => {
  const port = loadPort();

  it('should pause a training at an epoch and resume it later, paying the overhead', () => {
    const result = port.schedule(resumeCase);
    expect(scheduleDisagreement(runSchedule(resumeCase), result)).toBeUndefined();
    expect(result.intervals).toEqual([
      [0, 'training', 0, 1000, 0],
      [0, 'training', 1000, 4600, 1],
      [0, 'sampling', 4600, 4700, 2],
      [0, 'idle', 4700, 8200, -1],
      [0, 'training', 8200, 9700, 1], // 1400 s left + 100 s overhead
      [0, 'training', 9700, 10_700, 2],
      [0, 'idle', 10_700, 20_000, -1],
    ]);
  });

  it('should put cancelled estimates back at the front of the proposals one by one, the last cancelled first', () => {
    const result = port.schedule(cancelCase);
    expect(scheduleDisagreement(runSchedule(cancelCase), result)).toBeUndefined();
    // GPUs 0, 1, 2 give back 1, 2, 3 in that order: the proposals become 3, 2, 1, 4.
    expect(result.intervals.filter(([, activity, startS]) => activity === 'training' && startS === 4600).map(([gpu, , , , id]) => [gpu, id])).toEqual([
      [0, 3],
      [1, 2],
      [2, 1],
    ]);
  });

  it('should agree on 200 seeded random cases', () => {
    const random = new Random(TEST_SEED);
    for (let k = 0; k < 200; k++) {
      const input = randomScheduleCase(random);
      const reason = scheduleDisagreement(runSchedule(input), port.schedule(input));
      if (reason !== undefined) expect.fail(`case ${k}: ${reason}\n${JSON.stringify(input)}`);
    }
  });

  it('should reject a case it cannot run, naming what is wrong', () => {
    expect(() => port.schedule({ ...resumeCase, proposals: [0, 0, 1] })).toThrow(/proposals must be distinct/);
    expect(() => port.schedule({ ...resumeCase, trace: { ...resumeCase.trace, timesS: [100] } })).toThrow(/outside its domain/);
    expect(() => port.schedule({ ...resumeCase, initialSamples: 0 })).toThrow(/outside its domain/);
  });
});

describe('the schedule mutants', () => {
  it.each([
    ['resume-overhead', resumeCase, 'result.intervals[4][3]: expected 9700, got 9600'],
    ['idle-charging', resumeCase, 'result.energyKwh: expected 0.7777777777777778, got 1.6666666666666667'],
  ] as const)('should catch %s on a hand-built case and on random ones', (mutant, input, message) => {
    const port = loadPort({ mutant });
    expect(scheduleDisagreement(runSchedule(input), port.schedule(input))).toBe(message);
    const random = new Random(TEST_SEED);
    let caught = 0;
    for (let k = 0; k < 100; k++) {
      const randomCase = randomScheduleCase(random);
      if (scheduleDisagreement(runSchedule(randomCase), port.schedule(randomCase)) !== undefined) caught++;
    }
    expect(caught).toBeGreaterThan(0);
  });

  it('should leave the other functions alone', () => {
    const points = { values: [1, 2, 2, 1], n: 2, dim: 2 };
    for (const mutant of ['resume-overhead', 'idle-charging']) expect(loadPort({ mutant }).hypervolume(points, [3, 3])).toBe(3);
  });
});

describe('schedule through as-port/serve.mjs', () => {
  const request = `${JSON.stringify({ id: 7, fn: 'schedule', args: resumeCase })}\n`;
  const serve = (env: Record<string, string>, args: string[] = []) =>
    JSON.parse(spawnSync('node', [SERVE, ...args], { input: request, encoding: 'utf8', env: { ...process.env, ...env } }).stdout);

  it('should answer with runSchedule’s result', () => {
    const reply = serve({ CE_NAS_AS_MUTANT: '' });
    expect(reply.id).toBe(7);
    expect(scheduleDisagreement(runSchedule(resumeCase), reply.result)).toBeUndefined();
  });

  it('should plant a schedule mutant by --mutant or CE_NAS_AS_MUTANT', () => {
    expect(serve({}, ['--mutant', 'resume-overhead']).result.intervals[4]).toEqual([0, 'training', 8200, 9600, 1]);
    expect(serve({ CE_NAS_AS_MUTANT: 'idle-charging' }).result.energyKwh).toBeCloseTo(5 / 3, 12);
  });
});
